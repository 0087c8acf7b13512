"""Insights from the query log: what the corpus is missing, answer latency, most cited documents.

Plain Python over the rows of `assistant.store.Store`. A question is a "gap" when it was refused,
answered with "not published" (decision `uncovered`: the entity is known but the attribute is not
in the documents; such answers carry the refused flag too, but count only as "not published"),
or rated 👎 (a 👎 on a refused answer counts under both kinds). Gaps are grouped
by similar wording: each question is reduced to its character bigrams after normalisation (NFC,
lower case, no punctuation, no spaces, no English function words), which needs no tokenizer and
treats "데이터바우처" and "데이터 바우처" alike; clusters are formed greedily, most frequent
wording first, by Jaccard similarity with each cluster's representative.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections import Counter

from assistant.store import Store
from ingest.text import compact
from ingest.words import is_stop

_LATIN_WORD = re.compile(r"[a-z]+")
KINDS = ("refused", "not_published", "disliked")


def wording_key(text: str) -> str:
    """Matching form of a question: NFC, lower case, no punctuation, spaces, English stop words."""
    lowered = unicodedata.normalize("NFC", text).lower()
    lowered = _LATIN_WORD.sub(lambda m: " " if is_stop(m.group()) else m.group(), lowered)
    kept = "".join(ch for ch in lowered if unicodedata.category(ch)[0] not in "PS")
    return compact(kept)


def bigrams(key: str) -> frozenset[str]:
    """The character bigrams of a matching form (the form itself when shorter than two)."""
    if len(key) < 2:
        return frozenset([key]) if key else frozenset()
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def group_questions(
    items: list[tuple[str, str]], similarity: float = 0.5
) -> list[dict]:
    """Cluster (question, kind) pairs by wording; biggest groups first, see the module docstring."""
    by_key: dict[str, Counter[str]] = {}  # matching form -> raw wordings
    kinds_by_key: dict[str, Counter[str]] = {}
    for question, kind in items:
        key = wording_key(question)
        if not key:
            continue
        by_key.setdefault(key, Counter())[question.strip()] += 1
        kinds_by_key.setdefault(key, Counter())[kind] += 1

    def order(key: str) -> tuple[int, int, str]:
        return (-sum(by_key[key].values()), len(key), key)

    clusters: list[tuple[frozenset[str], list[str]]] = []  # representative bigrams, member keys
    for key in sorted(by_key, key=order):
        grams = bigrams(key)
        for rep_grams, members in clusters:
            if jaccard(grams, rep_grams) >= similarity:
                members.append(key)
                break
        else:
            clusters.append((grams, [key]))

    groups = []
    for _, members in clusters:
        wordings: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for key in members:
            wordings.update(by_key[key])
            kinds.update(kinds_by_key[key])
        ranked = sorted(wordings, key=lambda w: (-wordings[w], len(w), w))
        groups.append({
            "question": ranked[0],
            "count": sum(kinds.values()),
            "kinds": {kind: kinds[kind] for kind in KINDS},
            "examples": ranked[1:4],
        })
    groups.sort(key=lambda g: (-g["count"], g["question"]))
    return groups


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of non-empty `values`, linearly interpolated."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_buckets(rows: list[dict], end: float, buckets: int = 24) -> list[dict]:
    """p50/p95 latency per equal time bucket from the first query to `end`; empty ones omitted."""
    if not rows:
        return []
    start = min(row["ts"] for row in rows)
    width = max(end - start, 0.0) / max(buckets, 1)
    grouped: dict[int, list[float]] = {}
    for row in rows:
        index = int((row["ts"] - start) / width) if width > 0 else 0
        grouped.setdefault(min(max(index, 0), buckets - 1), []).append(row["latency_ms"])
    return [
        {
            "t": start + index * width,
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "n": len(values),
        }
        for index, values in sorted(grouped.items())
    ]


def top_documents(rows: list[dict], limit: int = 10) -> list[dict]:
    """The documents cited by the most queries (each counted once per query)."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(set(row["doc_ids"]))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"doc_id": doc_id, "count": count} for doc_id, count in ranked[:limit]]


def insights(
    store: Store, *, now: float | None = None, buckets: int = 24, similarity: float = 0.5
) -> dict:
    """Everything the Insights page shows, as a JSON-able dict (see the module docstring)."""
    end = time.time() if now is None else now
    rows = store.queries()
    feedback = store.feedback_rows()
    items: list[tuple[str, str]] = []
    for row in rows:
        if row["decision"] == "uncovered":  # also flagged refused: counted once, as this kind
            items.append((row["question"], "not_published"))
        elif row["refused"]:
            items.append((row["question"], "refused"))
    disliked = [row for row in feedback if row["rating"] == -1]
    items += [(row["question"], "disliked") for row in disliked if row["question"]]
    return {
        "missing": group_questions(items, similarity),
        "latency": latency_buckets(rows, end, buckets),
        "top_documents": top_documents(rows),
        "totals": {
            "queries": len(rows),
            "refused": sum(1 for row in rows if row["refused"]),
            "disliked": len(disliked),
        },
    }


_HEADINGS = {
    "ko": {
        "totals": "### 요약",
        "summary": "질문 {queries}건, 거절 {refused}건, 👎 {disliked}건",
        "missing": "### 자료에 없는 질문",
        "kinds": {"refused": "거절", "not_published": "미공개", "disliked": "👎"},
        "count": "{n}건",
        "none": "아직 없습니다.",
        "latency": "### 응답 시간",
        "latency_line": "최근 구간 중앙값 {p50:.0f} ms, p95 {p95:.0f} ms (질문 {n}건)",
        "documents": "### 많이 인용된 문서",
    },
    "en": {
        "totals": "### Summary",
        "summary": "{queries} questions, {refused} refused, {disliked} 👎",
        "missing": "### Questions the documents do not answer",
        "kinds": {"refused": "refused", "not_published": "not published", "disliked": "👎"},
        "count": "{n}×",
        "none": "None yet.",
        "latency": "### Answer latency",
        "latency_line": "Latest bucket: median {p50:.0f} ms, p95 {p95:.0f} ms ({n} questions)",
        "documents": "### Most cited documents",
    },
}


def insights_markdown(data: dict, language: str = "ko", limit: int = 10) -> str:
    """A short Markdown summary of `insights()` output, in Korean or English."""
    words = _HEADINGS["en" if language == "en" else "ko"]
    lines = [words["totals"], words["summary"].format(**data["totals"]), "", words["missing"]]
    for group in data["missing"][:limit]:
        kinds = ", ".join(
            f"{words['kinds'][kind]} {n}" for kind, n in group["kinds"].items() if n
        )
        count = words["count"].format(n=group["count"])
        lines.append(f"- **{_text(group['question'])}** — {count} ({kinds})")
        lines += [f"  - {_text(example)}" for example in group["examples"]]
    if not data["missing"]:
        lines.append(words["none"])
    lines += ["", words["latency"]]
    if data["latency"]:
        last = data["latency"][-1]
        lines.append(
            words["latency_line"].format(p50=last["p50_ms"], p95=last["p95_ms"], n=last["n"])
        )
    else:
        lines.append(words["none"])
    lines += ["", words["documents"]]
    top = data["top_documents"]
    lines += [f"{i}. `{d['doc_id']}` — {d['count']}" for i, d in enumerate(top, 1)]
    if not top:
        lines.append(words["none"])
    return "\n".join(lines) + "\n"


def _text(typed: str) -> str:
    """What a user typed, safe inside Markdown: HTML and Markdown syntax escaped."""
    import html
    import re

    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", html.escape(typed, quote=False))
