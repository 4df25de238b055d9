"""A Telegram Bot API served on 127.0.0.1, so the real bot runs with no token and no network.

PTB talks to it over real HTTP exactly as it would talk to api.telegram.org (the same request
path, uploads and long polling as in production): point ``TELEGRAM_API_BASE_URL`` at
``api.base_url``. ``northstar chat`` and ``northstar demo`` play people through it, and the
end-to-end tests build their fake on it (``tests/fakes/bot_api.py``). Updates are queued with
``send_text`` and ``tap``; what the bot did is read from the call log.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web
from telegram.ext import Application

from bot.handlers import ALLOWED_UPDATES

JSON = dict[str, Any]

BOT_ID = 7_000_000_001
LOCAL_TOKEN = f"{BOT_ID}:local-northstar-token"
"""A token of the shape Telegram issues (bot id, colon, secret); only the local API accepts it."""
LOCAL_USERNAME = "northstar_local_bot"

# PTB sends Telegram ``String`` parameters verbatim and JSON-encodes every other value, so these
# free-form ones must not be JSON-decoded (a message text of "42" has to stay a string).
_STRING_PARAMS = frozenset(
    {"text", "caption", "callback_query_id", "inline_message_id", "photo", "document", "url"}
)
_SEND_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")
_BOT_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")
_NOT_MODIFIED = "Bad Request: message is not modified"
_GIFT_TYPES = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)


@dataclass(frozen=True)
class LocalUser:
    """A Telegram user who talks to the bot through the local API."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str = "en"

    def to_dict(self) -> JSON:
        """Render the user as a Telegram ``User`` object."""
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username is not None:
            user["username"] = self.username
        user["language_code"] = self.language_code
        return user

    def private_chat(self) -> JSON:
        """Render the private chat between this user and the bot as a Telegram ``Chat``."""
        chat: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username is not None:
            chat["username"] = self.username
        return chat


@dataclass
class ApiCall:
    """One request the bot made, as the fake server understood it."""

    method: str
    params: JSON
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None
    error: str | None = None
    at: float = 0.0
    """When the request arrived, by the server's ``clock``."""


class ApiError(Exception):
    """A Telegram error reply (``ok: false``) with the HTTP status Telegram would use."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _error_response(status: int, description: str, parameters: JSON | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if parameters is not None:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def _decode(name: str, value: Any) -> Any:
    """Undo PTB's JSON encoding of a non-string form value (ints, bools, objects, arrays)."""
    if not isinstance(value, str) or name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _read_params(request: web.Request) -> tuple[JSON, dict[str, tuple[str, bytes]]]:
    """Collect query, form, multipart or JSON parameters, keeping uploaded files apart."""
    params: JSON = {name: _decode(name, value) for name, value in request.query.items()}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        params.update(await request.json())
        return params, files
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[name] = (value.filename, value.file.read())
        else:
            text = value.decode() if isinstance(value, bytes) else value
            params[name] = _decode(name, text)
    return params, files


def _utf16_len(text: str) -> int:
    """Telegram measures text lengths and entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[JSON]:
    """The ``bot_command`` entity Telegram attaches to a message starting with a command."""
    match = _COMMAND_RE.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": _utf16_len(match.group())}]


def _inline_markup(params: JSON) -> JSON | None:
    """Validate an inline keyboard like Telegram does; other keyboards are not echoed back."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _require_text(params: JSON, name: str, limit: int) -> str:
    text = params.get(name)
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, f"Bad Request: message {name} is empty")
    if _utf16_len(text) > limit:
        raise ApiError(400, f"Bad Request: message {name} is too long")
    return text


def _optional_text(params: JSON, name: str, limit: int) -> str:
    """A text Telegram accepts empty (to clear it) but not longer than ``limit``."""
    text = params.get(name, "")
    if not isinstance(text, str) or _utf16_len(text) > limit:
        raise ApiError(400, f"Bad Request: {name} is too long")
    return text


