"""The schema as SQLAlchemy 2 typed models; Alembic migrations are generated from it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database: SQLite stores no offset and returns naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store in UTC, so text comparison on SQLite orders instants correctly."""
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Give back an aware datetime whatever the driver returned."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def random_key() -> str:
    """A fresh random row key: 32 hex digits that say nothing about when the row was written."""
    return uuid.uuid4().hex


UNORDERED: dict[str, Any] = {"sqlite_with_rowid": False}
"""Table options of the anonymous tables: on SQLite they are stored in the order of their random
keys, with no hidden rowid counting up in the order rows were filed."""


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations are stable across databases."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}  # noqa: RUF012


class User(Base):
    """A person known to the bot; we keep only what we need to talk to them."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    unreachable_at: Mapped[datetime | None]
    """When Telegram said they blocked the bot; nothing scheduled goes to them until /start."""


class Workspace(Base):
    """One business, set up and owned by one owner."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    industry: Mapped[str] = mapped_column(String(128))
    team_size: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    anonymity_threshold: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    created_at: Mapped[datetime]
    # The weekly rhythm in the business's time zone; None follows the instance's default
    # (RHYTHM_* settings), so an operator's new default reaches everyone who never changed it.
    checkin_day: Mapped[int | None] = mapped_column(Integer)
    """Weekday of the owner's check-in prompt, 0 is Monday."""
    checkin_time: Mapped[time | None]
    pulse_days: Mapped[list[int] | None] = mapped_column(JSON)
    """Weekdays a team round opens on, 0 is Monday."""
    pulse_time: Mapped[time | None]
    pulse_every: Mapped[int | None] = mapped_column(Integer)
    """Weeks between rounds: 1 or 2."""
    pulse_items: Mapped[int | None] = mapped_column(Integer)
    """Statements in a weekly round."""
    quiet_from: Mapped[time | None]
    quiet_until: Mapped[time | None]
    paused: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    """The owner paused the whole workspace: nothing scheduled is sent until they resume."""
    settings_awaiting: Mapped[str | None] = mapped_column(String(16))
    """Which /settings value the owner was asked to type, so a restart does not forget it."""
    settings_awaiting_since: Mapped[datetime | None]
    """When they were asked; an old question no longer claims what they type."""
    nudges_off: Mapped[list[str] | None] = mapped_column(JSON)
    """Reassessment nudge kinds the owner turned off in /settings."""
    nudges_snoozed: Mapped[dict[str, str] | None] = mapped_column(JSON)
    """Nudge kind -> the ISO moment its "Not now" snooze ends."""
    coach_asked_at: Mapped[datetime | None]
    """When a bare /coach asked the owner what to ask; their next typed text is the question."""


