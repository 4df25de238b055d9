"""Anonymity at the service level: filing, thresholds, pooling, departments, leaving, scores.

No Telegram here: the services are built as bot/runtime.py builds them, the owner and their
strategy are written straight into the database, and members join and answer through
MemberService and CheckInService as the handlers would call them.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Date, event, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url

from alignment.coach.language_model import OFFLINE
from alignment.coach.reviews import ReviewCoach
from alignment.dimensions import Dimension
from alignment.privacy import Hold
from alignment.questionnaire import QuestionType, load_scripts
from alignment.reviewers import Reviewers, load_review_texts
from alignment.scoring import DimensionScore
from alignment.scoring.echo import similarity
from alignment.services import CheckInService
from alignment.services.checkins import Action
from alignment.services.distractors import DistractorWriter
from alignment.services.events import (
    DepartmentChoice,
    Event,
    Finished,
    InviteLink,
    MemberResults,
    Notice,
    Person,
    Prompt,
    RoundStatus,
    TeamReport,
)
from alignment.services.members import MemberService
from alignment.services.reports import ReportService
from alignment.services.rounds import RoundService
from alignment.services.team import TeamService
from alignment.services.voters import Voters
from alignment.team.filing import PulseFiler
from alignment.team.recall import load_bank
from alignment.team.report import Snapshot
from alignment.team.voters import fingerprint
from alignment.timezones import tzinfo_for
from bot.report_render import ReportRenderer
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from jobs.rounds import close_rounds
from storage.database import Sessions, is_sqlite
from storage.models import (
    Answer,
    CheckIn,
    Goal,
    InstanceSecret,
    Membership,
    Participation,
    PulseRound,
    PulseTally,
    PulseText,
    RoundVoter,
    StrategyVersion,
    User,
    Workspace,
)
from storage.repositories import Repositories
from tests.support.clock import FakeClock
from tests.support.jobs import close_due_rounds

PROMPTS = PROJECT_ROOT / "prompts"
SCRIPTS = load_scripts(PROMPTS / "checkins")
PULSE = SCRIPTS["pulse"]
QUESTIONS = {q.text: q for q in PULSE.questions}
"""Prompts carry the question's text, not its id; pulse texts have no placeholders."""

SECRET, OTHER_SECRET = b"k" * 32, b"q" * 32
"""Two FINGERPRINT_SECRET values an operator might configure."""

OWNER = Person(1001, "Olena")
BUSINESS = "Rosie's Bakery"
VISION = "Fresh bread in every café of the Lviv region by 2028"
TOP_GOAL = "Open a second bakery in Lviv"

RIGHT, WRONG = "right goal", "wrong goal"
"""What a member picks at the recall question: the real top goal or a distractor."""

Value = int | str | None
"""A Likert answer 1..5, a typed text, RIGHT/WRONG for recall, or None to skip."""

NAMES = (
    "Zebediah",
    "Quirinus",
    "Ottoline",
    "Bartholomea",
    "Evander",
    "Philippa",
    "Leopoldine",
    "Casimir",
    "Wilhelmina",
    "Thaddeus",
    "Euphemia",
    "Maximilian",
)
"""Members' first names, distinctive enough that finding one in a report is no accident."""
WRITES = frozenset({"INSERT", "UPDATE", "DELETE"})


def default(question_id: str) -> Value:
    """Unlisted answers: agree (4, or 2 on a reverse-worded item), recall right, texts skipped."""
    question = next(q for q in PULSE.questions if q.id == question_id)
    if question.type is QuestionType.LIKERT5:
        return 2 if question.reverse else 4
    return RIGHT if question_id == "recall" else None


async def answer_all(
    service: CheckInService, person: Person, events: Sequence[Event], values: Mapping[str, Value]
) -> list[Event]:
    """Answer every prompt from ``values`` (see ``default``) until the pulse is Finished.

    Returns the events of the last step, so a refusal instead of Finished can be checked.
    """
    for _ in range(len(PULSE.questions) + 1):
        if any(isinstance(e, Finished) for e in events):
            return list(events)
        prompt = next((e for e in events if isinstance(e, Prompt)), None)
        if prompt is None:
            return list(events)  # refused, e.g. already answered: the caller checks
        events = await answer_one(service, person, prompt, values)
    raise AssertionError(f"the pulse never finished: {events}")


async def answer_one(
    service: CheckInService, person: Person, prompt: Prompt, values: Mapping[str, Value]
) -> list[Event]:
    """Answer one prompt from ``values`` (see ``default``)."""
    question = QUESTIONS[prompt.text]
    value = values.get(question.id, default(question.id))
    at = (prompt.checkin_id, prompt.step)
    if value is None:
        return await service.press(person, Action.SKIP, *at, None)
    if question.type is QuestionType.LIKERT5:
        assert isinstance(value, int)
        assert [c.value for c in prompt.choices] == [1, 2, 3, 4, 5]
        return await service.press(person, Action.ANSWER, *at, value - 1)
    if question.id == "recall":
        real = [str(c.value).startswith("g") for c in prompt.choices]
        return await service.press(person, Action.ANSWER, *at, real.index(value == RIGHT))
    return await service.answer_text(person, str(value))


