"""The outbox: messages recorded by services, claimed and settled by the one sender."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery
from storage.repositories.inserts import conflict_insert

PENDING, SENDING, SENT, FAILED, UNCERTAIN = "pending", "sending", "sent", "failed", "uncertain"


class DeliveryRepository:
    """Deliveries by status; a claim is an UPDATE of pending rows, so two senders never share one."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        kind: str,
        period: str,
        recipients: Sequence[int],
        payload: dict[str, Any],
        now: datetime,
    ) -> None:
        """Queue one message per recipient; one already queued under the same key is left alone."""
        if not recipients:
            return
        insert = conflict_insert(self._session, Delivery)
        await self._session.execute(
            insert.values(
                [
                    {
                        "recipient": recipient,
                        "kind": kind,
                        "period": period,
                        "payload": payload,
                        "status": PENDING,
                        "attempts": 0,
                        "created_at": now,
                    }
                    for recipient in recipients
                ]
            ).on_conflict_do_nothing()
        )

    async def claim(self, limit: int, now: datetime) -> Sequence[Delivery]:
        """Mark up to ``limit`` pending deliveries as being sent, oldest first, and return them.

        PostgreSQL skips rows another sender has locked; SQLite has one writer at a time.
        """
        ids = select(Delivery.id).where(Delivery.status == PENDING).order_by(Delivery.id)
        ids = ids.limit(limit).with_for_update(skip_locked=True)
        rows = await self._session.scalars(
            update(Delivery)
            .where(Delivery.id.in_(ids.scalar_subquery()), Delivery.status == PENDING)
            .values(status=SENDING, claimed_at=now, attempts=Delivery.attempts + 1)
            .returning(Delivery)
            .execution_options(synchronize_session=False)
        )
        return sorted(rows.all(), key=lambda d: d.id)

    async def settle(self, delivery_id: int, status: str, now: datetime, error: str | None) -> None:
        """Record how a claimed delivery ended; ``pending`` puts it back for another try."""
        await self._session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(status=status, finished_at=None if status == PENDING else now, error=error)
            .execution_options(synchronize_session=False)
        )

    async def stale(self, claimed_before: datetime) -> Sequence[Delivery]:
        """Deliveries claimed before a time and never settled: a sender died mid-send."""
        rows = await self._session.scalars(
            select(Delivery).where(Delivery.status == SENDING, Delivery.claimed_at < claimed_before)
        )
        return rows.all()
