"""A fake OpenAI-compatible API, so the real openai client is tested over HTTP on 127.0.0.1.

Tests queue what the "model" does for each chat request (``answer``, ``text``, ``refusal``,
``hang``, ``status``) and read every request body back from ``requests``. A behaviour in
``by_system`` answers every request with that system prompt (so a journey can script each
prompt file, whatever order the features ask in); otherwise a queued behaviour is used by one
request; when the queue is empty ``default`` is used (a 500 saying nothing was queued, unless a
test sets another). ``json_schema_supported = False`` makes the server refuse
``response_format: json_schema`` with a 400 as servers without structured outputs do.
Embeddings get the vector a test put in ``vectors`` for a text (or a fixed one), unless a
failure is queued in ``embedding_failures``.

Usage is counted the way a real server roughly would (characters / 4 of what was sent and of
what was answered) unless a test gives exact figures, so token counts recorded from the fake
say something about cost (bench/coach_cost.py).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

JSON = dict[str, Any]
KEY = "sk-fake-northstar"


@dataclass(frozen=True)
class Usage:
    """Token counts the server reports."""

    prompt: int = 120
    completion: int = 30

    def to_dict(self) -> JSON:
        """OpenAI's ``usage`` object."""
        return {
            "prompt_tokens": self.prompt,
            "completion_tokens": self.completion,
            "total_tokens": self.prompt + self.completion,
        }


@dataclass(frozen=True)
class Text:
    """The model's reply is this text: as a JSON answer, a tool call's arguments or a stream.

    Without ``usage`` the server counts the tokens (see ``counted``)."""

    content: str
    usage: Usage | None = None

    def usage_for(self, request: Request) -> Usage:
        """The given usage, or one counted from the request and this reply."""
        return self.usage or counted(request.prompt_characters(), len(self.content))


@dataclass(frozen=True)
class Refusal:
    """The model refuses (``message.refusal``)."""

    reason: str = "I can't help with that."


@dataclass(frozen=True)
class Hang:
    """Say ``partial`` (streams only), then never answer until the server stops."""

    partial: str = ""


@dataclass(frozen=True)
class Status:
    """An HTTP error; retries are told to wait only ``retry_after_ms``."""

    code: int
    retry_after_ms: int = 10


Behaviour = Text | Refusal | Hang | Status


def answer(value: JSON, usage: Usage | None = None) -> Text:
    """A good answer: this object as JSON."""
    return Text(json.dumps(value), usage)


CHARACTERS_PER_TOKEN = 4
"""OpenAI's rule of thumb for English text."""


