"""The language model of a bot with a key: LangChain's ChatOpenAI and OpenAIEmbeddings.

Any OpenAI-compatible server works (``base_url``). Every call is bounded by one whole-call
timeout, retried only by the openai client (``max_retries``; ChatOpenAI and OpenAIEmbeddings pass
that same number to it and do not retry themselves), checked against the workspace's monthly
token budget first and recorded in ``llm_calls`` afterwards, each in its own short transaction,
never while the model is asked. A failure of the model never reaches the caller: it gets None or
a stream that ends, and takes its offline path.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar, cast

import openai
from langchain_core.exceptions import ModelRefusalError, OutputParserException
from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from pydantic import BaseModel, SecretStr, ValidationError

from alignment.coach.prompt import CoachPrompt
from alignment.services.clock import Clock
from storage.database import Sessions
from storage.models import LlmCall
from storage.repositories import Repositories

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

EMBEDDINGS = "embeddings"
"""The prompt id recorded for a similarity call, which has no prompt file (version 0)."""
_CHARS_PER_TOKEN = 4
"""For counts the server did not give: LangChain drops the embeddings endpoint's usage, and a
stream cut short never gets its usage chunk."""


@dataclass(frozen=True)
class LlmOptions:
    """What the operator configured (LLM_* and OPENAI_* settings)."""

    api_key: str
    base_url: str | None
    model: str
    embedding_model: str
    timeout: float
    max_tokens: int
    max_retries: int
    monthly_tokens: int


@dataclass
class _Record:
    """What one call cost and how it ended; filled in as the call goes."""

    workspace: int
    prompt: str
    version: int
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    outcome: Literal["ok", "fallback"] = "fallback"
    reason: str | None = None


class _Failed(Exception):
    """The model answered, but not with something usable; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reason(error: BaseException) -> str:
    """The recorded reason for an exception of a call (most specific openai type first)."""
    match error:
        case _Failed():
            return error.reason
        case TimeoutError() | openai.APITimeoutError():
            return "timeout"
        case openai.RateLimitError():
            return "rate_limited"
        case openai.APIConnectionError():
            return "connection"
        case openai.APIStatusError() if error.status_code >= 500:
            return "server_error"
        case openai.APIStatusError():
            return "bad_request"
        case ModelRefusalError():
            return "refused"
        case ValidationError() if not _bad_json(error):
            return "schema"
        case _:
            return "malformed"


_FAILURES = (
    _Failed,
    TimeoutError,
    openai.APIError,
    ValidationError,
    OutputParserException,
    ModelRefusalError,
)
"""Everything a call may raise that means "use the offline result"."""


