"""The local Bot API (``bot/local_api.py``) with what only tests need on top.

Tests also send stickers, photos and voice notes, add the bot to groups, block it, and make
Telegram refuse or throttle messages. Configure the bot with ``base_url=f"{api.base_url}/bot"``
and ``base_file_url=f"{api.base_url}/file/bot"``.
"""

from __future__ import annotations

import time

from bot.local_api import BOT_ID, JSON, ApiCall, ApiError, LocalBotApi, LocalUser

__all__ = ["BOT_ID", "DEFAULT_TOKEN", "JSON", "ApiCall", "FakeBotApi", "FakeUser", "flood"]

DEFAULT_TOKEN = f"{BOT_ID}:fake-northstar-token"
FakeUser = LocalUser


def flood(retry_after: int) -> ApiError:
    """Telegram's 429, with the seconds to wait in ``parameters``."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


class FakeBotApi(LocalBotApi):
    """The local API as tests see it: more kinds of update, and Telegram's refusals."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        super().__init__(token, username="northstar_test_bot")
        self._refusals: dict[int, tuple[int, str, int]] = {}
        self._throttles: dict[int | None, tuple[int, int]] = {}

    def send_sticker(self, user: FakeUser) -> int:
        """Queue a private sticker message from ``user``."""
        sticker = {
            **self._file_stub("sticker"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self._enqueue_message(user, user.private_chat(), sticker=sticker)

    def send_photo(self, user: FakeUser, caption: str | None = None) -> int:
        """Queue a private photo message from ``user``, optionally captioned."""
        content: JSON = {"photo": self._photo_sizes(1024)}
        if caption is not None:
            content["caption"] = caption
        return self._enqueue_message(user, user.private_chat(), **content)

    def send_voice(self, user: FakeUser) -> int:
        """Queue a private voice message from ``user``."""
        voice = {**self._file_stub("voice"), "duration": 3, "mime_type": "audio/ogg"}
        return self._enqueue_message(user, user.private_chat(), voice=voice)

    def add_to_group(self, user: FakeUser, chat_id: int, title: str = "Test group") -> int:
        """Queue the ``my_chat_member`` update Telegram sends when ``user`` adds the bot."""
        chat = {"id": chat_id, "type": "group", "title": title}
        self._chats[chat_id] = chat
        member_update = {
            "chat": chat,
            "from": user.to_dict(),
            "date": int(time.time()),
            "old_chat_member": {"user": self.bot_user, "status": "left"},
            "new_chat_member": {"user": self.bot_user, "status": "member"},
        }
        return self._enqueue(my_chat_member=member_update)

    def block(self, user: FakeUser) -> int:
        """Queue the ``my_chat_member`` update Telegram sends when ``user`` blocks the bot."""
        return self._private_status(user, "member", "kicked")

    def unblock(self, user: FakeUser) -> int:
        """Queue the ``my_chat_member`` update Telegram sends when ``user`` unblocks the bot."""
        return self._private_status(user, "kicked", "member")

    def _private_status(self, user: FakeUser, old: str, new: str) -> int:
        member_update = {
            "chat": user.private_chat(),
            "from": user.to_dict(),
            "date": int(time.time()),
            "old_chat_member": {"user": self.bot_user, "status": old, "until_date": 0},
            "new_chat_member": {"user": self.bot_user, "status": new, "until_date": 0},
        }
        return self._enqueue(my_chat_member=member_update)

    def send_group_text(self, user: FakeUser, chat_id: int, text: str) -> int:
        """Queue a text message from ``user`` in group ``chat_id``."""
        chat = self._chats.get(chat_id, {"id": chat_id, "type": "group", "title": "Test group"})
        return self._enqueue_message(user, chat, text=text)

    def refuse_messages_to(self, chat_id: int, status: int, description: str, times: int) -> None:
        """Answer the next ``times`` sendMessage calls to a chat with an error, as Telegram would.

        403 "bot was blocked by the user", or 500/502 while Telegram is having trouble.
        """
        self._refusals[chat_id] = (status, description, times)

    def throttle(self, chat_id: int | None, retry_after: int, times: int = 1) -> None:
        """Answer the next ``times`` sendMessage calls with 429 and ``retry_after`` seconds.

        ``chat_id`` None throttles messages to every chat, as Telegram's bot-wide limit does.
        """
        self._throttles[chat_id] = (retry_after, times)

    def _flood_control(self, chat_id: object) -> None:
        """Raise the 429 a throttle set up for this chat (or every chat), counting it down."""
        key = chat_id if chat_id in self._throttles else None
        if not isinstance(key, int | None) or key not in self._throttles:
            return
        retry_after, times = self._throttles.pop(key)
        if times > 1:
            self._throttles[key] = (retry_after, times - 1)
        raise flood(retry_after)

    async def _send_message(self, call: ApiCall) -> JSON:
        chat_id = call.params.get("chat_id")
        self._flood_control(chat_id)
        if isinstance(chat_id, int) and chat_id in self._refusals:
            status, description, times = self._refusals[chat_id]
            if times <= 1:
                del self._refusals[chat_id]
            else:
                self._refusals[chat_id] = (status, description, times - 1)
            raise ApiError(status, description)
        return await super()._send_message(call)
