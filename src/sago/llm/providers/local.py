"""`local:<model>`: a GGUF model served by llama.cpp in this process (xllamacpp).

Sago starts the server itself on a free loopback port with the configured threads and
context size, waits until `/health` answers, and talks to it through the same
OpenAI-compatible adapter as any other server. `stop()` (the provider's close, and an
atexit hook as a safety net) shuts it down. llama.cpp keeps the KV cache of the last
prompt, so the fixed system prompt at the head of every request is read once, not once
per request.

Every answer carries llama.cpp's own `timings` (prompt and generation tokens per
second); an httpx response hook records them in `Speed`, so requests can be sized to
what this machine really manages.
"""

from __future__ import annotations

import atexit
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from sago.errors import missing_extra
from sago.llm.providers.base import Speed

try:
    import httpx2 as httpx
    import xllamacpp
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise missing_extra("xllamacpp", "local") from exc

READY_TIMEOUT = 120.0
COMPACT = {"whitespace_flexible": False, "key_separator": ":", "item_separator": ","}


class LocalServer:
    """One llama.cpp server for one GGUF file, on 127.0.0.1."""

    def __init__(
        self, path: Path, *, context: int, threads: int | None = None, seed: int = 42
    ) -> None:
        self.path = path
        self.context = context
        # One core left over by default: llama.cpp's threads wait for each other at every
        # step, so on a shared machine two threads on two busy cores wrote 0.6 tokens/s
        # where one thread wrote 10 (SmolLM2, load average 10).
        self.threads = threads or max(1, (os.cpu_count() or 2) - 1)
        self.seed = seed
        self.speed = Speed()
        self._server: Any = None
        self.url = ""

    def start(self) -> LocalServer:
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_ctx = self.context
        params.n_parallel = 1  # one slot: its KV cache keeps the shared prompt prefix
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.cpuparams.poll = 0  # sleep, not spin, while waiting for work
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # a free port, chosen by the OS
        params.verbosity = -1  # llama.cpp's own log would bury Sago's
        params.warmup = False
        params.sampling.seed = self.seed
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # a C++ failure surfaces as a bare Exception
            raise RuntimeError(f"llama.cpp could not load {self.path}: {exc}") from exc
        self.url = str(self._server.listening_address).rstrip("/")
        self._wait_ready()
        atexit.register(self.stop)
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as answer:  # noqa: S310 - loopback
                    if json.load(answer).get("status") == "ok":
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"llama.cpp server for {self.path} not ready in time")
            time.sleep(0.2)

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            del server  # its destructor stops the loop and frees the model

    def http_client(self, timeout: float) -> httpx.AsyncClient:
        """An httpx client that asks for compact JSON and records llama.cpp's timings."""

        async def record(response: httpx.Response) -> None:
            if response.request.url.path.endswith("/chat/completions") and response.is_success:
                await response.aread()
                try:
                    timings = response.json().get("timings") or {}
                except ValueError:
                    return
                self.speed.note(
                    timings.get("prompt_per_second"), timings.get("predicted_per_second")
                )

        return httpx.AsyncClient(
            timeout=timeout,
            event_hooks={"response": [record]},
            transport=CompactJson(httpx.AsyncHTTPTransport()),
        )


class CompactJson(httpx.AsyncBaseTransport):
    """Asks llama.cpp's JSON grammar (llguidance) for JSON without optional whitespace.

    By default the grammar lets a model indent and break lines at will, and a small model
    does: half of its output tokens were whitespace, at 2-10 tokens per second. The schema
    gets llguidance's `x-guidance` options here, on the way to the local server only (a
    hosted provider would reject the unknown key).
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/chat/completions"):
            body = json.loads(await request.aread())
            schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("schema")
            if isinstance(schema, dict):
                schema["x-guidance"] = COMPACT
                headers = [(k, v) for k, v in request.headers.items() if k != "content-length"]
                request = httpx.Request(
                    request.method, request.url, headers=headers, json=body,
                    extensions=request.extensions,
                )  # fmt: skip
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