@dataclass
class Team:
    """The services of one bot process and the owner's workspace, seeded in the database."""

    sessions: Sessions
    clock: FakeClock
    checkins: CheckInService
    members: MemberService
    rounds: RoundService
    team: TeamService
    reports: ReportService
    workspace_id: int
    owner_id: int
    goal_id: int

    def restarted(self, secret: bytes | None = None) -> Team:
        """A new bot process on the same database, with ``FINGERPRINT_SECRET`` if given."""
        return serve(
            self.sessions, self.clock, self.workspace_id, self.owner_id, self.goal_id, secret
        )

    async def invite(self, department: str | None = None) -> str:
        """A fresh invite token from the owner."""
        link = (await self.team.invite(OWNER, department))[0]
        assert isinstance(link, InviteLink), link
        return link.token

    async def join(
        self,
        person: Person,
        values: Mapping[str, Value] | None = None,
        *,
        token: str | None = None,
        department: str | None = None,
    ) -> list[Event]:
        """Join from a link (into ``department``'s) and answer the round that opens."""
        events = await self.members.join(person, token or await self.invite(department))
        assert not any(isinstance(e, DepartmentChoice) for e in events), events
        done = await answer_all(self.checkins, person, events, values or {})
        assert isinstance(done[-1], Finished), done
        return done

    async def answer(self, person: Person, values: Mapping[str, Value] | None = None) -> None:
        """An existing member answers the open round (/pulse)."""
        events = await self.members.pulse(person)
        done = await answer_all(self.checkins, person, events, values or {})
        assert isinstance(done[-1], Finished), done

    async def open_round(self) -> None:
        """/round open."""
        opened = await self.rounds.open(OWNER)
        assert keys(opened[:1]) == ["round_opened"], opened

    async def status(self) -> RoundStatus:
        """/round."""
        found = (await self.rounds.status(OWNER))[0]
        assert isinstance(found, RoundStatus), found
        return found

    async def close_round(self) -> None:
        """The owner's "Close the round now" button."""
        closed = await self.rounds.close(OWNER, (await self.status()).round_id, confirmed=True)
        assert keys(closed[:1]) == ["round_closed"], closed

    async def report(self) -> TeamReport:
        """/report, which must have figures."""
        (report,) = await self.reports.report(OWNER)
        assert isinstance(report, TeamReport), report
        return report

    async def no_report(self) -> list[Notice | RoundStatus]:
        """/report, which must have no figures."""
        report = await self.reports.report(OWNER)
        assert all(isinstance(e, Notice | RoundStatus) for e in report), report
        return [e for e in report if isinstance(e, Notice | RoundStatus)]

    async def results(self, person: Person) -> MemberResults:
        """/results of a member on this one team."""
        (found,) = await self.reports.results(person)
        assert isinstance(found, MemberResults), found
        return found

    async def rows(self, query: Any) -> list[Any]:
        """Every row a query over the stored data returns."""
        async with self.sessions() as session:
            return list((await session.execute(query)).all())

    async def count(self, model: type[Any]) -> int:
        """How many rows a table holds."""
        async with self.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    async def seed_self_check(self, answers: Mapping[str, int]) -> None:
        """The owner's completed self-check, with only the given answers."""
        script = SCRIPTS["self_assessment"]
        now = self.clock.now()
        async with self.sessions.begin() as session:
            rows = []
            for question in script.questions:
                if question.id not in answers:
                    continue
                dimension = question.dimension.value if question.dimension else None
                rows.append(
                    Answer(
                        key=question.id,
                        question_id=question.id,
                        value=answers[question.id],
                        dimension=dimension,
                        reverse=question.reverse,
                        answered_at=now,
                    )
                )
            session.add(
                CheckIn(
                    user_id=self.owner_id,
                    workspace_id=self.workspace_id,
                    script_id=script.id,
                    status="completed",
                    step=len(rows),
                    answers=rows,
                    started_at=now,
                    updated_at=now,
                    completed_at=now,
                )
            )


@pytest.fixture
async def team(sessions: Sessions, clock: FakeClock) -> Team:
    """An owner with a workspace, a vision and one goal, and no team yet."""
    now = clock.now()
    async with sessions.begin() as session:
        owner = User(telegram_id=OWNER.external_id, first_name=OWNER.first_name, created_at=now)
        session.add(owner)
        await session.flush()
        workspace = Workspace(
            owner_id=owner.id,
            name=BUSINESS,
            industry="Food & drink",
            team_size="6-20",
            timezone="Europe/Kyiv",
            anonymity_threshold=3,
            created_at=now,
        )
        session.add(workspace)
        await session.flush()
        goal = Goal(
            position=1,
            title=TOP_GOAL,
            metric="bakeries open",
            target="2",
            deadline=date(2027, 9, 1),
            confidence=7,
            serves=VISION,
        )
        session.add(
            StrategyVersion(
                workspace_id=workspace.id,
                number=1,
                vision=VISION,
                mission="We bake every day.",
                values=["Honesty"],
                created_at=now,
                goals=[goal],
            )
        )
        await session.flush()
        ids = workspace.id, owner.id, goal.id
    return serve(sessions, clock, *ids)


def serve(
    sessions: Sessions,
    clock: FakeClock,
    workspace_id: int,
    owner_id: int,
    goal_id: int,
    secret: bytes | None = None,
) -> Team:
    """The services of one bot process, built as bot/runtime.py builds them."""
    voters = Voters(secret)
    reviewers = Reviewers(load_review_texts(PROMPTS / "reviews.yaml"))
    checkins = CheckInService(
        sessions,
        SCRIPTS,
        reviewers,
        ReviewCoach(OFFLINE, reviewers),
        PulseFiler(load_bank(PROMPTS / "recall.yaml"), SCRIPTS["pulse"], voters),
        clock,
        DistractorWriter(sessions, OFFLINE),
    )
    return Team(
        sessions=sessions,
        clock=clock,
        checkins=checkins,
        members=MemberService(sessions, checkins, clock, voters=voters),
        rounds=RoundService(sessions, clock),
        team=TeamService(sessions, clock),
        reports=ReportService(sessions, SCRIPTS, clock),
        workspace_id=workspace_id,
        owner_id=owner_id,
        goal_id=goal_id,
    )