def counted(prompt_characters: int, reply_characters: int) -> Usage:
    """Usage as a real server would report it, roughly: characters / 4, at least one token."""
    return Usage(
        prompt=max(1, prompt_characters // CHARACTERS_PER_TOKEN),
        completion=max(1, reply_characters // CHARACTERS_PER_TOKEN),
    )


@dataclass
class Request:
    """One request as the server received it."""

    path: str
    body: JSON

    @property
    def method(self) -> str:
        """``json_schema``, ``function_calling``, ``stream`` or ``plain``: how it asked."""
        if self.body.get("stream"):
            return "stream"
        response_format = self.body.get("response_format") or {}
        if response_format.get("type") == "json_schema":
            return "json_schema"
        return "function_calling" if self.body.get("tools") else "plain"

    def text(self) -> str:
        """Everything the model was shown, for assertions about what was (not) sent."""
        return json.dumps(self.body, ensure_ascii=False)

    @property
    def system(self) -> str | None:
        """The system prompt of a chat request: which prompt file asked."""
        for message in self.body.get("messages", ()):
            if message.get("role") == "system":
                return str(message.get("content"))
        return None

    def prompt_characters(self) -> int:
        """Characters of the messages, the schema and the tools: what prompt tokens count."""
        shown = [self.body.get(key) for key in ("messages", "response_format", "tools")]
        return len(json.dumps(shown, ensure_ascii=False))


class FakeOpenAiApi:
    """Serves /v1/chat/completions and /v1/embeddings like an OpenAI-compatible server."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.replies: list[Behaviour] = []
        self.by_system: dict[str, Behaviour] = {}
        self.default: Behaviour = Status(500)
        self.json_schema_supported = True
        self.vectors: dict[str, list[float]] = {}
        self.embedding_failures: list[Hang | Status] = []
        self._ids = itertools.count(1)
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None

    def queue(self, *replies: Behaviour) -> None:
        """What the next chat requests get, in order."""
        self.replies.extend(replies)

    def chat_requests(self) -> list[Request]:
        """The chat completion requests, retries included, in arrival order."""
        return [request for request in self.requests if request.path.endswith("/completions")]

    # -- lifecycle -----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Release every hanging request first, so stopping never waits for one."""
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The API root the client is given, e.g. ``http://127.0.0.1:41234/v1``."""
        if self._runner is None:
            raise RuntimeError("FakeOpenAiApi is not started")
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}/v1"

    # -- handlers ------------------------------------------------------------------------------

    async def _chat(self, http: web.Request) -> web.StreamResponse:
        request = Request(http.path, await http.json())
        self.requests.append(request)
        if request.method == "json_schema" and not self.json_schema_supported:
            return _error(Status(400), "response_format json_schema is not supported")
        behaviour = self._behaviour(request)
        if isinstance(behaviour, Status):
            return _error(behaviour, "scripted failure")
        if request.method == "stream":
            return await self._stream(http, request, behaviour)
        if isinstance(behaviour, Hang):
            return await self._hang()
        return web.json_response(self._completion(request, behaviour))

    def _behaviour(self, request: Request) -> Behaviour:
        """The scripted answer for this prompt, else the next queued one, else the default."""
        if request.system in self.by_system:
            return self.by_system[request.system]
        return self.replies.pop(0) if self.replies else self.default

    def _completion(self, request: Request, behaviour: Text | Refusal) -> JSON:
        message: JSON = {"role": "assistant", "content": None, "refusal": None}
        usage = Usage()
        if isinstance(behaviour, Refusal):
            message["refusal"] = behaviour.reason
        elif request.method == "function_calling":
            name = request.body["tools"][0]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": f"call_{next(self._ids)}",
                    "type": "function",
                    "function": {"name": name, "arguments": behaviour.content},
                }
            ]
            usage = behaviour.usage_for(request)
        else:
            message["content"] = behaviour.content
            usage = behaviour.usage_for(request)
        return {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": 0,
            "model": request.body["model"],
            "choices": [
                {"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}
            ],
            "usage": usage.to_dict(),
        }

    async def _stream(
        self, http: web.Request, request: Request, behaviour: Text | Refusal | Hang
    ) -> web.StreamResponse:
        """Server-sent events: the text in a few pieces, the usage if asked for, then DONE."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(http)
        model = request.body["model"]
        text = (
            behaviour.partial if isinstance(behaviour, Hang) else getattr(behaviour, "content", "")
        )
        for start in range(0, len(text), 8):
            await _event(response, _chunk(model, {"content": text[start : start + 8]}))
        if isinstance(behaviour, Hang):
            await self._stopping.wait()
            return response
        if isinstance(behaviour, Text) and (request.body.get("stream_options") or {}).get(
            "include_usage"
        ):
            usage = behaviour.usage_for(request).to_dict()
            await _event(response, {**_chunk(model, None), "usage": usage})
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    async def _hang(self) -> web.Response:
        await self._stopping.wait()
        return _error(Status(503), "server stopping")

    async def _embeddings(self, http: web.Request) -> web.Response:
        request = Request(http.path, await http.json())
        self.requests.append(request)
        if self.embedding_failures:
            failure = self.embedding_failures.pop(0)
            if isinstance(failure, Hang):
                return await self._hang()
            return _error(failure, "scripted failure")
        texts: Sequence[str] = request.body["input"]
        data = []
        for index, text in enumerate(texts):
            vector = self.vectors.get(text, [1.0, 0.0, 0.0])
            encoded: Any = vector
            if request.body.get("encoding_format") == "base64":
                encoded = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        tokens = counted(sum(len(text) for text in texts), 0).prompt
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": request.body["model"],
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )


def _chunk(model: str, delta: JSON | None) -> JSON:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": None}]
    return {
        "id": "chatcmpl-stream",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": choices,
    }


async def _event(response: web.StreamResponse, payload: JSON) -> None:
    await response.write(f"data: {json.dumps(payload)}\n\n".encode())


def _error(status: Status, message: str) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "fake_error", "code": status.code}},
        status=status.code,
        headers={"retry-after-ms": str(status.retry_after_ms)},
    )
