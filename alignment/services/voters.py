"""One vote per Telegram account per round, checked by keyed fingerprint.

The secret comes from ``FINGERPRINT_SECRET`` or, when that is not set, from the database, where
the first process to need it generates it; every process of the installation then agrees.
"""

from __future__ import annotations

import secrets

from sqlalchemy import event
from sqlalchemy.orm import Session

from alignment.team.voters import SECRET_BYTES, fingerprint
from storage.repositories import Repositories

KEY_ROW = "fingerprint"
"""The row of ``instance_secrets`` holding a generated fingerprint secret."""


class Voters:
    """Whether an account filed in a round, and recording that it did; holds the secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret
        self._candidate = secrets.token_bytes(SECRET_BYTES).hex()

    async def voted(self, repos: Repositories, telegram_id: int, round_id: int) -> bool:
        """Whether this account already filed in the round, under any membership."""
        key = fingerprint(await self._key(repos), telegram_id, round_id)
        return await repos.voters.has(round_id, key)

    async def record(self, repos: Repositories, telegram_id: int, round_id: int) -> None:
        """Remember the filing, in the filing's transaction; a second one breaks the key."""
        key = fingerprint(await self._key(repos), telegram_id, round_id)
        await repos.voters.add(round_id, key)

    async def _key(self, repos: Repositories) -> bytes:
        """The configured secret, else the stored one, kept in memory once it is committed.

        A value this instance has just stored is cached only after the commit: were the
        transaction rolled back, another process could store a different secret, and a cached
        copy of ours would make fingerprints nobody else can match.
        """
        if self._secret is not None:
            return self._secret
        stored = await repos.instance_secrets.get_or_add(KEY_ROW, self._candidate)
        key = bytes.fromhex(stored)
        if stored != self._candidate:
            self._secret = key  # another process's, read after its commit
        else:
            event.listen(repos.session.sync_session, "after_commit", self._cache, once=True)
        return key

    def _cache(self, _session: Session) -> None:
        self._secret = bytes.fromhex(self._candidate)
