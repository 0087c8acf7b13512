"""Load protection for the served app: a per-client rate limit (token bucket), a bound on answers
computed at once with a short queue, and a per-request time limit. One slow or hostile client
then never blocks the others: it gets a clear 429/503/504 instead."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from assistant.i18n import UserInputError

T = TypeVar("T")


class RateLimiter:
    """Token bucket per client: `per_minute` sustained, `burst` at once."""

    def __init__(self, per_minute: float, burst: int, clock=time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Take one token for `client`, or raise a 429 UserInputError saying when to retry."""
        if self.rate <= 0:
            return
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                wait = int((1.0 - tokens) / self.rate) + 1
                raise UserInputError("rate_limited", status=429, seconds=wait)
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:  # forget idle clients
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 600}


class AnswerGate:
    """At most `workers` answers computed at once, at most `queue` more waiting; each request
    waits at most `timeout_s` for its answer (the work itself stays bounded by the pool)."""

    def __init__(self, workers: int, queue: int, timeout_s: float) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")
        self.capacity = workers + queue
        self.timeout_s = timeout_s
        self._pending = 0
        self._lock = threading.Lock()

    def _done(self, _future) -> None:
        with self._lock:
            self._pending -= 1

    def run(self, fn: Callable[[], T]) -> T:
        """`fn()` in the pool; 503 when full, 504 past the time limit."""
        with self._lock:
            if self._pending >= self.capacity:
                raise UserInputError("busy", status=503)
            self._pending += 1
        future = self.pool.submit(fn)
        future.add_done_callback(self._done)
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            raise UserInputError("timeout", status=504, seconds=int(self.timeout_s)) from None
