"""`northstar chat`: talk to the real bot in a terminal, with no token and no network.

You play the owner; ``/as <name>`` becomes a team member (joined through the owner's real
invite link on first use), ``/tick`` moves the clock and runs the tick, a number presses a
button. The database file and a folder beside it (``<name>-files``: the travelled time, the
members, saved photos and documents, the input history) let a chat be continued later.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.local import OWNER_ID, LocalBot, Shown, TravelClock, local_bot, member_id
from bot.local_api import LocalUser
from bot.settings import Settings
from storage.migrate import upgrade

OWNER_NAME = "owner"
INTRO = """\
Northstar, running locally: no token, no network. You are the business owner.
Start with /start. Type a number to press a button.
  /as <name>   talk as a team member (joins your team on first use); /as owner to switch back
  /tick [+2h | +2d | +1w | 2026-12-07T09:00]   move the clock (default +1d) and run the tick
  /quit        leave; the chat continues next time (--fresh starts over)
"""
_SPAN = re.compile(r"\+(\d+)([hdw])")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}

Read = Callable[[str], str]
Write = Callable[[str], None]


@dataclass
class ChatState:
    """What a continued chat needs besides the database: travelled time and joined members."""

    offset_seconds: float = 0.0
    members: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> ChatState:
        """The saved state, or a new one."""
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text())
        return cls(
            float(raw["offset_seconds"]), {str(k): int(v) for k, v in raw["members"].items()}
        )

    def save(self, path: Path) -> None:
        """Write the state next to the database."""
        path.write_text(
            json.dumps({"offset_seconds": self.offset_seconds, "members": self.members})
        )


def folder_for(database: Path) -> Path:
    """The chat's folder beside its database file."""
    return database.with_name(f"{database.stem}-files")


def run_chat(settings: Settings, database: Path, *, fresh: bool, read: Read, write: Write) -> int:
    """Migrate the database, then chat until /quit or the end of the input."""
    folder = folder_for(database)
    if fresh:
        database.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite+aiosqlite:///{database.resolve()}"
    upgrade(url)
    editing = read is input and sys.stdin.isatty()
    with _history(folder / "history") if editing else nullcontext():
        asyncio.run(_chat(settings, url, folder, read, write))
    return 0


@contextmanager
def _history(path: Path) -> Iterator[None]:
    """Line editing and a history file, for a person at a terminal."""
    import readline  # only here: importing it changes how input() behaves

    if path.exists():
        readline.read_history_file(path)
    try:
        yield
    finally:
        readline.write_history_file(path)


def parse_when(argument: str, now: datetime) -> datetime:
    """``+2h``, ``+3d``, ``+1w`` from now, or an ISO time (UTC unless it names an offset)."""
    if not argument:
        return now + timedelta(days=1)
    if span := _SPAN.fullmatch(argument):
        return now + timedelta(**{_UNITS[span.group(2)]: int(span.group(1))})
    moment = datetime.fromisoformat(argument)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Session:
    """The person typing, the people known, and how their chats are printed."""

    def __init__(self, bot: LocalBot, state: ChatState, write: Write) -> None:
        self.bot = bot
        self.state = state
        self.write = write
        self.owner = LocalUser(OWNER_ID, "Alex")
        self.person = self.owner

    def name(self, chat_id: int) -> str:
        if chat_id == OWNER_ID:
            return "you (owner)"
        return next((n for n, i in self.state.members.items() if i == chat_id), str(chat_id))

    def show(self, shown: list[Shown]) -> None:
        for message in shown:
            edited = " (edited)" if message.edited else ""
            self.write(f"── Northstar → {self.name(message.chat_id)}{edited} ──")
            if message.text:
                self.write(message.text)
            if message.file is not None:
                self.write(f"[file saved: {message.file}]")
            if message.buttons:
                choices = "   ".join(f"{n}) {b}" for n, b in enumerate(message.buttons, 1))
                self.write(f"  {choices}")

    async def handle(self, line: str) -> None:
        command, _, argument = line.partition(" ")
        if command == "/as":
            await self.become(argument.strip().lower())
        elif command == "/tick":
            await self.tick(argument.strip())
        elif line.isdigit() and 1 <= int(line) <= len(buttons := self.bot.buttons(self.person)):
            self.show(await self.bot.press(self.person, buttons[int(line) - 1]))
        else:
            self.show(await self.bot.say(self.person, line))

    async def become(self, name: str) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", name):
            self.write("Give a name: /as anna, or /as owner")
            return
        if name == OWNER_NAME:
            self.person = self.owner
        elif name in self.state.members:
            self.person = LocalUser(self.state.members[name], name.capitalize())
        else:
            await self.join(name)
            return
        self.write(f"You are now {self.name(self.person.id)}.")

    async def join(self, name: str) -> None:
        """A new member joins through the link the owner's /invite gives."""
        token, shown = await self.bot.invite_link(self.owner)
        self.show(shown)
        if token is None:
            self.write("No invite link: finish setting up the business as the owner first.")
            return
        self.state.members[name] = member_id(name)
        self.person = LocalUser(member_id(name), name.capitalize())
        self.write(f"You are now {name}, opening the invite link.")
        self.show(await self.bot.say(self.person, f"/start {token}"))

    async def tick(self, argument: str) -> None:
        try:
            until = parse_when(argument, self.bot.clock.now())
        except ValueError:
            self.write("Use /tick +2h, +2d, +1w or an ISO time such as 2026-12-07T09:00")
            return
        if until <= self.bot.clock.now():
            self.write("The clock only moves forward.")
            return
        self.show(await self.bot.travel(until))
        self.state.offset_seconds = self.bot.clock.offset.total_seconds()
        self.write(f"It is now {self.bot.clock.now():%a %Y-%m-%d %H:%M} UTC.")


async def _chat(settings: Settings, url: str, folder: Path, read: Read, write: Write) -> None:
    state_file = folder / "state.json"
    state = ChatState.load(state_file)
    clock = TravelClock(timedelta(seconds=state.offset_seconds))
    async with local_bot(settings, url, clock, folder) as bot:
        session = _Session(bot, state, write)
        write(INTRO)
        while True:
            try:
                line = (await asyncio.to_thread(read, f"{session.person.first_name}> ")).strip()
            except EOFError:
                break
            if line == "/quit":
                break
            if line:
                await session.handle(line)
                state.save(state_file)
