"""Pulse rounds, participation and the anonymous tallies and texts they produce."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, and_, delete, exists, func, insert, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    NO_DEPARTMENT,
    BlockFigure,
    Participation,
    PulseRound,
    PulseTally,
    PulseText,
)
from storage.repositories.inserts import conflict_insert
from storage.repositories.numbering import insert_numbered

SHUFFLE = random.SystemRandom()
"""Shuffles rewritten rows; unseeded and unpredictable, so their new order reveals nothing."""


class PulseRepository:
    """Rounds and their results; nothing here joins an answer to a person."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, row: Participation | PulseText) -> None:
        """Persist a participation record or a text."""
        self._session.add(row)
        await self._session.flush()

    async def add_round(
        self,
        workspace_id: int,
        opened_at: datetime,
        closes_at: datetime,
        *,
        slot: str | None = None,
        items: Sequence[str] | None = None,
    ) -> PulseRound:
        """Open a round numbered after the workspace's newest (see ``numbering``).

        ``items`` are the question ids it asks; None (left out, so SQL NULL rather than JSON
        null) asks the full pulse. ``slot`` is the scheduled time that opened it.
        """
        values: dict[str, object] = {"opened_at": opened_at, "closes_at": closes_at, "slot": slot}
        if items is not None:
            values["items"] = list(items)
        return await insert_numbered(self._session, PulseRound, workspace_id, values)

    async def items_of(self, round_id: int) -> list[str] | None:
        """The question ids a round asks; None for the full pulse."""
        return await self._session.scalar(select(PulseRound.items).where(PulseRound.id == round_id))

    async def item_history(self, workspace_id: int) -> list[list[str] | None]:
        """What every round of the workspace asked, in number order (None: the full pulse)."""
        rows = await self._session.scalars(
            select(PulseRound.items)
            .where(PulseRound.workspace_id == workspace_id)
            .order_by(PulseRound.number)
        )
        return list(rows.all())

    async def opened_before(self, workspace_id: int, when: datetime) -> datetime | None:
        """When the newest round opened before ``when`` was opened; None before the first."""
        return await self._session.scalar(
            select(func.max(PulseRound.opened_at)).where(
                PulseRound.workspace_id == workspace_id, PulseRound.opened_at < when
            )
        )

    async def round_for_slot(self, workspace_id: int, slot: str) -> PulseRound | None:
        """The round a scheduled slot opened, if it has."""
        return await self._session.scalar(
            select(PulseRound).where(
                PulseRound.workspace_id == workspace_id, PulseRound.slot == slot
            )
        )

    async def closed_since(self, workspace_id: int, since: datetime) -> Sequence[PulseRound]:
        """Rounds closed at or after a time, oldest first: the ones whose digest may be due."""
        rows = await self._session.scalars(
            select(PulseRound)
            .where(PulseRound.workspace_id == workspace_id, PulseRound.closed_at >= since)
            .order_by(PulseRound.number)
        )
        return rows.all()

    async def round(self, round_id: int) -> PulseRound | None:
        """A round by id, locked: a filing and the closing of its round run one after the other.

        So a filing either lands before the round closes, and is rewritten with it
        (``rewrite_closed``), or sees the round closed and is refused.
        """
        return await self._session.get(PulseRound, round_id, with_for_update=True)

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

    async def filings(
        self, round_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int | None, list[str] | None, bool]]:
        """(round, respondent key, department, figures answered, newcomer) per participation."""
        rows = await self._session.execute(
            select(
                Participation.round_id,
                Participation.respondent_key,
                Participation.department_id,
                Participation.figures,
                Participation.newcomer,
            ).where(Participation.round_id.in_(round_ids))
        )
        return [(r, k, d, f, n) for r, k, d, f, n in rows.all()]

    async def add_figures(self, rows: Sequence[BlockFigure]) -> None:
        """Store what a block shows, once, when it is fixed."""
        self._session.add_all(rows)
        await self._session.flush()

    async def figures(
        self, workspace_id: int
    ) -> dict[int, list[tuple[int | None, str, int, str | None]]]:
        """(department, figure, people, held) of every reported block, by block number."""
        rows = await self._session.execute(
            select(
                PulseRound.number,
                BlockFigure.department_id,
                BlockFigure.figure,
                BlockFigure.people,
                BlockFigure.held,
            )
            .join(BlockFigure, BlockFigure.round_id == PulseRound.id)
            .where(PulseRound.workspace_id == workspace_id)
        )
        found: dict[int, list[tuple[int | None, str, int, str | None]]] = {}
        for number, department, figure, people, held in rows.all():
            found.setdefault(number, []).append((department, figure, people, held))
        return found

    async def last_shown(self, workspace_id: int) -> dict[tuple[int | None, str], int]:
        """The newest block that showed each (department, figure)."""
        rows = await self._session.execute(
            select(BlockFigure.department_id, BlockFigure.figure, func.max(PulseRound.number))
            .join(PulseRound, BlockFigure.round_id == PulseRound.id)
            .where(PulseRound.workspace_id == workspace_id, BlockFigure.held.is_(None))
            .group_by(BlockFigure.department_id, BlockFigure.figure)
        )
        return {(department, figure): int(block) for department, figure, block in rows.all()}

    async def block_rounds(
        self, workspace_id: int, blocks: Collection[int]
    ) -> dict[int, list[int]]:
        """The round ids of the given blocks."""
        rows = await self._session.execute(
            select(PulseRound.block, PulseRound.id).where(
                PulseRound.workspace_id == workspace_id, PulseRound.block.in_(blocks)
            )
        )
        found: dict[int, list[int]] = {}
        for block, round_id in rows.all():
            if block is not None:
                found.setdefault(block, []).append(round_id)
        return found

    async def last_block(self, workspace_id: int) -> int | None:
        """The newest reported block's number, None before the first."""
        return await self._session.scalar(
            select(func.max(PulseRound.block)).where(PulseRound.workspace_id == workspace_id)
        )

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
        One multi-row INSERT creates them all; rows that exist already are left alone, so
        concurrent first filings cannot create a cell twice (``uq_pulse_tallies_cell``).
        """
        insert = conflict_insert(self._session, PulseTally)
        await self._session.execute(
            insert.values(
                [
                    {
                        "round_id": round_id,
                        "department_id": department_id,
                        "item_id": item_id,
                        "value": value,
                        "filed_on": filed_on,
                        "count": 0,
                    }
                    for item_id, value in cells
                ]
            ).on_conflict_do_nothing()
        )

    async def count_answers(
        self,
        round_id: int,
        department_id: int | None,
        filed_on: date,
        cells: Collection[tuple[str, int]],
    ) -> None:
        """Add one to the count of each (item, value) in one UPDATE; no row is per person.

        ``count = count + 1`` is computed by the database, so concurrent filings never lose an
        answer. Every cell must have been prepared, and each appears once per person.
        """
        if len(set(cells)) != len(cells):
            raise ValueError(f"a cell is counted twice for one person: {sorted(cells)}")
        if not cells:
            return
        counted = await self._session.scalars(
            update(PulseTally)
            .where(
                PulseTally.round_id == round_id,
                PulseTally.department_key() == (department_id or NO_DEPARTMENT),
                PulseTally.filed_on == filed_on,
                tuple_(PulseTally.item_id, PulseTally.value).in_(cells),
            )
            .values(count=PulseTally.count + 1)
            .returning(PulseTally.id)
            .execution_options(synchronize_session=False)
        )
        if len(counted.all()) != len(cells):
            raise LookupError(f"a count of round {round_id} was never prepared: {sorted(cells)}")

    async def rewrite_closed(self, round_ids: Collection[int]) -> None:
        """Rewrite every anonymous row of rounds that just closed, in this one transaction.

        Until a round closes, where its rows lie can tie them together: on PostgreSQL a filing's
        texts, its participation record and the counts it added to carry the same transaction
        id (``xmin``), and texts lie in the heap in filing order (``ctid``). So texts and
        participation are deleted and inserted again in a random order under fresh random
        keys, and every count is touched by one UPDATE: afterwards all rows of the rounds
        share the closing transaction's ``xmin`` and new places in the heap. The old row
        versions stay as dead tuples until VACUUM (docs/security.md).
        """
        if not round_ids:
            return
        for model in (PulseText, Participation):
            columns = [c for c in model.__table__.columns if not c.primary_key]
            found = await self._session.execute(
                select(*columns).where(model.round_id.in_(round_ids))
            )
            rows = [dict(row) for row in found.mappings()]
            await self._session.execute(
                delete(model)
                .where(model.round_id.in_(round_ids))
                .execution_options(synchronize_session=False)
            )
            SHUFFLE.shuffle(rows)
            if rows:
                # Core, not the ORM's bulk path: ten times faster for a round of thousands.
                await self._session.execute(insert(cast(Table, model.__table__)), rows)
        await self._session.execute(
            update(PulseTally)
            .where(PulseTally.round_id.in_(round_ids))
            .values(count=PulseTally.count)
            .execution_options(synchronize_session=False)
        )

    async def merge_department(self, department_id: int) -> None:
        """Fold a department's counts into the department-less ones before it is deleted.

        Deleting a department sets its counts' department to NULL; where the round already has
        a department-less count of the same answer, that would be a second row for one cell.
        Those are added to the existing row instead, and the rest become department-less.
        The department's counts are locked first: a filing into it at the same moment waits,
        then finds no count to add to and fails, rather than adding to a row being merged.
        """
        await self._session.execute(
            select(PulseTally.id).where(PulseTally.department_id == department_id).with_for_update()
        )
        other = aliased(PulseTally)
        same_cell = and_(
            other.round_id == PulseTally.round_id,
            other.item_id == PulseTally.item_id,
            other.value == PulseTally.value,
            other.filed_on == PulseTally.filed_on,
        )
        theirs = select(other.count).where(other.department_id == department_id, same_cell)
        await self._session.execute(
            update(PulseTally)
            .where(PulseTally.department_id.is_(None), exists(theirs))
            .values(count=PulseTally.count + theirs.scalar_subquery())
            .execution_options(synchronize_session=False)
        )
        unassigned = select(other.id).where(other.department_id.is_(None), same_cell)
        await self._session.execute(
            delete(PulseTally)
            .where(PulseTally.department_id == department_id, exists(unassigned))
            .execution_options(synchronize_session=False)
        )

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
        """Workspaces with a round past its time but not marked closed.

        Closed rounds still waiting for a block are not listed: only another round closing can
        change whether they may be reported, so looking at them every minute would be wasted.
        """
        rows = await self._session.scalars(
            select(PulseRound.workspace_id)
            .where(PulseRound.closed_at.is_(None), PulseRound.closes_at <= now)
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
