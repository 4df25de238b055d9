"""The one sender of messages to chats: replies, and the deliveries services queued.

A reply goes to the chat that wrote. A queued delivery (``alignment.services.outbox``) is claimed,
rendered from its stored event (never from the update that queued it), sent, and settled: sent,
retry later, failed (the person blocked the bot, and is marked unreachable) or uncertain (a
timeout after the request left, so it is never sent again). Handlers flush right after queueing; the every-minute job flushes
whatever is left, so a 429 or a crash halfway through a fan-out loses nobody.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from alignment.services.outbox import OutboxService, Outcome
from bot.outgoing import Document, Outgoing, Photo, Reply
from bot.render import Renderer
from bot.texts import UiTexts

log = logging.getLogger(__name__)
MESSAGE_LIMIT = 4096
BATCH = 100
"""Deliveries claimed at a time; a larger fan-out takes several batches in one flush."""


async def flush(bot: Bot, outbox: OutboxService, texts: UiTexts) -> None:
    """Send every pending delivery, batch by batch, settling each before the next."""
    renderer = Renderer(texts, "", bot.username or "")
    while True:
        claimed = await outbox.claim(BATCH)
        retried = False
        for item in claimed:
            outcome, error = Outcome.SENT, None
            try:
                for message in renderer.events(await outbox.events(item)):
                    await deliver(bot, item.recipient, message)
            except Forbidden as refusal:
                outcome, error = Outcome.FAILED, str(refusal)
                log.info("a recipient has blocked the bot; delivery %d not sent", item.id)
            except TimedOut as timeout:
                outcome, error = Outcome.UNCERTAIN, str(timeout)
            except (RetryAfter, NetworkError) as failure:
                outcome, error, retried = Outcome.RETRY, str(failure), True
            await outbox.settle(item, outcome, error)
            if outcome is Outcome.FAILED:
                await outbox.unreachable(item.recipient)
        if len(claimed) < BATCH or retried:
            return


async def deliver(bot: Bot, chat_id: int, message: Reply) -> None:
    """One reply to one chat; a chart is drawn in a worker thread, off the event loop."""
    match message:
        case Outgoing(text=text, keyboard=keyboard):
            *first, last = chunks(text)
            for part in first:
                await bot.send_message(chat_id, part)
            await bot.send_message(chat_id, last, reply_markup=keyboard)
        case Photo(draw=draw, caption=caption):
            await bot.send_photo(chat_id, photo=await asyncio.to_thread(draw), caption=caption)
        case Document(content=content, filename=filename, caption=caption):
            await bot.send_document(chat_id, document=content, filename=filename, caption=caption)


def chunks(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split a long text at line breaks so each part fits in one Telegram message."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), limit):
            piece = line[start : start + limit]
            if current and len(current) + len(piece) > limit:
                parts.append(current)
                current = ""
            current += piece
    parts.append(current)
    return [part.rstrip("\n") for part in parts if part.strip()] or [text]
