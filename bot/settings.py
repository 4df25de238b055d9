"""Settings from the environment and .env, validated once at start-up."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from alignment.schedule import MAX_QUIET, Rhythm, quiet_hours

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
FINGERPRINT_SECRET_LENGTH = 32
"""Shortest FINGERPRINT_SECRET accepted; `openssl rand -hex 32` gives 64 characters."""
MAX_LLM_TIMEOUT = 20
"""Seconds: the coach falls back to its offline result rather than keep a person waiting longer."""
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(raw: object) -> object:
    """A weekday as a number (0 is Monday) or its English name or first three letters."""
    if isinstance(raw, str) and raw.strip()[:3].lower() in DAY_NAMES:
        return DAY_NAMES.index(raw.strip()[:3].lower())
    return raw


def _weekdays(raw: object) -> object:
    """Comma-separated weekdays, e.g. ``tue,fri``."""
    if isinstance(raw, str):
        return [_weekday(part) for part in raw.split(",") if part.strip()]
    return raw


def _http_url(url: str) -> str:
    """A base URL without its trailing slash."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return url.rstrip("/")


Weekday = Annotated[int, BeforeValidator(_weekday), Field(ge=0, le=6)]
_DRIVERS = {
    "postgres://": "postgresql+asyncpg://",
    "postgresql://": "postgresql+asyncpg://",
    "sqlite://": "sqlite+aiosqlite://",
}


class Settings(BaseSettings):
    """Everything an operator can configure; see .env.example for the documented list."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    database_url: str = Field(default="sqlite+aiosqlite:///northstar.db", repr=False)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    invite_days: int = Field(default=14, ge=1, le=90)
    round_days: int = Field(default=3, ge=1, le=14)
    fingerprint_secret: SecretStr | None = None
    checkin_day: Weekday = 0
    checkin_time: time = time(9)
    pulse_days: Annotated[list[Weekday], NoDecode, BeforeValidator(_weekdays)] = Field(
        default=[1], min_length=1
    )
    pulse_time: time = time(10)
    pulse_every_weeks: int = Field(default=1, ge=1, le=2)
    pulse_items: int = Field(default=6, ge=5, le=7)
    quiet_from: time = time(21)
    quiet_until: time = time(8)
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    llm_model: str = Field(default="gpt-4o-mini", min_length=1)
    embedding_model: str = Field(default="text-embedding-3-small", min_length=1)
    llm_timeout: float = Field(default=15, gt=0, le=MAX_LLM_TIMEOUT)
    llm_max_tokens: int = Field(default=600, ge=16, le=4096)
    llm_max_retries: int = Field(default=1, ge=0, le=3)
    llm_monthly_tokens: int = Field(default=200_000, ge=0)

    def rhythm(self) -> Rhythm:
        """The weekly rhythm of every workspace that has not chosen its own."""
        return Rhythm(
            checkin_day=self.checkin_day,
            checkin_time=self.checkin_time,
            pulse_days=tuple(sorted(set(self.pulse_days))),
            pulse_time=self.pulse_time,
            pulse_every=self.pulse_every_weeks,
            pulse_items=self.pulse_items,
            quiet_from=self.quiet_from,
            quiet_until=self.quiet_until,
        )

    @field_validator("quiet_until")
    @classmethod
    def _some_time_to_send(cls, until: time, info: ValidationInfo) -> time:
        start = info.data.get("quiet_from")
        if (
            start is not None
            and quiet_hours(Rhythm(quiet_from=start, quiet_until=until)).seconds > MAX_QUIET * 3600
        ):
            raise ValueError(f"quiet hours may last at most {MAX_QUIET} hours a night")
        return until

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, token: SecretStr | None) -> SecretStr | None:
        if token is None or not token.get_secret_value().strip():
            return None
        if not TOKEN_SHAPE.match(token.get_secret_value().strip()):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return SecretStr(token.get_secret_value().strip())

    @field_validator("fingerprint_secret")
    @classmethod
    def _secret_length(cls, secret: SecretStr | None) -> SecretStr | None:
        """Blank means "generate one"; a short key would let fingerprints be guessed."""
        if secret is None or not secret.get_secret_value().strip():
            return None
        if len(secret.get_secret_value().strip()) < FINGERPRINT_SECRET_LENGTH:
            raise ValueError(f"must be at least {FINGERPRINT_SECRET_LENGTH} characters long")
        return SecretStr(secret.get_secret_value().strip())

    @field_validator("openai_api_key")
    @classmethod
    def _api_key(cls, key: SecretStr | None) -> SecretStr | None:
        """Blank means "no key": the coach runs offline."""
        if key is None or not key.get_secret_value().strip():
            return None
        return SecretStr(key.get_secret_value().strip())

    @field_validator("openai_base_url")
    @classmethod
    def _openai_base_url(cls, url: str | None) -> str | None:
        """Blank means OpenAI itself; anything else must be an HTTP(S) URL."""
        if url is None or not url.strip():
            return None
        return _http_url(url.strip())

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, url: str) -> str:
        return _http_url(url)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept plain postgresql:// and sqlite:// URLs and pick the async driver."""
        for plain, driver in _DRIVERS.items():
            if url.startswith(plain):
                return driver + url[len(plain) :]
        return url