class StrategyVersion(Base):
    """An immutable snapshot of vision, mission, values and goals; edits add a version."""

    __tablename__ = "strategy_versions"
    __table_args__ = (UniqueConstraint("workspace_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    vision: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[str | None] = mapped_column(Text)
    values: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    top_goal: Mapped[int | None] = mapped_column(Integer)
    """Position of the goal the owner marked as the top priority; None: the first goal."""
    distractors: Mapped[list[str] | None] = mapped_column(JSON)
    """Wrong recall choices the model wrote for these goals; None: the bank of recall.yaml."""
    goals: Mapped[list[Goal]] = relationship(
        order_by="Goal.position", cascade="all, delete-orphan", lazy="selectin"
    )


class Goal(Base):
    """A strategic goal as stated in one strategy version."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(120))
    deadline: Mapped[date] = mapped_column(Date)
    confidence: Mapped[int] = mapped_column(Integer)
    serves: Mapped[str] = mapped_column(Text)


class GoalProgress(Base):
    """One progress report on a goal, taken from a goal-progress check-in."""

    __tablename__ = "goal_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    is_percent: Mapped[bool]
    confidence: Mapped[int] = mapped_column(Integer)
    blocker: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime]


class CheckIn(Base):
    """A conversation in progress or done: the cursor is what lets any process continue it."""

    __tablename__ = "checkins"
    __table_args__ = (
        Index("ix_checkins_user_status", "user_id", "status"),
        Index(
            "uq_checkins_one_active_per_user",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    script_id: Mapped[str] = mapped_column(String(64))
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("pulse_rounds.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    cursor: Mapped[str | None] = mapped_column(String(64))
    step: Mapped[int] = mapped_column(Integer, default=0)
    pending_review: Mapped[str | None] = mapped_column(String(64))
    draft: Mapped[list[str] | None] = mapped_column(JSON)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    answers: Mapped[list[Answer]] = relationship(
        order_by="Answer.id", cascade="all, delete-orphan", lazy="selectin"
    )


class Answer(Base):
    """One validated answer, stored the moment it is given."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("checkin_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    dimension: Mapped[str | None] = mapped_column(String(32))
    reverse: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime]


class Department(Base):
    """A part of the team results can be broken down by, such as Sales or the kitchen."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class Invite(Base):
    """An invite link; only a hash of its token is stored, so a leaked database opens no doors."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Membership(Base):
    """A person on a team; the respondent key is what participation records point at."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    respondent_key: Mapped[str] = mapped_column(String(32), unique=True)
    paused: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime]
    away_until: Mapped[date | None] = mapped_column(Date)
    """On vacation until this day (inclusive, in the business's time zone): no invitations."""


class PulseRound(Base):
    """One round of team questions; it is open until it is closed or its time runs out."""

    __tablename__ = "pulse_rounds"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        Index("uq_pulse_rounds_slot", "workspace_id", "slot", unique=True),
    )
    """The slot index makes two tickers at once open a scheduled round only once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    announced_at: Mapped[datetime | None]
    """When members were invited; a round a newcomer's join opened is not announced yet."""
    block: Mapped[int | None] = mapped_column(Integer)
    """The number of the last round of the reported block this round belongs to, once fixed."""
    block_respondents: Mapped[int | None] = mapped_column(Integer)
    """Distinct people who answered any round of the block, counted when the block was fixed."""
    block_echo: Mapped[float | None] = mapped_column(Float)
    """Mean of the block's stored echo similarities, taken when the block was fixed."""
    block_newcomers: Mapped[int | None] = mapped_column(Integer)
    """How many of the block's people joined the team while one of its rounds was open."""
    held: Mapped[str | None] = mapped_column(String(16))
    """Why a closed round is not in a block yet (``alignment.privacy.Hold``), else None."""
    items: Mapped[list[str] | None] = mapped_column(JSON)
    """The question ids this round asks, chosen when it opened; None asks the full pulse."""
    slot: Mapped[str | None] = mapped_column(String(32))
    """The scheduled time that opened it (local ISO date and time); None when opened by hand."""


class Participation(Base):
    """Who took part in a round, kept apart from what anyone answered.

    The membership link is cleared when a member leaves; the random respondent key stays so
    pooled rounds still count distinct people.
    """

    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("round_id", "respondent_key"), UNORDERED)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_rounds.id", ondelete="CASCADE"))
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), index=True
    )
    respondent_key: Mapped[str] = mapped_column(String(32))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    completed_on: Mapped[date] = mapped_column(Date)
    figures: Mapped[list[str] | None] = mapped_column(JSON)
    """Which statements and questions they answered, never how; None on rows filed before 0008."""
    newcomer: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    """Whether they joined the team after the round opened (a possible second account)."""


NO_DEPARTMENT = 0
"""Stands in for "no department" where counts must be unique: NULLs never collide in an index."""


