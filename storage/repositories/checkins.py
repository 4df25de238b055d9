"""Check-ins and their answers: the conversation state that survives restarts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import Answer, CheckIn, Workspace

ACTIVE = "active"
COMPLETED = "completed"
CANCELLED = "cancelled"


class CheckInRepository:
    """Load, lock and change check-ins; rows are locked so two processes cannot race."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def active_for(self, user_id: int) -> CheckIn | None:
        """The user's open check-in with its answers, locked for this transaction."""
        found = await self.active_with_workspace(user_id)
        return found[0] if found else None

    async def active_with_workspace(self, user_id: int) -> tuple[CheckIn, Workspace | None] | None:
        """The open check-in, its answers and its workspace in one statement, for every update.

        Only the check-in row is locked: PostgreSQL cannot lock the nullable side of an outer
        join. A partial unique index allows one open check-in per user, so there is no LIMIT.
        """
        rows = await self._session.execute(
            select(CheckIn, Workspace)
            .outerjoin(Workspace, CheckIn.workspace_id == Workspace.id)
            .options(joinedload(CheckIn.answers))
            .where(CheckIn.user_id == user_id, CheckIn.status == ACTIVE)
            .with_for_update(of=CheckIn)
        )
        row = rows.unique().first()
        return (row[0], row[1]) if row else None

    async def add(self, checkin: CheckIn) -> CheckIn:
        """Persist a new check-in."""
        self._session.add(checkin)
        await self._session.flush()
        return checkin

    async def last_completed(self, user_id: int) -> dict[str, datetime]:
        """When each script was last completed by this user."""
        rows = await self._session.execute(
            select(CheckIn.script_id, func.max(CheckIn.completed_at))
            .where(CheckIn.user_id == user_id, CheckIn.status == COMPLETED)
            .group_by(CheckIn.script_id)
        )
        return {script_id: at for script_id, at in rows if at is not None}

    async def set_answer(
        self,
        checkin: CheckIn,
        *,
        key: str,
        question_id: str,
        value: Any,
        dimension: str | None,
        reverse: bool,
        now: datetime,
    ) -> None:
        """Store an answer, replacing an earlier answer to the same step."""
        for answer in checkin.answers:
            if answer.key == key:
                answer.value = value
                answer.answered_at = now
                break
        else:
            checkin.answers.append(
                Answer(
                    key=key,
                    question_id=question_id,
                    value=value,
                    dimension=dimension,
                    reverse=reverse,
                    answered_at=now,
                )
            )
        await self._session.flush()

    async def delete_answers(self, checkin: CheckIn, keys: Iterable[str]) -> None:
        """Forget answers so their questions are asked again."""
        doomed = set(keys)
        checkin.answers[:] = [a for a in checkin.answers if a.key not in doomed]
        await self._session.flush()

    async def suggest(self, checkin_id: int, step: int, review: str, suggestion: list[str]) -> bool:
        """Keep a review's suggestion in ``draft``, only while that review still waits there.

        One conditional UPDATE, so a suggestion computed outside the transaction never lands
        on a check-in that has moved on meanwhile. True when it was stored.
        """
        stored = await self._session.execute(
            update(CheckIn)
            .where(
                CheckIn.id == checkin_id,
                CheckIn.status == ACTIVE,
                CheckIn.step == step,
                CheckIn.pending_review == review,
            )
            .values(draft=suggestion)
            .returning(CheckIn.id)
        )
        return stored.first() is not None

    async def remove(self, checkin: CheckIn) -> None:
        """Delete a check-in and its answers, such as a pulse once it has been filed."""
        await self._session.delete(checkin)
        await self._session.flush()

    async def latest_answers(self, user_id: int, script_id: str) -> dict[str, Any]:
        """Question id to answer from the user's newest completed run of a script."""
        checkin = await self._session.scalar(
            select(CheckIn)
            .where(
                CheckIn.user_id == user_id,
                CheckIn.script_id == script_id,
                CheckIn.status == COMPLETED,
            )
            .order_by(CheckIn.completed_at.desc(), CheckIn.id.desc())
            .limit(1)
        )
        return {a.question_id: a.value for a in checkin.answers} if checkin else {}