class LocalBotApi:
    """An in-process Telegram Bot API: serves PTB, queues updates, records every call."""

    def __init__(self, token: str = LOCAL_TOKEN, username: str = LOCAL_USERNAME) -> None:
        self.token = token
        self.bot_user: JSON = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Northstar",
            "username": username,
        }
        self.confirmed_offset = 0
        self._log: list[ApiCall] = []
        self._updates: list[JSON] = []
        self._allowed_updates: set[str] = set()
        self._messages: dict[tuple[int, int], JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._last_message_id: dict[int, int] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self.description = ""
        self.short_description = ""
        self._open_queries: set[str] = set()
        self._update_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._closing = False
        self.clock: Callable[[], float] = time.monotonic
        """Stamps each call's ``at``; a test of pacing swaps in its fake time."""
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, Callable[[ApiCall], Awaitable[Any]]] = {
            "getme": self._get_me,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "logout": self._true,
            "close": self._true,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmydescription": self._set_my_description,
            "setmyshortdescription": self._set_my_short_description,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "sendphoto": self._send_photo,
            "senddocument": self._send_document,
            "sendchataction": self._true,
            "leavechat": self._true,
            "getchat": self._get_chat,
        }

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1 so nothing can leak to the real Telegram."""
        self._closing = False
        app = web.Application(client_max_size=50 * 1024 * 1024)  # Telegram's upload limit
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()

    async def stop(self) -> None:
        """Release long polls first so shutdown never waits for a poll timeout."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Root URL of the server, e.g. ``http://127.0.0.1:41234``."""
        if self._runner is None:
            raise RuntimeError("the local Bot API is not started")
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}"

    # -- inspection ----------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Calls in arrival order; getUpdates polling is left out unless asked for by name."""
        return self._select(self._log, method)

    def mark(self) -> int:
        """A cursor for ``calls_since``: the current length of the call log."""
        return len(self._log)

    def calls_since(self, mark: int, method: str | None = None) -> list[ApiCall]:
        """What the bot did after ``mark()`` was taken (getUpdates left out as in ``calls``)."""
        return self._select(self._log[mark:], method)

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages the bot sent successfully, as they were returned at send time."""
        return [
            call.result
            for call in self._log
            if call.method.lower() in _SEND_METHODS
            and call.result is not None  # in flight or failed otherwise
            and (chat_id is None or call.result["chat"]["id"] == chat_id)
        ]

    def sent_since(self, mark: int) -> list[JSON]:
        """Messages the bot sent successfully after ``mark()`` was taken, to any chat."""
        return [
            call.result
            for call in self.calls_since(mark)
            if call.method.lower() in _SEND_METHODS and call.result is not None
        ]

    async def settle(self, app: Application, update_id: int) -> None:  # type: ignore[type-arg]
        """Wait until ``app`` has taken ``update_id`` and handled everything it holds."""
        await self.wait_confirmed(update_id)
        await app.update_queue.join()

    def last_message(self, chat_id: int) -> JSON:
        """The newest message the bot sent to ``chat_id``; fails the test if there is none."""
        sent = self.sent_messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot has sent no message to chat {chat_id}")
        return sent[-1]

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """The message as the user sees it now (edits applied), or None once deleted."""
        return copy.deepcopy(self._messages.get((chat_id, message_id)))

    async def wait_confirmed(self, update_id: int, timeout: float = 10) -> None:  # noqa: ASYNC109
        """Wait until PTB confirmed ``update_id``, i.e. it sits in the application's queue."""
        if not await self._wait_for(lambda: self.confirmed_offset > update_id, timeout):
            pending = [update["update_id"] for update in self._updates]
            raise AssertionError(
                f"update {update_id} was not confirmed within {timeout}s "
                f"(confirmed offset {self.confirmed_offset}, pending updates {pending})"
            )

    async def wait_for_call(self, method: str, since: int = 0, timeout: float = 10) -> ApiCall:  # noqa: ASYNC109
        """Wait for the first finished call to ``method`` after the ``since`` mark."""

        def finished() -> list[ApiCall]:
            found = self.calls_since(since, method)
            return [call for call in found if call.result is not None or call.error is not None]

        if not await self._wait_for(lambda: bool(finished()), timeout):
            seen = [call.method for call in self.calls_since(since)]
            raise AssertionError(f"no {method} call within {timeout}s; calls since mark: {seen}")
        return finished()[0]

    # -- update builders -----------------------------------------------------------------------

    def send_text(self, user: LocalUser, text: str) -> int:
        """Queue a private text message from ``user``; returns its update_id."""
        return self._enqueue_message(user, user.private_chat(), text=text)

    def tap(self, user: LocalUser, message: JSON, callback_data: str) -> int:
        """Queue a callback query as if ``user`` pressed a button carrying ``callback_data``."""
        current = self._current(message)
        query_id = f"cbq{next(self._ids)}"
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": current,
            "chat_instance": f"ci{current['chat']['id']}",
            "data": callback_data,
        }
        return self._enqueue(callback_query=query)

    def tap_button(self, user: LocalUser, message: JSON, text: str) -> int:
        """Press the inline button labelled ``text`` on the message as it is shown right now."""
        current = self._current(message)
        rows = current.get("reply_markup", {}).get("inline_keyboard", [])
        buttons = [button for row in rows for button in row]
        for button in buttons:
            if button["text"] == text and "callback_data" in button:
                return self.tap(user, current, button["callback_data"])
        labels = [button["text"] for button in buttons]
        raise AssertionError(f"no callback button {text!r} on the message; buttons: {labels}")

    @staticmethod
    def _select(calls: list[ApiCall], method: str | None) -> list[ApiCall]:
        if method is None:
            return [call for call in calls if call.method.lower() != "getupdates"]
        return [call for call in calls if call.method.lower() == method.lower()]

    def _notify(self) -> None:
        """Wake every waiter; each one re-checks its own condition."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_for(self, predicate: Callable[[], bool], seconds: float) -> bool:
        try:
            async with asyncio.timeout(seconds):
                while not predicate():
                    await self._changed.wait()
        except TimeoutError:
            return False
        return True

    def _enqueue(self, **payload: Any) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **copy.deepcopy(payload)})
        self._notify()
        return update_id

    def _enqueue_message(self, user: LocalUser, chat: JSON, **content: Any) -> int:
        message = self._new_message(chat, user.to_dict(), **content)
        if "text" in content and (entities := _command_entities(content["text"])):
            message["entities"] = entities
        return self._enqueue(message=message)

    def _new_message(self, chat: JSON, sender: JSON, **content: Any) -> JSON:
        """Store a message with the next per-chat id, the way Telegram numbers them."""
        chat_id = chat["id"]
        self._chats.setdefault(chat_id, chat)
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        self._messages[chat_id, message_id] = message
        return copy.deepcopy(message)

    def _current(self, message: JSON) -> JSON:
        stored = self._messages.get((message["chat"]["id"], message["message_id"]), message)
        return copy.deepcopy(stored)

    def _file_stub(self, kind: str, size: int = 2048) -> JSON:
        n = next(self._ids)
        return {"file_id": f"{kind}-{n}", "file_unique_id": f"u{kind}{n}", "file_size": size}

    def _photo_sizes(self, size: int) -> list[JSON]:
        return [
            {**self._file_stub("photo", size), "width": 90, "height": 90},
            {**self._file_stub("photo", size), "width": 1280, "height": 960},
        ]

    def _stored(self, params: JSON, missing: str) -> JSON:
        key = (self._chat(params)["id"], int(params.get("message_id", 0)))
        stored = self._messages.get(key)
        if stored is None:
            raise ApiError(400, f"Bad Request: {missing}")
        return stored

    def _chat(self, params: JSON) -> JSON:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        return self._chats.get(chat_id, {"id": chat_id, "type": "private"})

    def _bot_message(self, params: JSON, **content: Any) -> JSON:
        if (markup := _inline_markup(params)) is not None:
            content["reply_markup"] = markup
        return self._new_message(self._chat(params), self.bot_user, **content)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(401, "Unauthorized")
        params, files = await _read_params(request)
        call = ApiCall(request.match_info["method"], params, files, at=self.clock())
        self._log.append(call)
        handler = self._methods.get(call.method.lower())
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            call.result = await handler(call)
        except ApiError as error:
            call.error = error.description
            return _error_response(error.status, error.description, error.parameters)
        finally:
            self._notify()
        return web.json_response({"ok": True, "result": copy.deepcopy(call.result)})

    # -- Bot API methods -----------------------------------------------------------------------

    async def _true(self, call: ApiCall) -> bool:
        return True

    async def _get_me(self, call: ApiCall) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _delete_webhook(self, call: ApiCall) -> bool:
        if call.params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    async def _get_webhook_info(self, call: ApiCall) -> JSON:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    @staticmethod
    def _commands_key(params: JSON) -> tuple[str, str]:
        scope = params.get("scope", {"type": "default"})
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    async def _set_my_commands(self, call: ApiCall) -> bool:
        commands = call.params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: parameter commands is required")
        for command in commands:
            if not _BOT_COMMAND_NAME_RE.fullmatch(command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self._commands[self._commands_key(call.params)] = commands
        return True

    async def _get_my_commands(self, call: ApiCall) -> list[JSON]:
        return self._commands.get(self._commands_key(call.params), [])

    async def _delete_my_commands(self, call: ApiCall) -> bool:
        self._commands.pop(self._commands_key(call.params), None)
        return True

    def menu(self, chat_id: int | None = None) -> list[str]:
        """The command names a chat sees, falling back to the default menu like Telegram."""
        default = self._commands.get(self._commands_key({}), [])
        scope = {"scope": {"type": "chat", "chat_id": chat_id}} if chat_id else {}
        return [c["command"] for c in self._commands.get(self._commands_key(scope), default)]

    async def _set_my_description(self, call: ApiCall) -> bool:
        self.description = _optional_text(call.params, "description", 512)
        return True

    async def _set_my_short_description(self, call: ApiCall) -> bool:
        self.short_description = _optional_text(call.params, "short_description", 120)
        return True

    async def _get_updates(self, call: ApiCall) -> list[JSON]:
        """Long polling: confirm by offset, then wait until something is pending or time out."""
        offset = call.params.get("offset", 0)
        if offset > self.confirmed_offset:
            self.confirmed_offset = offset
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if "allowed_updates" in call.params:  # an empty list means "all types" again
            self._allowed_updates = set(call.params["allowed_updates"])

        def deliverable() -> list[JSON]:
            if self._allowed_updates:  # Telegram drops update types the bot did not ask for
                self._updates = [u for u in self._updates if self._allowed_updates & u.keys()]
            return self._updates[: min(call.params.get("limit", 100), 100)]

        self._notify()  # the confirmation may be what wait_confirmed is waiting for
        await self._wait_for(
            lambda: bool(deliverable()) or self._closing, call.params.get("timeout", 0)
        )
        return [] if self._closing else copy.deepcopy(deliverable())

    async def _send_message(self, call: ApiCall) -> JSON:
        text = _require_text(call.params, "text", 4096)
        content: JSON = {"text": text}
        if "entities" in call.params:
            content["entities"] = call.params["entities"]
        return self._bot_message(call.params, **content)

    async def _edit_message_text(self, call: ApiCall) -> JSON:
        stored = self._stored(call.params, "message to edit not found")
        text = _require_text(call.params, "text", 4096)
        markup = _inline_markup(call.params)
        if stored.get("text") == text and stored.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        stored["text"] = text
        stored.pop("entities", None)
        if "entities" in call.params:
            stored["entities"] = call.params["entities"]
        return self._apply_edit(stored, markup)

    async def _edit_message_reply_markup(self, call: ApiCall) -> JSON:
        stored = self._stored(call.params, "message to edit not found")
        markup = _inline_markup(call.params)
        if stored.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        return self._apply_edit(stored, markup)

    @staticmethod
    def _apply_edit(stored: JSON, markup: JSON | None) -> JSON:
        """An edit without reply_markup removes the keyboard, as in real Telegram."""
        stored.pop("reply_markup", None)
        if markup is not None:
            stored["reply_markup"] = markup
        stored["edit_date"] = int(time.time())
        return copy.deepcopy(stored)

    async def _delete_message(self, call: ApiCall) -> bool:
        stored = self._stored(call.params, "message to delete not found")
        del self._messages[stored["chat"]["id"], stored["message_id"]]
        return True

    async def _answer_callback_query(self, call: ApiCall) -> bool:
        query_id = call.params.get("callback_query_id")
        if query_id not in self._open_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(query_id)
        return True

    async def _send_photo(self, call: ApiCall) -> JSON:
        content = self._media_content(call, "photo")
        size = len(call.files["photo"][1]) if "photo" in call.files else 2048
        return self._bot_message(call.params, photo=self._photo_sizes(size), **content)

    async def _send_document(self, call: ApiCall) -> JSON:
        content = self._media_content(call, "document")
        document = self._file_stub("document")
        if "document" in call.files:
            name, data = call.files["document"]
            document.update(file_name=name, file_size=len(data))
        return self._bot_message(call.params, document=document, **content)

    @staticmethod
    def _media_content(call: ApiCall, kind: str) -> JSON:
        """Check a file (upload or file_id/URL) is present and pick up the caption."""
        if kind not in call.files and not call.params.get(kind):
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if "caption" in call.params:
            return {"caption": _require_text(call.params, "caption", 1024)}
        return {}

    async def _get_chat(self, call: ApiCall) -> JSON:
        chat = self._chat(call.params)
        gift_types = dict.fromkeys(_GIFT_TYPES, False)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gift_types,
        }


POLL_TIMEOUT = 5
"""Seconds a getUpdates long poll waits; the local API releases polls at once on shutdown."""


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """``run_polling``'s lifecycle without its signal handling, for a bot we drive ourselves.

    Initialize, post_init, start polling, start; then stop polling, stop, shutdown, post_shutdown.
    """
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=POLL_TIMEOUT)
    await app.start()
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