class PulseTally(Base):
    """How many people gave one answer to one item: counts only, no row per person."""

    __tablename__ = "pulse_tallies"
    __table_args__ = (
        Index("ix_pulse_tallies_cells", "round_id", "item_id", "value", "count"),
        UNORDERED,
    )
    """The index covers the per-block sums of /report, so only the index is read."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_rounds.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    item_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(Integer)
    filed_on: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)

    @classmethod
    def department_key(cls) -> ColumnElement[int]:
        """The department as ``uq_pulse_tallies_cell`` sees it; queries use it to match."""
        return func.coalesce(cls.department_id, NO_DEPARTMENT)


Index(
    "uq_pulse_tallies_cell",
    PulseTally.round_id,
    PulseTally.department_key(),
    PulseTally.item_id,
    PulseTally.value,
    PulseTally.filed_on,
    unique=True,
)


class PulseText(Base):
    """A vision echo, free recall or comment, filed without its author under a random id."""

    __tablename__ = "pulse_texts"
    __table_args__ = UNORDERED

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_rounds.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    similarity: Mapped[float | None] = mapped_column(Float)
    filed_on: Mapped[date] = mapped_column(Date)


class BlockFigure(Base):
    """Whether one figure of a reported block is shown, decided once when the block is fixed.

    Later department changes or threshold raises never reveal more of a block the owner has
    seen: reports show exactly what these rows allow. ``department_id`` None is the whole team;
    ``figure`` is a statement id, ``recall``, ``echo``, ``priorities``, ``comment`` or ``*``
    (the department).
    """

    __tablename__ = "block_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_rounds.id", ondelete="CASCADE"), index=True
    )
    """The block's last round."""
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE")
    )
    figure: Mapped[str] = mapped_column(String(64))
    people: Mapped[int] = mapped_column(Integer)
    held: Mapped[str | None] = mapped_column(String(16))
    """None when shown, else why not (``alignment.privacy.Hold``)."""


class RoundVoter(Base):
    """A keyed fingerprint of a Telegram account that filed in a round, and nothing else.

    It outlives /leave, so rejoining cannot answer the same round twice, and goes when the
    round's block is fixed. The primary key makes a second filing by one account impossible.
    """

    __tablename__ = "round_voters"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)


class InstanceSecret(Base):
    """Secrets this installation generated for itself, such as the fingerprint key."""

    __tablename__ = "instance_secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class Delivery(Base):
    """A message to someone other than the sender, recorded in the transaction that decided it.

    One sender at the edge claims it, sends it and records the outcome, so a timeout or a 429
    halfway through a fan-out never leaves the rest unsent, and the key (recipient, kind,
    period) makes a second copy of the same message impossible.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("recipient", "kind", "period"),
        Index("ix_deliveries_status", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[int] = mapped_column(BigInteger)
    """The Telegram chat to send to (a private chat, so the person's Telegram id)."""
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(64))
    """What makes this message unique for its recipient and kind, e.g. ``round:17``."""
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    """pending, sending (claimed), sent, failed, uncertain (the outcome is unknown) or skipped
    (it fell due more than a day ago, so it would arrive at the wrong moment)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    not_before: Mapped[datetime]
    """The first moment it may go: after the recipient's quiet hours, or a retry's backoff."""
    claimed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(200))


class Commitment(Base):
    """One action the owner committed to after a report, and what became of it.

    While the owner is still answering, ``stage`` names the question asked (what, due or
    message), so a restart keeps their place; once committed it is None.
    """

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(16))
    what: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    team_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    committed_at: Mapped[datetime | None]
    announced_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("pulse_rounds.id", ondelete="SET NULL")
    )
    """The round whose invitation told the team, so it is said once."""
    reasked_at: Mapped[datetime | None]
    """When a round opened that asks the dimension's statements again, about four weeks on."""
    done: Mapped[bool | None]
    """The owner's answer once the date passed: yes, not yet, or None while unanswered."""
    answered_at: Mapped[datetime | None]


class CoachTurn(Base):
    """One message of the owner's /coach conversation, remembered for a day, then pruned.

    Only the owner's questions and the coach's answers: no team answer or comment is stored here.
    """

    __tablename__ = "coach_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(8))
    """``user`` (the owner) or ``coach``."""
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class LlmCall(Base):
    """One call to the language model: what it cost and how it ended, never what was said.

    The token sums of a workspace's calls in a calendar month are its budget; a call that was
    not made because the budget ran out is recorded too, with no tokens.
    """

    __tablename__ = "llm_calls"
    __table_args__ = (Index("ix_llm_calls_workspace_id_created_at", "workspace_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    prompt_id: Mapped[str] = mapped_column(String(64))
    """The prompt file's id, or ``embeddings`` for a similarity call."""
    prompt_version: Mapped[int]
    model: Mapped[str] = mapped_column(String(128))
    tokens_in: Mapped[int]
    tokens_out: Mapped[int]
    latency_ms: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(16))
    """``ok`` or ``fallback``."""
    reason: Mapped[str | None] = mapped_column(String(32))
    """Why a call fell back: timeout, rate_limited, server_error, refused, malformed, ..."""
    created_at: Mapped[datetime]
