"""Load protection: per-client token bucket, a bounded answer pool with a short queue, and a
per-request time limit (a fake clock for the bucket; events, not sleeps, for the pool)."""

import threading

import pytest

from assistant.i18n import UserInputError
from assistant.limits import AnswerGate, RateLimiter


def test_token_bucket_per_client():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, clock=lambda: now[0])
    for _ in range(3):
        limiter.check("a")
    with pytest.raises(UserInputError) as info:
        limiter.check("a")
    assert info.value.status == 429 and info.value.params["seconds"] >= 1
    limiter.check("b")  # another client is not affected
    now[0] += 1.0  # one token back per second
    limiter.check("a")
    with pytest.raises(UserInputError):
        limiter.check("a")


def test_zero_rate_means_no_limit():
    limiter = RateLimiter(per_minute=0, burst=1)
    for _ in range(100):
        limiter.check("a")


def test_gate_runs_answers_and_refuses_when_full():
    gate = AnswerGate(workers=1, queue=1, timeout_s=30)
    assert gate.run(lambda: 42) == 42
    release = threading.Event()
    started = threading.Event()

    def slow():
        started.set()
        release.wait(30)
        return "slow"

    results = []
    first = threading.Thread(target=lambda: results.append(gate.run(slow)))
    first.start()
    started.wait(30)
    second = threading.Thread(target=lambda: results.append(gate.run(lambda: "queued")))
    second.start()
    while gate._pending < 2:
        threading.Event().wait(0.01)
    with pytest.raises(UserInputError) as info:
        gate.run(lambda: "third")
    assert info.value.status == 503 and info.value.key == "busy"
    release.set()
    first.join(30), second.join(30)
    assert sorted(results) == ["queued", "slow"]


def test_gate_time_limit_is_a_504_and_the_pool_recovers():
    gate = AnswerGate(workers=1, queue=0, timeout_s=0.05)
    release = threading.Event()
    with pytest.raises(UserInputError) as info:
        gate.run(lambda: release.wait(30))
    assert info.value.status == 504 and "seconds" in str(info.value)
    release.set()
    gate.timeout_s = 30
    for _ in range(100):
        if gate._pending == 0:
            break
        threading.Event().wait(0.05)
    assert gate.run(lambda: "ok") == "ok"
