"""The outbox: messages recorded by services, claimed and settled by the one sender."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery
from storage.repositories.inserts import conflict_insert

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
UNCERTAIN, SKIPPED = "uncertain", "skipped"


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
        *,
        not_before: datetime | None = None,
        status: str = PENDING,
    ) -> None:
        """Queue one message per recipient; one already queued under the same key is left alone.

        ``status`` SKIPPED records an item that fell due too long ago, so it is never sent late.
        The tick records the same keys every minute: those already there are left out before the
        insert, because on PostgreSQL even an insert that conflicts draws a number from the id
        sequence; the conflict clause still covers a concurrent tick.
        """
        if not recipients:
            return
        known = await self._session.scalars(
            select(Delivery.recipient).where(
                Delivery.kind == kind,
                Delivery.period == period,
                Delivery.recipient.in_(set(recipients)),
            )
        )
        already = set(known.all())
        recipients = [r for r in dict.fromkeys(recipients) if r not in already]
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
                        "status": status,
                        "attempts": 0,
                        "created_at": now,
                        "not_before": not_before or now,
                        "finished_at": None if status == PENDING else now,
                    }
                    for recipient in recipients
                ]
            ).on_conflict_do_nothing()
        )

    async def claim(self, limit: int, now: datetime) -> Sequence[Delivery]:
        """Mark up to ``limit`` due pending deliveries as being sent, oldest first; return them.

        PostgreSQL skips rows another sender has locked; SQLite has one writer at a time.
        """
        ids = select(Delivery.id).where(Delivery.status == PENDING, Delivery.not_before <= now)
        ids = ids.order_by(Delivery.not_before, Delivery.id).limit(limit)
        ids = ids.with_for_update(skip_locked=True)
        rows = await self._session.scalars(
            update(Delivery)
            .where(Delivery.id.in_(ids.scalar_subquery()), Delivery.status == PENDING)
            .values(status=SENDING, claimed_at=now, attempts=Delivery.attempts + 1)
            .returning(Delivery)
            .execution_options(synchronize_session=False)
        )
        return sorted(rows.all(), key=lambda d: d.id)

    async def settle(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        error: str | None,
        retry_at: datetime | None = None,
    ) -> None:
        """Record how a claimed delivery ended; ``pending`` puts it back to go at ``retry_at``."""
        values: dict[str, Any] = {"status": status, "error": error}
        if status == PENDING:
            values |= {"finished_at": None, "not_before": retry_at or now}
        else:
            values["finished_at"] = now
        await self._session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    async def skip_overdue(self, due_before: datetime, now: datetime) -> None:
        """Pending deliveries due before a time would arrive at the wrong moment: skip them."""
        await self._session.execute(
            update(Delivery)
            .where(Delivery.status == PENDING, Delivery.not_before < due_before)
            .values(status=SKIPPED, finished_at=now, error="more than a day late")
            .execution_options(synchronize_session=False)
        )

    async def stale(self, claimed_before: datetime) -> Sequence[Delivery]:
        """Deliveries claimed before a time and never settled: a sender died mid-send."""
        rows = await self._session.scalars(
            select(Delivery).where(Delivery.status == SENDING, Delivery.claimed_at < claimed_before)
        )
        return rows.all()

    async def sent_before(self, kind: str, period: str, before: datetime) -> set[int]:
        """Recipients a message went to before a time, e.g. invitations due a reminder."""
        rows = await self._session.scalars(
            select(Delivery.recipient).where(
                Delivery.kind == kind,
                Delivery.period == period,
                Delivery.status == SENT,
                Delivery.finished_at <= before,
            )
        )
        return set(rows.all())

    async def periods(self, recipient: int, kind: str) -> dict[str, datetime]:
        """When each message of one kind was recorded for one recipient, by period."""
        rows = await self._session.execute(
            select(Delivery.period, Delivery.created_at).where(
                Delivery.recipient == recipient, Delivery.kind == kind
            )
        )
        return {row[0]: row[1] for row in rows}