class LangChainModel:
    """``LanguageModel`` over ChatOpenAI; one per process, since it remembers server quirks."""

    def __init__(
        self,
        options: LlmOptions,
        prompts: Mapping[str, CoachPrompt],
        sessions: Sessions,
        clock: Clock,
    ) -> None:
        self._options = options
        self._prompts = prompts
        self._sessions = sessions
        self._clock = clock
        self._http = openai.DefaultAsyncHttpxClient()
        """Owned here, so close() can release its connections (LangChain's default is shared)."""
        key = SecretStr(options.api_key)
        self._chat = ChatOpenAI(
            model=options.model,
            api_key=key,
            base_url=options.base_url,
            timeout=options.timeout,
            max_retries=options.max_retries,
            max_completion_tokens=options.max_tokens,
            stream_usage=True,
            http_async_client=self._http,
        )
        self._embeddings = OpenAIEmbeddings(
            model=options.embedding_model,
            openai_api_key=key,
            openai_api_base=options.base_url,
            request_timeout=options.timeout,
            max_retries=options.max_retries,
            check_embedding_ctx_length=False,
            http_async_client=self._http,
        )
        self._json_schema = True
        """False once the server refused a JSON-schema response format: use function calling."""

    async def close(self) -> None:
        """Release the HTTP connections."""
        await self._http.aclose()

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        """The answer parsed into ``schema``, or None on any failure or a spent budget."""
        coach = self._prompts[prompt]
        record = self._record(coach, workspace)
        if await self._over_budget(record):
            return None
        started = time.monotonic()
        parsed: T | None = None
        try:
            async with asyncio.timeout(self._options.timeout):
                parsed = await self._ask(self._messages(coach, variables), schema, record)
            record.outcome, record.reason = "ok", None
        except _FAILURES as error:
            record.reason = _reason(error)
            log.info("LLM %s fell back: %s", coach.id, record.reason)
        await self._save(record, started)
        return parsed

    async def _ask(self, messages: list[BaseMessage], schema: type[T], record: _Record) -> T:
        """JSON schema first; function calling on a server that rejects it, from then on.

        Only a server that then answers a function call is switched over: a request that is
        refused either way (too long, say) is no sign the server lacks JSON schemas.
        """
        if self._json_schema:
            try:
                return await self._parse(messages, schema, "json_schema", record)
            except openai.BadRequestError:
                log.info("The LLM server refused a JSON schema; using function calling")
        return await self._parse(messages, schema, "function_calling", record)

    async def _parse(
        self,
        messages: list[BaseMessage],
        schema: type[T],
        method: Literal["json_schema", "function_calling"],
        record: _Record,
    ) -> T:
        chain = self._chat.with_structured_output(schema, method=method, include_raw=True)
        result: dict[str, Any] = await chain.ainvoke(messages)
        raw = result["raw"]
        if method == "function_calling":
            self._json_schema = False  # the server answers this way, well or not: keep to it
        usage = getattr(raw, "usage_metadata", None) or {}
        record.tokens_in = usage.get("input_tokens", 0)
        record.tokens_out = usage.get("output_tokens", 0)
        error = result.get("parsing_error")
        if raw.additional_kwargs.get("refusal") or isinstance(error, ModelRefusalError):
            raise _Failed("refused")
        if isinstance(error, ValidationError) and not _bad_json(error):
            raise _Failed("schema")
        parsed = result.get("parsed")
        if error is not None or parsed is None:
            raise _Failed("malformed")
        if not isinstance(parsed, schema):
            raise _Failed("schema")
        return parsed

    async def similarities(
        self, reference: str, texts: Sequence[str], *, workspace: int
    ) -> list[float] | None:
        """Cosine of each text's embedding with the reference's, or None on any failure."""
        if not texts:
            return []
        record = _Record(workspace, EMBEDDINGS, 0, self._options.embedding_model)
        if await self._over_budget(record):
            return None
        started = time.monotonic()
        cosines: list[float] | None = None
        try:
            async with asyncio.timeout(self._options.timeout):
                vectors = await self._embeddings.aembed_documents([reference, *texts])
            if len(vectors) != len(texts) + 1:
                raise _Failed("malformed")
            cosines = [_cosine(vectors[0], vector) for vector in vectors[1:]]
            record.outcome = "ok"
            record.tokens_in = _estimate(sum(map(len, [reference, *texts])))
        except _FAILURES as error:
            record.reason = _reason(error)
        await self._save(record, started)
        return cosines

    async def stream(
        self, prompt: str, variables: Mapping[str, str], *, workspace: int
    ) -> AsyncGenerator[str, None]:
        """Text chunks as they come; the stream just ends on a failure, a timeout or no budget.

        The timeout is one deadline for the whole answer, applied to each wait for a chunk, so
        the time the consumer spends between chunks counts but is never interrupted.
        """
        coach = self._prompts[prompt]
        record = self._record(coach, workspace)
        if await self._over_budget(record):
            return
        started = time.monotonic()
        deadline = asyncio.get_running_loop().time() + self._options.timeout
        messages = self._messages(coach, variables)
        # astream is an async generator, so it can be closed when the answer is cut short.
        chunks = cast(AsyncGenerator[AIMessageChunk, None], self._chat.astream(messages))
        said = 0
        try:
            while True:
                async with asyncio.timeout_at(deadline):
                    chunk = await anext(chunks, None)
                if chunk is None:
                    break
                usage = getattr(chunk, "usage_metadata", None) or {}
                record.tokens_in += usage.get("input_tokens", 0)
                record.tokens_out += usage.get("output_tokens", 0)
                if text := chunk.text:
                    said += len(text)
                    yield text
            record.outcome = "ok"
        except GeneratorExit:
            record.outcome = "ok"  # the consumer had enough
            raise
        except (*_FAILURES, ValueError) as error:  # ValueError: LangChain on an empty stream
            record.reason = _reason(error)
            log.info("LLM stream %s ended early: %s", coach.id, record.reason)
        finally:
            await chunks.aclose()
            if not record.tokens_in:  # cut short before the usage came: count it anyway
                shown = sum(len(str(message.content)) for message in messages)
                record.tokens_in = _estimate(shown)
                record.tokens_out = _estimate(said)
            await self._save(record, started)

    def _record(self, coach: CoachPrompt, workspace: int) -> _Record:
        return _Record(workspace, coach.id, coach.version, self._options.model)

    @staticmethod
    def _messages(coach: CoachPrompt, variables: Mapping[str, str]) -> list[BaseMessage]:
        system, user = coach.render(variables)
        return [SystemMessage(system), HumanMessage(user)]

    async def _over_budget(self, record: _Record) -> bool:
        """True, and recorded, when this calendar month's (UTC) tokens reached the budget."""
        now = self._clock.now().astimezone(UTC)
        month = datetime(now.year, now.month, 1, tzinfo=UTC)
        async with self._sessions.begin() as session:
            used = await Repositories(session).llm_calls.tokens_since(record.workspace, month)
        if used < self._options.monthly_tokens:
            return False
        record.reason = "budget"
        await self._save(record, time.monotonic())
        return True

    async def _save(self, record: _Record, started: float) -> None:
        """Record the call in its own transaction, after the model has answered."""
        async with self._sessions.begin() as session:
            await Repositories(session).llm_calls.add(
                LlmCall(
                    workspace_id=record.workspace,
                    prompt_id=record.prompt,
                    prompt_version=record.version,
                    model=record.model,
                    tokens_in=record.tokens_in,
                    tokens_out=record.tokens_out,
                    latency_ms=round((time.monotonic() - started) * 1000),
                    outcome=record.outcome,
                    reason=None if record.outcome == "ok" else record.reason,
                    created_at=self._clock.now(),
                )
            )


def _estimate(characters: int) -> int:
    """Tokens of so many characters of English, roughly, so the budget still counts them."""
    return math.ceil(characters / _CHARS_PER_TOKEN)


def _bad_json(error: ValidationError) -> bool:
    """Pydantic reports text that is not JSON at all as a validation error too."""
    return any(detail["type"] == "json_invalid" for detail in error.errors())


def _cosine(left: Sequence[float], right: Sequence[float]) -> float:
    norms = math.hypot(*left) * math.hypot(*right)
    if norms == 0:
        return 0.0
    return sum(a * b for a, b in zip(left, right, strict=True)) / norms
