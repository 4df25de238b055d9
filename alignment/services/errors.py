"""Refusals the domain raises instead of returning, so the edge words each one in one place."""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A request this person may not make; ``notice`` names the reply in the UI texts."""

    notice: ClassVar[str]


class NotOwner(DomainError):
    """An owner-only action from someone who owns no business."""

    notice = "owner_only"
