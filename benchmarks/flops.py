"""The embedders' compute limit: FLOPs per chunk against the machine's measured matmul peak."""

from __future__ import annotations

import timeit
from typing import Any

import numpy as np

MODELS = {"multilingual-e5-small": (12, 384, 1536), "all-MiniLM-L6-v2": (6, 384, 1536)}  # L, d, ffn


def peak_gflops(threads: int | None = None, n: int = 1024, repeat: int = 8) -> float:
    """Best float32 n×n matmul rate (GFLOP/s), BLAS threads as configured or `threads`."""
    from threadpoolctl import threadpool_limits
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    with threadpool_limits(threads):
        return 2 * n**3 / min(timeit.repeat(lambda: a @ a, number=1, repeat=repeat)) / 1e9


def flop_bound(tokens: list[int], model: str, peak: float, measured: float) -> dict[str, Any]:
    """FLOPs of the texts (per token 2×matmul params + attention 4·L·seq·d) against `peak`."""
    layers, d, ffn = MODELS[model]
    params = layers * (4 * d * d + 2 * d * ffn)
    per_chunk = sum(t * (2 * params + 4 * layers * t * d) for t in tokens) / len(tokens)
    bound = peak * 1e9 / per_chunk
    return {"model": model, "matmul_params": params, "tokens": sum(tokens),
            "gflop_per_chunk": round(per_chunk / 1e9, 3), "bound_chunks_per_s": round(bound, 2),
            "measured_chunks_per_s": measured, "utilisation": round(measured / bound, 4)}
