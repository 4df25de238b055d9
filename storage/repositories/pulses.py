"""Pulse rounds, participation and the anonymous tallies and texts they produce."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
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

    async def due_rounds(self, workspace_id: int, now: datetime) -> Sequence[PulseRound]:
        """Rounds whose time has run out but that are not marked closed yet."""
        rows = await self._session.scalars(
            select(PulseRound).where(
                PulseRound.workspace_id == workspace_id,
                PulseRound.closed_at.is_(None),
                PulseRound.closes_at <= now,
            )
        )
        return rows.all()

    async def unpooled_rounds(self, workspace_id: int) -> Sequence[PulseRound]:
        """Closed rounds not in a block yet, oldest first: the only ones pooling may still group."""
        rows = await self._session.scalars(
            select(PulseRound)
            .where(
                PulseRound.workspace_id == workspace_id,
                PulseRound.closed_at.is_not(None),
                PulseRound.block.is_(None),
            )
            .order_by(PulseRound.number)
        )
        return rows.all()

    async def reported_rounds(self, workspace_id: int) -> Sequence[PulseRound]:
        """Rounds marked closed, oldest first; a round past its time is not one until closed."""
        rows = await self._session.scalars(
            select(PulseRound)
            .where(PulseRound.workspace_id == workspace_id, PulseRound.closed_at.is_not(None))
            .order_by(PulseRound.number)
        )
        return rows.all()

    async def block_tallies(self, workspace_id: int) -> dict[int, list[tuple[str, int, int]]]:
        """(item id, value, count) summed per block, like ``tallies`` for every block at once."""
        rows = await self._session.execute(
            select(
                PulseRound.block, PulseTally.item_id, PulseTally.value, func.sum(PulseTally.count)
            )
            .join(PulseTally, PulseTally.round_id == PulseRound.id)
            .where(PulseRound.workspace_id == workspace_id, PulseRound.block.is_not(None))
            .group_by(PulseRound.block, PulseTally.item_id, PulseTally.value)
            .order_by(PulseRound.block, PulseTally.item_id, PulseTally.value)
        )
        found: dict[int, list[tuple[str, int, int]]] = {}
        for block, item, value, count in rows.all():
            if block is not None:
                found.setdefault(block, []).append((item, value, int(count)))
        return found

    async def mean_similarity(self, round_ids: Collection[int], kind: str) -> float | None:
        """Mean stored similarity of the rounds' texts of one kind, None when there are none."""
        mean = await self._session.scalar(
            select(func.avg(PulseText.similarity)).where(
                PulseText.round_id.in_(round_ids), PulseText.kind == kind
            )
        )
        return float(mean) if mean is not None else None

    async def answered(self, round_id: int) -> int:
        """How many people answered one round."""
        count = await self._session.scalar(
            select(func.count()).where(Participation.round_id == round_id)
        )
        return int(count or 0)

    async def department_respondents(self, round_ids: Collection[int]) -> dict[int | None, int]:
        """Distinct respondents per department over the rounds (None: no department)."""
        rows = await self._session.execute(
            select(
                Participation.department_id, func.count(func.distinct(Participation.respondent_key))
            )
            .where(Participation.round_id.in_(round_ids))
            .group_by(Participation.department_id)
        )
        return {department: int(count) for department, count in rows.all()}

    async def workspaces_to_close(self, now: datetime) -> Sequence[int]:
        """Workspaces with a round past its time, or a closed round not pooled yet."""
        rows = await self._session.scalars(
            select(PulseRound.workspace_id)
            .where(
                or_(
                    and_(PulseRound.closed_at.is_(None), PulseRound.closes_at <= now),
                    and_(PulseRound.closed_at.is_not(None), PulseRound.block.is_(None)),
                )
            )
            .distinct()
            .order_by(PulseRound.workspace_id)
        )
        return rows.all()

    async def text_bodies(self, round_ids: Collection[int], kind: str) -> Sequence[str]:
        """Echoes or comments of the rounds, in the order of their random ids, words only."""
        rows = await self._session.scalars(
            select(PulseText.text)
            .where(PulseText.round_id.in_(round_ids), PulseText.kind == kind)
            .order_by(PulseText.id)
        )
        return rows.all()


def _department_is(department_id: int | None) -> ColumnElement[bool]:
    if department_id is None:
        return PulseTally.department_id.is_(None)
    return PulseTally.department_id == department_id
