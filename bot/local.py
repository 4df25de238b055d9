"""The real bot on the local Bot API, played by people typing: `northstar chat` and `demo`.

Everything runs as in production (``build_application``, the handlers, the database, the tick
through ``run_tick``) except that Telegram is ``bot/local_api.py`` on 127.0.0.1 and the clock
is a ``TravelClock`` that ``travel`` moves forward, running the tick on the way.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application, run_tick
from bot.local_api import JSON, LocalBotApi, LocalUser, polling
from bot.runtime import Runtime
from bot.settings import Settings

OWNER_ID = 1_000_001
"""The owner's Telegram id in a local chat; members get ids from their names."""

TICK_STEP = timedelta(hours=2)
"""How far the clock moves between ticks while travelling. Production ticks every minute; an
two hours keep a week's travel quick, and what falls due in between is sent at the next tick."""

_MEDIA = {"sendphoto": "photo", "senddocument": "document"}
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


@dataclass
class TravelClock:
    """Real time plus how far the chat has travelled, or a fixed start plus it; never back."""

    offset: timedelta = timedelta(0)
    start: datetime | None = None

    def now(self) -> datetime:
        """The moment the bot lives in."""
        return (self.start or datetime.now(UTC)) + self.offset

    def move_to(self, moment: datetime) -> None:
        """Jump forward to ``moment``; never back, because the database has moved on."""
        self.offset += max(moment - self.now(), timedelta(0))


@dataclass(frozen=True)
class Shown:
    """One message as a person sees it: sent or edited, with its buttons and any saved file."""

    chat_id: int
    text: str
    buttons: list[str] = field(default_factory=list)
    file: Path | None = None
    edited: bool = False
    message_id: int = 0


def member_id(name: str) -> int:
    """A stable Telegram id for a member's name, so a continued chat finds the same person."""
    return 2_000_000 + zlib.crc32(name.lower().encode()) % 1_000_000


def plain(text: str, parse_mode: object) -> str:
    """Telegram HTML as terminal text: links keep their address, other tags go."""
    if parse_mode != "HTML":
        return text
    return html.unescape(_TAG.sub("", _LINK.sub(r"\2 (\1)", text)))


class LocalBot:
    """The running bot, one local API and the files it sent, driven person by person."""

    def __init__(
        self,
        api: LocalBotApi,
        app: Application,  # type: ignore[type-arg]
        runtime: Runtime,
        clock: TravelClock,
        files: Path,
    ) -> None:
        self.api = api
        self.app = app
        self.runtime = runtime
        self.clock = clock
        self.files = files
        self._seen: dict[tuple[int, int], str] = {}

    async def say(self, user: LocalUser, text: str) -> list[Shown]:
        """``user`` types ``text``; what the bot showed in reply, in any chat."""
        mark = self.api.mark()
        await self.api.settle(self.app, self.api.send_text(user, text))
        return self._shown(mark)

    def buttons(self, user: LocalUser) -> list[str]:
        """The buttons of the newest message in ``user``'s chat that still shows some."""
        showing = self.showing(user)
        return showing.buttons if showing else []

    def showing(self, user: LocalUser) -> Shown | None:
        """The newest message in ``user``'s chat that still shows buttons, as it looks now."""
        message = self._with_buttons(user)
        if message is None:
            return None
        text = str(message.get("text", ""))
        return Shown(user.id, text, _labels(message), message_id=message["message_id"])

    async def press(self, user: LocalUser, label: str) -> list[Shown]:
        """``user`` presses the button ``label`` on the newest message with buttons."""
        message = self._with_buttons(user)
        if message is None:
            raise LookupError("no message shows buttons")
        mark = self.api.mark()
        await self.api.settle(self.app, self.api.tap_button(user, message, label))
        return self._shown(mark)

    async def travel(self, until: datetime, step: timedelta = TICK_STEP) -> list[Shown]:
        """Move the clock to ``until`` in steps, running the tick after each one."""
        mark = self.api.mark()
        while self.clock.now() < until:
            self.clock.move_to(min(self.clock.now() + step, until))
            await run_tick(self.app.bot, self.runtime)
        return self._shown(mark)

    async def invite_link(self, owner: LocalUser) -> tuple[str | None, list[Shown]]:
        """The owner's /invite, as the owner would send it: the link's token and the reply."""
        shown = await self.say(owner, "/invite")
        username = self.api.bot_user["username"]
        pattern = re.compile(rf"https://t\.me/{username}\?start=([A-Za-z0-9_-]+)")
        found = next((m for s in shown if (m := pattern.search(s.text))), None)
        return (found.group(1) if found else None), shown

    def _with_buttons(self, user: LocalUser) -> JSON | None:
        for sent in reversed(self.api.sent_messages(user.id)):
            current = self.api.message(user.id, sent["message_id"])
            if current and _labels(current):
                return current
        return None

    def _shown(self, mark: int) -> list[Shown]:
        shown: list[Shown] = []
        for call in self.api.calls_since(mark):
            method = call.method.lower()
            if call.result is None or not isinstance(call.result, dict):
                continue
            if method in ("sendmessage", "editmessagetext", "editmessagereplymarkup"):
                message = call.result
                text = plain(str(message.get("text", "")), call.params.get("parse_mode"))
                key = (message["chat"]["id"], message["message_id"])
                if self._seen.get(key) == text and not _labels(message):
                    continue  # only the buttons went: the person saw the text already
                seen, self._seen[key] = self._seen.get(key, ""), text
                if seen and text.startswith(seen):  # e.g. the answer ticked under a question
                    text = text.removeprefix(seen).strip()
                edited = method != "sendmessage"
                shown.append(Shown(key[0], text, _labels(message), None, edited))
            elif method in _MEDIA:
                shown.append(self._saved(call.result, call.files, method))
        return shown

    def _saved(self, message: JSON, files: dict[str, tuple[str, bytes]], method: str) -> Shown:
        """Write an uploaded photo or document into the chat folder."""
        kind = _MEDIA[method]
        path: Path | None = None
        if kind in files:
            name, data = files[kind]
            self.files.mkdir(parents=True, exist_ok=True)
            # PTB names an uploaded photo after its MIME type; Telegram only sends PNG or JPEG
            name = "photo.png" if kind == "photo" else Path(name).name
            path = self.files / f"{message['chat']['id']}-{message['message_id']}-{name}"
            path.write_bytes(data)
        caption = plain(str(message.get("caption", "")), None)
        return Shown(message["chat"]["id"], caption, _labels(message), path)


def _labels(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row if "callback_data" in button]


@asynccontextmanager
async def local_bot(
    settings: Settings, database_url: str, clock: TravelClock, files: Path
) -> AsyncIterator[LocalBot]:
    """The bot polling a local API on a migrated database, with a runtime for the tick.

    The tick's runtime is a second one on the same database, as `northstar jobs tick` from
    cron would open; the JobQueue stays off because it runs on real time, not the chat's clock.
    """
    async with LocalBotApi() as api:
        local = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(api.token),
                "telegram_api_base_url": api.base_url,
                "database_url": database_url,
            }
        )
        app = build_application(local, clock=clock, rate_limiter=None, scheduled_jobs=False)
        runtime = Runtime(local, clock)
        async with polling(app):
            await runtime.open()
            try:
                yield LocalBot(api, app, runtime, clock, files)
            finally:
                await runtime.close()
