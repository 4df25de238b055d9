"""Settings from the environment and .env, validated once at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
FINGERPRINT_SECRET_LENGTH = 32
"""Shortest FINGERPRINT_SECRET accepted; `openssl rand -hex 32` gives 64 characters."""
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

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return url.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept plain postgresql:// and sqlite:// URLs and pick the async driver."""
        for plain, driver in _DRIVERS.items():
            if url.startswith(plain):
                return driver + url[len(plain) :]
        return url