def people(count: int, start: int = 0) -> list[Person]:
    """Members with distinctive names and Telegram ids 2001, 2002, …"""
    return [Person(2001 + n, NAMES[n]) for n in range(start, start + count)]


def score(snapshot: Snapshot, dimension: Dimension) -> DimensionScore:
    """One dimension's figures."""
    return next(s for s in snapshot.scores if s.dimension is dimension)


def keys(notices: Sequence[object]) -> list[str]:
    """The Notice keys, in order."""
    return [n.key for n in notices if isinstance(n, Notice)]


# -- what filing leaves behind -------------------------------------------------------------


async def test_filing_deletes_every_copy_of_the_answers(team: Team) -> None:
    person = people(1)[0]
    events = await team.members.join(person, await team.invite())
    # Half-way through, the answers exist: that is what lets a member stop and continue.
    for _ in range(3):
        prompt = next(e for e in events if isinstance(e, Prompt))
        events = await team.checkins.press(person, Action.ANSWER, prompt.checkin_id, prompt.step, 3)
    assert await team.count(Answer) == 3
    done = await answer_all(
        team.checkins, person, events, {"echo": "More bakeries", "comment": "Good week"}
    )
    assert isinstance(done[-1], Finished)

    assert await team.count(Answer) == 0
    assert await team.count(CheckIn) == 0
    assert await team.rows(select(CheckIn.id).where(CheckIn.round_id.is_not(None))) == []
    # What is left: counts, two unsigned texts and one participation record (the three text
    # questions, echo, priorities and comment, add no count).
    assert await team.rows(select(func.sum(PulseTally.count))) == [(len(PULSE.questions) - 3,)]
    assert {kind for (kind,) in await team.rows(select(PulseText.kind))} == {"echo", "comment"}
    assert await team.count(Participation) == 1


@pytest.mark.both_databases
async def test_anonymous_tables_reference_nobody(team: Team) -> None:
    # In the models, and in the migrated database the bot really uses.
    for model in (PulseTally, PulseText):
        table = model.__table__
        referred = {fk.target_fullname.split(".")[0] for fk in table.foreign_keys}
        assert referred == {"pulse_rounds", "departments"}, model
        names = set(table.columns.keys())
        assert not names & {"user_id", "membership_id", "respondent_key", "checkin_id"}
        # Every column holding a time (UtcDateTime is a TypeDecorator, so ask the Python type).
        timed = {c.name: c.type.python_type for c in table.columns}
        timed = {name: kind for name, kind in timed.items() if kind in (date, datetime)}
        assert timed == {"filed_on": date}, model
        assert isinstance(table.columns["filed_on"].type, Date)
    assert set(Participation.__table__.columns.keys()) == {
        "id",
        "round_id",
        "membership_id",
        "respondent_key",
        "department_id",
        "completed_on",
        "figures",  # which questions, never the answers: figures need enough people each
        "newcomer",
    }

    def stored(connection: Connection) -> dict[str, tuple[set[str], set[str]]]:
        schema = inspect(connection)
        return {
            name: (
                {fk["referred_table"] for fk in schema.get_foreign_keys(name)},
                {c["name"] for c in schema.get_columns(name)},
            )
            for name in ("pulse_tallies", "pulse_texts", "participation")
        }

    async with team.sessions() as session:
        connection = await session.connection()
        schema = await connection.run_sync(stored)
    assert schema["pulse_tallies"] == (
        {"pulse_rounds", "departments"},
        {"id", "round_id", "department_id", "item_id", "value", "filed_on", "count"},
    )
    assert schema["pulse_texts"] == (
        {"pulse_rounds", "departments"},
        {"id", "round_id", "department_id", "kind", "text", "similarity", "filed_on"},
    )
    assert schema["participation"] == (
        {"pulse_rounds", "memberships", "departments"},
        set(Participation.__table__.columns.keys()),
    )


async def test_participation_says_who_took_part_not_what_they_said(team: Team) -> None:
    members = people(3)
    for person in members:
        await team.join(person, {"comment": f"Comment {person.first_name[::-1]}"})
    rows = await team.rows(
        select(Membership.respondent_key, Participation.respondent_key, Participation.id).join(
            Participation, Participation.membership_id == Membership.id
        )
    )
    assert len(rows) == 3
    assert all(mine == filed and re.fullmatch(r"[0-9a-f]{32}", mine) for mine, filed, _ in rows)
    assert len({key for key, _, _ in rows}) == 3
    # No column of participation can hold an answer; the comments went to pulse_texts only.
    (row,) = await team.rows(select(Participation).limit(1))
    stored = {c.key: getattr(row[0], c.key) for c in Participation.__table__.columns}
    assert not any("Comment" in str(value) for value in stored.values())


async def test_text_ids_are_random(team: Team) -> None:
    for number, person in enumerate(people(10)):
        await team.join(person, {"comment": f"Comment number {number}"})
    rows = await team.rows(select(PulseText.id, PulseText.text))
    ids = [text_id for text_id, _ in rows]
    assert len(ids) == len(set(ids)) == 10
    assert all(re.fullmatch(r"[0-9a-f]{32}", text_id) for text_id in ids)
    assert not any(text_id.isdigit() for text_id in ids)
    # Read back in id order (as the report does), the filing order is lost: a random order of
    # ten texts matches it, or its reverse, by chance once in 1.8 million runs.
    by_id = [text for _, text in sorted(rows)]
    filed = [f"Comment number {n}" for n in range(10)]
    assert by_id not in (filed, filed[::-1])


