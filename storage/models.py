"""The schema as SQLAlchemy 2 typed models; Alembic migrations are generated from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations are stable across databases."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}  # noqa: RUF012


class User(Base):
    """A person known to the bot; we keep only what we need to talk to them."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]


class Workspace(Base):
    """One business, set up and owned by one owner."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    industry: Mapped[str] = mapped_column(String(128))
    team_size: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


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
