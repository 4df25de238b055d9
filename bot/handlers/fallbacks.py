"""Everything that is not an answer: groups, unknown commands, stickers and photos."""

from __future__ import annotations

from telegram import Chat, ChatMember, Update

from alignment.services import Event, Notice
from bot.handlers.base import Handlers
from bot.handlers.replies import Context, person_of, send
from bot.outgoing import Outgoing


class Fallbacks(Handlers):
    """Friendly replies that keep the owner's place in the conversation."""

    async def unknown_command(self, update: Update, context: Context) -> None:
        """A command we do not have: "did you mean" one of this person's, when one is close."""
        message = update.effective_message
        text = message.text if message is not None and message.text else "/"
        command = text.split()[0].removeprefix("/").split("@")[0]
        events = await self._runtime.roles.unknown_command(person_of(update), command)
        await self._reply(update, context, events)

    async def not_text(self, update: Update, context: Context) -> None:
        """A sticker, photo, voice note or file where a typed answer is expected."""
        events = await self._runtime.checkins.current(person_of(update))
        await send(update, context, [Outgoing(self._runtime.texts.errors.not_text)])
        if events and not _is_no_checkin(events):
            await self._reply(update, context, events)

    async def group(self, update: Update, context: Context) -> None:
        """A command in a group: explain that the bot works in private chats."""
        await send(update, context, [Outgoing(self._runtime.texts.errors.private_only)])

    async def membership_changed(self, update: Update, context: Context) -> None:
        """The bot's place in a chat changed: blocked or unblocked by a person, or added to a group."""
        change = update.my_chat_member
        if change is None:
            return
        if change.chat.type != Chat.PRIVATE:
            await self.added_to_group(update, context)
            return
        outbox = self._runtime.services.outbox
        match change.new_chat_member.status:
            case ChatMember.BANNED:  # "kicked": the person blocked the bot
                await outbox.unreachable(change.chat.id)
            case ChatMember.MEMBER:  # they unblocked it
                await outbox.reachable(change.chat.id)

    async def added_to_group(self, update: Update, context: Context) -> None:
        """Added to a group or channel: say why we leave, then leave."""
        change = update.my_chat_member
        if change is None:
            return
        joined = change.new_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)
        if not joined:
            return
        if change.chat.type != Chat.CHANNEL:
            await context.bot.send_message(change.chat.id, self._runtime.texts.errors.private_only)
        await context.bot.leave_chat(change.chat.id)


def _is_no_checkin(events: list[Event]) -> bool:
    nothing = ("no_checkin", "member_no_checkin")
    return len(events) == 1 and isinstance(events[0], Notice) and events[0].key in nothing