async def test_tallies_carry_no_day_a_respondent_can_be_found_by(team: Team) -> None:
    # Members answering on different days: if the counts were dated by the day they were
    # filed, "participation completed on Tuesday" joined with "tallies filed on Tuesday"
    # would be the one Tuesday respondent's answers, name and all.
    members = people(3)
    await team.join(members[0], {"t_vision_clear": 1, "comment": "Monday's comment"})
    team.clock.advance(days=1)
    await team.join(members[1], {"t_vision_clear": 3})
    team.clock.advance(days=1)
    await team.join(members[2], {"t_vision_clear": 5})

    completed = {d for (d,) in await team.rows(select(Participation.completed_on))}
    assert len(completed) == 3  # the members did answer on three different days
    filed = {d for (d,) in await team.rows(select(PulseTally.filed_on))}
    filed |= {d for (d,) in await team.rows(select(PulseText.filed_on))}
    assert len(filed) == 1
    (opened,) = await team.rows(select(PulseRound.opened_at))
    assert filed == {opened[0].astimezone(tzinfo_for("Europe/Kyiv")).date()}  # the round's day


@pytest.mark.both_databases
async def test_tally_rows_do_not_reveal_the_first_respondent(team: Team) -> None:
    first, *others = people(3)
    mine: dict[str, Value] = {"t_vision_clear": 1, "t_goal_priorities": 2, "t_comm_why": 5}
    await team.join(first, mine)
    for person in others:
        await team.join(person, {"t_vision_clear": 5, "t_goal_priorities": 5, "t_comm_why": 1})

    likert = [q.id for q in PULSE.questions if q.dimension is not None]
    rows = await team.rows(
        select(PulseTally.id, PulseTally.item_id, PulseTally.value).order_by(PulseTally.id)
    )
    # Every count of the round was created at zero before any answer was added, so which rows
    # exist says nothing about what the first person answered; and their keys are random, so
    # neither does the order of the rows (the order they were created in is the script's).
    script_order = [*((item, value) for item in likert for value in range(1, 6))]
    script_order += [("recall", 0), ("recall", 1), ("recall", 2)]
    cells = [(item, value) for _, item, value in rows]
    assert sorted(cells) == sorted(script_order)
    assert cells != script_order
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key, _, _ in rows)


# -- what the database files keep ----------------------------------------------------------

FILERS = 8
"""Members in a row-order test: a random order of 8 matches theirs once in 40,320 runs."""


async def file_comments(team: Team) -> list[str]:
    """FILERS members join and file one comment each; the comments in filing order."""
    comments = [f"Comment number {n}" for n in range(FILERS)]
    for person, comment in zip(people(FILERS), comments, strict=True):
        await team.join(person, {"comment": comment})
    return comments


def storage_order(path: str) -> tuple[list[str], list[int], dict[str, str]]:
    """Texts and participation as anyone with the SQLite file reads them: no ORDER BY.

    ``SELECT *`` so that SQLite walks the table itself rather than a covering index.
    """
    with closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        texts = [row["text"] for row in db.execute("SELECT * FROM pulse_texts")]
        members = [row["membership_id"] for row in db.execute("SELECT * FROM participation")]
        schema = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN "
            "('pulse_texts', 'participation', 'pulse_tallies')"
        )
        return texts, members, dict(schema.fetchall())


@pytest.mark.both_databases
async def test_stored_rows_keep_no_filing_order(team: Team, database_url: str) -> None:
    filed = await file_comments(team)
    if is_sqlite(database_url):
        path = make_url(database_url).database
        assert path is not None
        texts, members, schema = await asyncio.to_thread(storage_order, path)
        # Random keys alone do it, before the round closes. Memberships are numbered in the
        # order people joined, which is the order they filed in.
        assert sorted(texts) == sorted(filed)
        assert texts != filed
        assert len(members) == FILERS
        assert members != sorted(members)
        assert len(schema) == 3
        assert all(re.search(r"WITHOUT ROWID\s*$", sql) for sql in schema.values()), schema

    async def keys() -> set[str]:
        found = await team.rows(select(PulseText.id).union_all(select(Participation.id)))
        return {key for (key,) in found}

    before = await keys()
    await team.close_round()
    after = await keys()
    # Every text and participation record was written again under a fresh key; none was lost.
    assert len(before) == len(after) == 2 * FILERS
    assert not before & after
    assert sorted(t for (t,) in await team.rows(select(PulseText.text))) == sorted(filed)
    assert await team.rows(select(func.sum(PulseTally.count))) == [
        (FILERS * (len(PULSE.questions) - 3),)
    ]
    if is_sqlite(database_url):
        return  # SQLite keeps no transaction id on rows, and stores them in key order
    # PostgreSQL: no transaction id or heap position ties a text or a count to a filing now.
    xmins = await team.rows(
        text(
            "SELECT xmin::text FROM participation UNION SELECT xmin::text FROM pulse_tallies"
            " UNION SELECT xmin::text FROM pulse_texts"
        )
    )
    assert len(xmins) == 1
    by_ctid = [t for (t,) in await team.rows(text("SELECT text FROM pulse_texts ORDER BY ctid"))]
    assert sorted(by_ctid) == sorted(filed)
    assert by_ctid != filed


async def test_a_round_the_job_closes_is_rewritten_too(team: Team) -> None:
    await team.join(people(1)[0], {"comment": "Only comment"})
    before = await team.rows(select(PulseText.id).union_all(select(Participation.id)))
    team.clock.advance(days=3, minutes=1)
    await close_due_rounds(team.sessions, team.clock)
    after = await team.rows(select(PulseText.id).union_all(select(Participation.id)))
    assert len(before) == len(after) == 2
    assert not set(before) & set(after)


