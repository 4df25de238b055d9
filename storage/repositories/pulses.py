"""Pulse rounds, participation and the anonymous tallies and texts they produce."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Participation, PulseRound, PulseTally, PulseText


class PulseRepository:
    """Rounds and their results; nothing here joins an answer to a person."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, row: PulseRound | Participation | PulseText) -> None:
        """Persist a new round, participation record or text."""
        self._session.add(row)
        await self._session.flush()

    async def round(self, round_id: int) -> PulseRound | None:
        """A round by id."""
        return await self._session.get(PulseRound, round_id)

    async def open_round(self, workspace_id: int, now: datetime) -> PulseRound | None:
        """The round members can answer now, locked so closing and filing do not race."""
        return await self._session.scalar(
            select(PulseRound)
            .where(
                PulseRound.workspace_id == workspace_id,
                PulseRound.closed_at.is_(None),
                PulseRound.closes_at > now,
            )
            .order_by(PulseRound.number.desc())
            .limit(1)
            .with_for_update()
        )

    async def last_number(self, workspace_id: int) -> int:
        """The number of the newest round, 0 before the first."""
        number = await self._session.scalar(
            select(func.max(PulseRound.number)).where(PulseRound.workspace_id == workspace_id)
        )
        return int(number or 0)

    async def closed_rounds(self, workspace_id: int, now: datetime) -> Sequence[PulseRound]:
        """Rounds that can no longer change, newest first: only these are ever reported."""
        rows = await self._session.scalars(
            select(PulseRound)
            .where(
                PulseRound.workspace_id == workspace_id,
                or_(PulseRound.closed_at.is_not(None), PulseRound.closes_at <= now),
            )
            .order_by(PulseRound.number.desc())
        )
        return rows.all()

    async def participated(self, round_id: int, respondent_key: str) -> bool:
        """Whether this respondent has already filed answers in the round."""
        found = await self._session.scalar(
            select(Participation.id).where(
                Participation.round_id == round_id,
                Participation.respondent_key == respondent_key,
            )
        )
        return found is not None

    async def turnout(self, round_ids: Collection[int]) -> Sequence[tuple[int, str, int | None]]:
        """(round id, respondent key, department id) for every participation in the rounds."""
        rows = await self._session.execute(
            select(
                Participation.round_id, Participation.respondent_key, Participation.department_id
            ).where(Participation.round_id.in_(round_ids))
        )
        return [(r, k, d) for r, k, d in rows.all()]

    async def prepare_counts(
        self,
        round_id: int,
        department_id: int | None,
        filed_on: date,
        cells: Sequence[tuple[str, int]],
    ) -> None:
        """Create every count of a round and department at zero, in a fixed order, at once.

        Rows created only when first needed would be created by the first respondent, in the
        order of their answers: the oldest rows would spell out what that person said.
        """
        existing = await self._session.scalar(
            select(PulseTally.id)
            .where(
                PulseTally.round_id == round_id,
                _department_is(department_id),
                PulseTally.filed_on == filed_on,
            )
            .limit(1)
        )
        if existing is not None:
            return
        self._session.add_all(
            PulseTally(
                round_id=round_id,
                department_id=department_id,
                item_id=item_id,
                value=value,
                filed_on=filed_on,
                count=0,
            )
            for item_id, value in cells
        )
        await self._session.flush()

    async def count_answer(
        self, round_id: int, department_id: int | None, item_id: str, value: int, filed_on: date
    ) -> None:
        """Add one to the count of this answer; there is never a row per person."""
        tally = await self._session.scalar(
            select(PulseTally)
            .where(
                PulseTally.round_id == round_id,
                _department_is(department_id),
                PulseTally.item_id == item_id,
                PulseTally.value == value,
                PulseTally.filed_on == filed_on,
            )
            .limit(1)
            .with_for_update()
        )
        if tally is None:
            raise LookupError(f"no count prepared for {item_id}={value} in round {round_id}")
        tally.count += 1
        await self._session.flush()

    async def tallies(
        self, round_ids: Collection[int], department_id: int | None = None
    ) -> Sequence[tuple[str, int, int]]:
        """(item id, value, count) summed over the rounds, optionally for one department."""
        query = select(PulseTally.item_id, PulseTally.value, func.sum(PulseTally.count)).where(
            PulseTally.round_id.in_(round_ids)
        )
        if department_id is not None:
            query = query.where(PulseTally.department_id == department_id)
        rows = await self._session.execute(
            query.group_by(PulseTally.item_id, PulseTally.value).order_by(
                PulseTally.item_id, PulseTally.value
            )
        )
        return [(item, value, int(count)) for item, value, count in rows.all()]

    async def texts(self, round_ids: Collection[int], kind: str) -> Sequence[PulseText]:
        """Echoes or comments of the rounds, in the order of their random ids."""
        rows = await self._session.scalars(
            select(PulseText)
            .where(PulseText.round_id.in_(round_ids), PulseText.kind == kind)
            .order_by(PulseText.id)
        )
        return rows.all()


def _department_is(department_id: int | None) -> ColumnElement[bool]:
    if department_id is None:
        return PulseTally.department_id.is_(None)
    return PulseTally.department_id == department_id
