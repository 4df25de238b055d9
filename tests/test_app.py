"""The composition root: building one more application costs no more certificate loading."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from bot.app import build_application, tls_context
from bot.settings import PROJECT_ROOT, Settings
from tests.fakes.bot_api import DEFAULT_TOKEN


def test_applications_share_one_tls_context_that_verifies(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(
        _env_file=None, telegram_bot_token=DEFAULT_TOKEN, prompts_dir=PROJECT_ROOT / "prompts"
    )
    build_application(settings, rate_limiter=None, scheduled_jobs=False)
    loads: list[tuple[Any, ...]] = []
    load = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args)
        load(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    build_application(settings, rate_limiter=None, scheduled_jobs=False)
    assert loads == []
    assert tls_context().verify_mode is ssl.CERT_REQUIRED
    assert tls_context().check_hostname
