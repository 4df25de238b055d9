"""Logging set-up that keeps secrets out of every log line."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram.error import NetworkError

MASK = "[redacted]"


class RedactingFilter(logging.Filter):
    """Replace secrets (the bot token appears in every Bot API URL) before a record is written."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the rendered message and any traceback, which formatters would print as is."""
        message = record.getMessage()
        if self._leaks(message):
            record.msg, record.args = self._redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._leaks(record.exc_text):
            record.exc_text = self._redact(record.exc_text)
        return True

    def _leaks(self, text: str) -> bool:
        return any(secret in text for secret in self._secrets)

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


class NetworkErrorsInOneLine(logging.Filter):
    """Telegram being unreachable is logged as one line: its traceback tells an operator nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Fold a NetworkError (or TimedOut) into the message and drop its traceback."""
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, NetworkError):
            record.msg, record.args = f"{record.getMessage()} ({error})", None
            record.exc_info = record.exc_text = None
        return True


_HTTP_LOGGERS = ("httpx", "httpcore", "httpx2", "openai")
"""They log request URLs (with the bot token) and, for openai at DEBUG, whole prompts."""


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    """Log to stderr at ``level``; HTTP client chatter only from WARNING up."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NetworkErrorsInOneLine())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for chatty in _HTTP_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.WARNING)