REMARK = "Quokka-7731 secret remark"


def secure_delete_off(dbapi_connection: Any, _record: Any) -> None:
    """What a SQLite built without SQLITE_SECURE_DELETE starts with (Debian's has it on)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=OFF")
    cursor.close()


async def test_deleted_unfinished_answers_leave_no_bytes_in_the_sqlite_files(
    team: Team, database_url: str
) -> None:
    # Whatever the library's default, the bot's own settings must switch secure delete on.
    engine = team.sessions.kw["bind"]
    event.listen(engine.sync_engine, "connect", secure_delete_off, insert=True)
    await engine.dispose()
    path = Path(str(make_url(database_url).database))
    person = people(1)[0]
    events = await team.members.join(person, await team.invite())
    prompt = next(e for e in events if isinstance(e, Prompt))
    # The echo is typed text like the comment, which is last: answering that would file it.
    while QUESTIONS[prompt.text].id != "echo":
        events = await answer_one(team.checkins, person, prompt, {})
        prompt = next(e for e in events if isinstance(e, Prompt))
    await team.checkins.answer_text(person, REMARK)

    async def checkpoint() -> None:
        """What SQLite runs by itself once the log holds 1000 pages: a passive checkpoint."""
        async with team.sessions() as session:
            result = await session.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
            assert result.one()[0] == 0  # not blocked by a reader

    async def stored() -> bool:
        """Whether the secret is anywhere in the database file or its write-ahead log."""
        wal = path.with_name(path.name + "-wal")
        files = [path, wal] if await asyncio.to_thread(wal.exists) else [path]
        contents = [await asyncio.to_thread(f.read_bytes) for f in files]
        return any(REMARK.encode() in content for content in contents)

    await checkpoint()
    assert await stored()  # the search does find an answer that is kept
    assert keys(await team.checkins.cancel(person)) == ["pulse_cancelled"]
    assert await team.count(Answer) == 0
    # The checkpoint copies the zeroed page into the file; the next write starts the log over,
    # and journal_size_limit=0 cuts off the old frames that still held the answer.
    await checkpoint()
    await team.invite()
    assert not await stored()


# -- thresholds and pooling ----------------------------------------------------------------


async def test_two_respondents_give_no_figures_and_no_comments(team: Team) -> None:
    pair = people(2)
    secrets = ["Secret about the oven", "Secret about the van"]
    for person, comment in zip(pair, secrets, strict=True):
        await team.join(person, {"comment": comment, "echo": "Bread everywhere"})
    await team.close_round()

    notices = await team.no_report()
    assert keys(notices) == ["report_team_small"]
    assert not any(secret in repr(notices) for secret in secrets)
    for person in pair:
        results = await team.results(person)
        assert results.latest is None
        assert results.threshold == 3

    # Three new people answer round 2: round 1 waited, and the two are reported together.
    newcomers = people(3, start=2)
    await team.join(newcomers[0], {"comment": "Round two comment"})
    for person in newcomers[1:]:
        await team.join(person)
    await team.close_round()
    report = await team.report()
    assert report.latest.number == 2
    assert report.latest.pooled == (1, 2)
    assert report.latest.respondents == 5
    assert [s.number for s in report.history] == [2]
    assert sorted(report.comments) == sorted(["Round two comment", *secrets])
    for person in pair:
        latest = (await team.results(person)).latest
        assert latest is not None
        assert (latest.number, latest.pooled, latest.respondents) == (2, (1, 2), 5)


@pytest.mark.both_databases
async def test_small_round_is_pooled_with_the_one_before(team: Team) -> None:
    a, b, c = people(3)
    await team.join(a, {"t_vision_clear": 1})
    await team.join(b, {"t_vision_clear": 2})
    await team.close_round()
    await team.no_report()

    await team.open_round()
    await team.answer(a, {"t_vision_clear": 3})
    await team.join(c, {"t_vision_clear": 5})
    await team.close_round()

    report = await team.report()
    assert report.latest.number == 2
    assert report.latest.pooled == (1, 2)
    assert report.latest.respondents == 3  # a, b and c: a answered twice and counts once
    assert report.answered == 3  # participation counts the block's people, not its last round
    assert len(report.history) == 1
    # The pooled figures are made of all four answers, 1, 2, 3 and 5, from three people.
    vision = score(report.latest, Dimension.VISION_CLARITY)
    assert vision.team == pytest.approx(59.375)  # (43.75 + 75) / 2: clear 2.75, ignored 4
    assert vision.n == 3


async def test_the_same_two_people_never_make_three(team: Team) -> None:
    pair = people(2)
    for person in pair:
        await team.join(person)
    await team.close_round()
    for _ in range(3):
        await team.open_round()
        for person in pair:
            await team.answer(person)
        await team.close_round()
        assert keys(await team.no_report()) == ["report_team_small"]
        for person in pair:
            assert (await team.results(person)).latest is None


async def test_a_raised_threshold_hides_a_round_of_three(team: Team) -> None:
    members = people(4)
    for person in members[:3]:
        await team.join(person)
    await team.close_round()
    assert (await team.report()).latest.respondents == 3

    assert keys(await team.team.set_threshold(OWNER, 2)) == ["threshold_invalid"]
    assert keys(await team.team.set_threshold(OWNER, 4)) == ["threshold_set"]
    # Round 1 was already shown at threshold 3; it stays as it was, never regrouped.
    assert (await team.report()).latest.pooled == (1,)

    # A fourth person alone in round 2 is below the new threshold: the round waits.
    await team.join(members[3])
    await team.close_round()
    report = await team.report()
    assert report.threshold == 4
    assert (report.latest.pooled, report.waiting) == ((1,), (2,))
    latest = (await team.results(members[3])).latest
    assert latest is not None
    assert latest.pooled == (1,)


# -- departments ---------------------------------------------------------------------------


async def staff(team: Team, sizes: Mapping[str, int]) -> None:
    """Departments of the given sizes, everyone answering the one open round."""
    start = 0
    for name in sizes:
        assert keys(await team.team.add_department(OWNER, name)) == ["department_added"]
    for name, size in sizes.items():
        token = await team.invite(name)
        for person in people(size, start):
            await team.join(person, token=token)
        start += size
    await team.close_round()


async def test_a_small_department_hides_another_one_too(team: Team) -> None:
    sizes = {"Sales": 4, "Ops": 3, "Finance": 2}
    await staff(team, sizes)

    report = await team.report()
    assert report.latest.respondents == 9
    assert [(d.name, d.respondents) for d in report.departments] == [("Sales", 4)]
    assert report.hidden_departments == 2
    assert all(d.headline is not None for d in report.departments)
    # Hiding Finance alone would give it away as "total minus Sales minus Ops". What the
    # owner can subtract now leaves Ops and Finance together: 5 people, not Finance's 2.
    shown = sum(d.respondents for d in report.departments)
    rest = report.latest.respondents - shown
    assert rest == sizes["Ops"] + sizes["Finance"]
    assert rest != sizes["Finance"]
    assert rest >= report.threshold
    assert "Finance" not in ReportRenderer(load_texts(PROMPTS / "ui.yaml")).details(report)


@pytest.mark.both_databases
async def test_departments_of_four_are_all_shown(team: Team) -> None:
    await staff(team, {"Sales": 4, "Ops": 4, "Finance": 4})
    report = await team.report()
    assert [(d.name, d.respondents) for d in report.departments] == [
        ("Sales", 4),
        ("Ops", 4),
        ("Finance", 4),
    ]
    assert report.hidden_departments == 0
    assert sum(d.respondents for d in report.departments) == report.latest.respondents == 12


# -- only closed rounds --------------------------------------------------------------------


async def test_an_open_round_is_not_reported_until_closed(team: Team) -> None:
    members = people(5)
    for person in members:
        await team.join(person)
    notices = await team.no_report()
    assert keys(notices) == ["report_waiting"]
    status = [n for n in notices if isinstance(n, RoundStatus)]
    assert [(s.number, s.respondents, s.members) for s in status] == [(1, 5, 5)]
    for person in members:
        assert (await team.results(person)).latest is None

    await team.close_round()
    report = await team.report()
    assert report.latest.number == 1
    assert report.latest.respondents == 5
    assert report.open_round is None


async def test_a_round_closes_by_time(team: Team) -> None:
    for person in people(3):
        await team.join(person)
    team.clock.advance(days=2, hours=23)
    await team.no_report()
    team.clock.advance(days=1, hours=1)
    await close_due_rounds(team.sessions, team.clock)
    assert (await team.report()).latest.respondents == 3
    assert keys(await team.rounds.status(OWNER)) == ["round_none_open"]


# -- leaving -------------------------------------------------------------------------------


async def test_leaving_keeps_the_anonymous_count(team: Team) -> None:
    a, b, c = people(3)
    await team.join(a)
    await team.join(b)
    await team.close_round()
    async with team.sessions() as session:
        a_key = await session.scalar(
            select(Membership.respondent_key)
            .join(User, User.id == Membership.user_id)
            .where(User.telegram_id == a.external_id)
        )
    assert a_key is not None

    assert keys(await team.members.leave(a, confirmed=True)) == ["left"]
    assert await team.rows(select(User.id).where(User.telegram_id == a.external_id)) == []
    assert await team.rows(
        select(Participation.membership_id).where(Participation.respondent_key == a_key)
    ) == [(None,)]

    # Round 2: b again and c new. a, b and c are three distinct people though a has gone.
    await team.open_round()
    await team.answer(b)
    await team.join(c)
    await team.close_round()
    report = await team.report()
    assert report.latest.pooled == (1, 2)
    assert report.latest.respondents == 3
    assert report.members == 2


# -- one vote per account per round, even after leaving -------------------------------------


async def test_fingerprints_go_when_the_round_block_is_fixed(team: Team) -> None:
    a, b, c = people(3)
    await team.join(a)
    await team.join(b)
    await team.close_round()
    # Closed with two people: not reported yet, the block is still open, the fingerprints stay.
    assert await team.count(RoundVoter) == 2

    await team.open_round()
    await team.join(c)
    await team.close_round()

    assert (await team.report()).latest.pooled == (1, 2)
    assert await team.count(RoundVoter) == 0


async def test_the_stored_fingerprint_is_keyed_and_hides_the_account(team: Team) -> None:
    configured = team.restarted(SECRET)
    person = people(1)[0]
    await configured.join(person)

    [(round_id, stored)] = await team.rows(select(RoundVoter.round_id, RoundVoter.fingerprint))
    assert stored == fingerprint(SECRET, person.external_id, round_id)
    assert stored != fingerprint(OTHER_SECRET, person.external_id, round_id)
    assert str(person.external_id) not in stored
    assert len(stored) == 64
    assert await team.count(InstanceSecret) == 0  # a configured secret is never generated
    table = RoundVoter.__table__
    assert {fk.target_fullname for fk in table.foreign_keys} == {"pulse_rounds.id"}
    assert set(table.columns.keys()) == {"round_id", "fingerprint"}


async def test_filing_is_refused_when_the_account_already_voted(team: Team) -> None:
    # The account filed under another membership between this pulse's start and its end.
    configured = team.restarted(SECRET)
    person = people(1)[0]
    events = await configured.members.join(person, await team.invite())
    round_id = (await team.status()).round_id
    async with team.sessions.begin() as session:
        key = fingerprint(SECRET, person.external_id, round_id)
        session.add(RoundVoter(round_id=round_id, fingerprint=key))

    done = await answer_all(configured.checkins, person, events, {})

    assert keys(done) == ["already_answered"]
    assert await team.count(PulseTally) == 0
    assert await team.count(Participation) == 0
    assert await team.count(CheckIn) == 0
    assert await team.count(RoundVoter) == 1


@pytest.mark.both_databases
async def test_a_generated_secret_survives_a_restart(team: Team) -> None:
    person = people(1)[0]
    token = await team.invite()
    await team.join(person, token=token)
    [(generated,)] = await team.rows(select(InstanceSecret.value))

    restarted = team.restarted()
    assert keys(await restarted.members.leave(person, confirmed=True)) == ["left"]
    rejoined = await restarted.members.join(person, token)

    assert keys(rejoined)[-1] == "already_answered"
    assert await team.rows(select(InstanceSecret.value)) == [(generated,)]
    round_id = (await team.status()).round_id
    secret = bytes.fromhex(generated)
    assert await team.rows(select(RoundVoter.fingerprint)) == [
        (fingerprint(secret, person.external_id, round_id),)
    ]


async def test_a_secret_stored_by_a_rolled_back_update_is_not_kept(team: Team) -> None:
    now = team.clock.now()
    async with team.sessions.begin() as session:
        pulse_round = PulseRound(
            workspace_id=team.workspace_id, number=1, opened_at=now, closes_at=now
        )
        session.add(pulse_round)
    first, second = Voters(), Voters()

    async def failed_update() -> None:
        async with team.sessions.begin() as session:
            await first.voted(Repositories(session), 2001, pulse_round.id)
            raise LookupError("the update failed after the secret was generated")

    with pytest.raises(LookupError):
        await failed_update()
    async with team.sessions.begin() as session:
        await second.record(Repositories(session), 2001, pulse_round.id)

    # Had ``first`` kept the secret it generated, it could not see ``second``'s fingerprint.
    async with team.sessions.begin() as session:
        assert await first.voted(Repositories(session), 2001, pulse_round.id)
    assert await team.count(InstanceSecret) == 1


# -- what the owner reads ------------------------------------------------------------------


async def test_the_report_names_nobody(team: Team) -> None:
    members = people(5)
    await team.team.add_department(OWNER, "Kitchen")
    token = await team.invite("Kitchen")
    for number, person in enumerate(members):
        values: dict[str, Value] = {"t_vision_clear": 1 + number % 5}
        if number < 3:
            values |= {"comment": "Please fix the oven", "echo": VISION}
        await team.join(person, values, token=token)
    await team.close_round()

    renderer = ReportRenderer(load_texts(PROMPTS / "ui.yaml"))
    report = await team.report()
    assert report.comments == ("Please fix the oven",) * 3
    text = renderer.summary(report) + renderer.details(report)
    assert BUSINESS in text
    assert "Please fix the oven" in text
    shown = text + repr(report) + renderer.csv(report).decode()
    for person in members:
        assert person.first_name not in shown
    for person in members:
        results = renderer.results(await team.results(person))
        assert not any(p.first_name in results for p in members)
        assert "Please fix the oven" not in results


@pytest.mark.both_databases
async def test_scores_match_a_hand_computation(team: Team) -> None:
    # The owner: 5 on vc_clear and 1 on the reverse-worded vc_ignored -> levels 100 and 100;
    # the same on goal alignment; nothing for the other dimensions (so no gap there).
    await team.seed_self_check(
        {"vc_clear": 5, "vc_ignored": 1, "ga_priorities": 5, "ga_offtrack": 1}
    )
    answers: list[dict[str, Value]] = [
        {"t_vision_clear": 5, "t_vision_ignored": 1, "t_goal_priorities": 2, "t_goal_offtrack": 4},
        {"t_vision_clear": 4, "t_vision_ignored": 2, "t_goal_priorities": 2, "t_goal_offtrack": 4},
        {"t_vision_clear": 3, "t_vision_ignored": 2, "t_goal_priorities": 2, "t_goal_offtrack": 4},
    ]
    # Communication: one person answers t_comm_why with 5, nobody answers t_comm_voice.
    answers[0] |= {"t_comm_why": 5, "t_comm_voice": None}
    answers[1] |= {"t_comm_why": None, "t_comm_voice": None, "recall": WRONG}
    answers[2] |= {"t_comm_why": None, "t_comm_voice": None}
    for person, values in zip(people(3), answers, strict=True):
        await team.join(person, values)
    await team.close_round()
    latest = (await team.report()).latest

    # Vision clarity.
    #   t_vision_clear 5, 4, 3: mean 4 -> level 75; s² = (1 + 0 + 1) / 2 = 1
    #   t_vision_ignored 1, 2, 2 (reverse): mean 5/3, flipped 13/3 -> level 83.33;
    #     s² = ((2/3)² + (1/3)² + (1/3)²) / 2 = 1/3
    #   team = (75 + 83.33) / 2 = 79.1667
    #   rWG: s̄² = (1 + 1/3) / 2 = 2/3; r = 1/3; J = 2: 2·(2/3) / (2·(2/3) + 1/3) = 0.8
    #   owner 100, gap = 100 - 79.1667 = +20.8333; n = 3
    vision = score(latest, Dimension.VISION_CLARITY)
    assert vision.team == pytest.approx(79.1666667)
    assert vision.rwg == pytest.approx(0.8)
    assert vision.owner == pytest.approx(100)
    assert vision.gap == pytest.approx(20.8333333)
    assert vision.n == 3
    # Goal alignment: everyone 2 and 4 (reverse) -> levels 25 and 25, no spread at all.
    #   team 25, rWG: s̄² = 0, r = 0 -> 1.0; owner 100, gap +75.
    goals = score(latest, Dimension.GOAL_ALIGNMENT)
    assert (goals.team, goals.rwg, goals.owner, goals.gap, goals.n) == (25, 1.0, 100, 75, 3)
    # Communication: one person answered, fewer than the threshold: held back, in no figure.
    comm = score(latest, Dimension.COMMUNICATION_FLOW)
    assert (comm.team, comm.rwg, comm.owner, comm.gap, comm.n) == (None, None, None, None, 0)
    assert dict(latest.held) == {Dimension.COMMUNICATION_FLOW: Hold.FEW_PEOPLE}
    # The other five: everyone 4 (2 when reverse-worded) -> level 75, rWG 1, no owner.
    others = [s for s in latest.scores if s not in (vision, goals, comm)]
    assert len(others) == 5
    assert all((s.team, s.rwg, s.gap, s.n) == (75, 1.0, None, 3) for s in others)
    # Headline: mean over the 7 shown dimensions of team · (1 + rWG)/2 · (1 - |gap|/100)
    #   vision 79.1667 · 0.9 · (1 - 0.208333) = 56.40625
    #   goals  25 · 1 · 0.25 = 6.25;  five times 75
    #   (56.40625 + 6.25 + 375) / 7 = 62.5223214
    assert latest.headline == pytest.approx(62.5223214)
    # Recall: two of three picked the real top goal.
    assert latest.recall == pytest.approx(200 / 3)

    # Members see the same team figures, never the owner's.
    results = (await team.results(people(1)[0])).latest
    assert results is not None
    assert [s.team for s in results.scores] == [s.team for s in latest.scores]
    assert all(s.owner is None and s.gap is None for s in results.scores)


# -- what a sequence of reports gives away -------------------------------------------------


async def test_consecutive_reports_do_not_single_out_a_lone_respondent(team: Team) -> None:
    first = people(3)
    for person in first:
        await team.join(person)  # everyone 4 (2 when reverse-worded): vision level 75
    await team.close_round()
    before = (await team.report()).latest

    await team.open_round()
    lone = people(1, start=3)[0]
    await team.join(lone, {"t_vision_clear": 1, "t_vision_ignored": 5, "comment": "It's me"})
    await team.close_round()
    after = await team.report()

    # Pooling the lone answer into round 1, already seen on its own, would let the owner
    # compute 4 · pooled − 3 · earlier. Instead round 2 waits for the next round.
    assert after.latest == before
    assert after.waiting == (2,)
    assert "It's me" not in after.comments


# -- blocks are fixed when rounds close; reports only read ---------------------------------


@pytest.mark.both_databases
async def test_report_and_results_write_nothing(team: Team) -> None:
    members = people(4)
    for person in members[:3]:
        await team.join(person)
    await team.close_round()
    await team.open_round()
    await team.answer(members[0])
    team.clock.advance(days=3, minutes=1)  # round 2 ran out; the job has not closed it yet

    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = team.sessions.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        report = await team.report()
        results = await team.results(members[0])
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert statements
    writes = [s for s in statements if s.lstrip().split()[0].upper() in WRITES]
    assert writes == []
    # Round 2 is past its time but not closed, so it is neither reported nor waiting yet.
    assert (report.latest.pooled, report.waiting) == ((1,), ())
    assert results.latest is not None
    assert results.latest.pooled == (1,)
    await close_due_rounds(team.sessions, team.clock)
    assert (await team.report()).waiting == (2,)


@pytest.mark.both_databases
async def test_concurrent_closes_assign_each_round_one_block(team: Team) -> None:
    a, b, c = people(3)
    await team.join(a)
    await team.join(b)
    await team.close_round()  # two people: round 1 waits
    await team.open_round()
    await team.answer(a)
    await team.join(c)
    team.clock.advance(days=3, minutes=1)  # round 2 ran out: a, b and c make a block

    now = team.clock.now()
    await asyncio.gather(
        close_rounds(team.sessions, now),
        close_rounds(team.sessions, now),
        team.rounds.open(OWNER),
        close_rounds(team.sessions, now),
    )

    rounds = await team.rows(
        select(PulseRound.number, PulseRound.block, PulseRound.closed_at).order_by(
            PulseRound.number
        )
    )
    assert [(number, block) for number, block, _ in rounds] == [(1, 2), (2, 2), (3, None)]
    assert rounds[1][2] is not None
    assert rounds[2][2] is None
    report = await team.report()
    assert [s.pooled for s in report.history] == [(1, 2)]
    assert report.latest.respondents == 3
    assert report.open_round is not None
    assert report.open_round.number == 3


async def test_the_echo_is_measured_against_the_vision_as_it_reads_now(team: Team) -> None:
    for person in people(3):
        await team.join(person, {"echo": VISION})
    await team.close_round()
    assert (await team.report()).latest.echo == pytest.approx(1.0)

    team.clock.advance(days=1)
    rewritten = "Fresh bread in every café of Europe"
    async with team.sessions.begin() as session:
        session.add(
            StrategyVersion(
                workspace_id=team.workspace_id,
                number=2,
                vision=rewritten,
                mission="We bake every day.",
                values=["Honesty"],
                created_at=team.clock.now(),
            )
        )
    assert (await team.report()).latest.echo == pytest.approx(similarity(rewritten, VISION))
    assert similarity(rewritten, VISION) < 1.0
