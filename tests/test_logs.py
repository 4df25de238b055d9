"""Secrets never reach a log line."""

from __future__ import annotations

import logging

import pytest

from bot.logs import MASK, configure_logging
from bot.settings import Settings
from storage.database import redact

TOKEN = "123456789:AAsecret-token-value-xyz0123"


@pytest.mark.usefixtures("restore_logging")
def test_the_token_is_redacted_from_every_record(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", [TOKEN])
    logging.getLogger("telegram.ext").info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    logging.getLogger("northstar").error("failed: %s", f"url=/bot{TOKEN}/x")
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert err.count(MASK) == 2


@pytest.mark.usefixtures("restore_logging")
def test_the_token_is_redacted_from_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", [TOKEN])
    try:
        raise RuntimeError(f"could not reach /bot{TOKEN}/getMe")
    except RuntimeError:
        logging.getLogger("northstar").exception("polling failed")
    err = capsys.readouterr().err
    assert "RuntimeError" in err
    assert TOKEN not in err


@pytest.mark.usefixtures("restore_logging")
def test_http_client_chatter_is_muted_below_warning() -> None:
    configure_logging("DEBUG", [TOKEN])
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("openai").isEnabledFor(logging.DEBUG)  # it logs whole prompts


def test_settings_repr_hides_the_token_and_database_url() -> None:
    settings = Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        database_url="postgresql://bot:hunter2@db/northstar",
    )
    assert TOKEN not in repr(settings)
    assert "hunter2" not in repr(settings)
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert "hunter2" not in redact(settings.database_url)
