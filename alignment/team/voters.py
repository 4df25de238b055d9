"""Who already answered a round, remembered without remembering who they are.

A membership's respondent key dies with the membership, so a person who leaves and rejoins
would look new. The fingerprint is keyed by the Telegram account and the round instead: the
same account gives the same fingerprint in that round only, and without the secret it cannot
be turned back into an account id or matched across rounds.
"""

from __future__ import annotations

import hashlib
import hmac

SECRET_BYTES = 32
"""Length of a generated fingerprint secret: 256 bits, as long as the hash it keys."""


def fingerprint(secret: bytes, telegram_id: int, round_id: int) -> str:
    """HMAC-SHA256 of the account and round under ``secret``, 64 hex characters."""
    message = f"{telegram_id}:{round_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
