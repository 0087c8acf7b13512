"""Figures and what a question says of them: the bound it asks ("최대 몇 명": a figure stated
with that bound answers it), and the figures it gives itself ("8개 서비스 중 … 몇 개": the
8 is not what it asks). Used by the answer-type cues (`assistant.compose.cues.kind_fit`).
"""

from __future__ import annotations

import re

from assistant.compose.english import money
from ingest.words import FIGURE_BOUNDS  # the bounds a question asks, and their wording


def asked_extreme(question: str) -> int:
    """1 when a question asks a maximum ("최대 얼마", "the maximum amount"), -1 a minimum."""
    upper, lower = (bool(re.search(asks, question, re.I)) for asks, _ in FIGURE_BOUNDS)
    return int(upper) - int(lower)


def extremes(texts: list[str], met: list[float | None], question: str) -> list[float]:
    """1.0 for each of `texts` that states the largest sum of money (the smallest, for a minimum
    asked) among those that hold the asked sum and meet the question's words best (`met`: how
    well each meets them, None when it holds no sum asked): "2023 바우처 최대 얼마?" over one
    cap per voucher type asks the highest, a question naming one type that type's. 0.0 for the
    others, and for every text when no maximum or minimum is asked or the sums do not differ."""
    sign = asked_extreme(question)
    if not sign:
        return [0.0] * len(texts)
    best_met = max((m for m in met if m is not None), default=0.0)
    values = [max((v for _, v in money(t)), default=None)
              if m is not None and m >= best_met - 0.01 else None
              for t, m in zip(texts, met, strict=True)]
    stated = {v for v in values if v is not None}
    if len(stated) < 2:
        return [0.0] * len(texts)
    best = max(stated) if sign > 0 else min(stated)
    return [float(v == best) for v in values]


def bounded(fit: float, text: str, question: str) -> float:
    """`fit` of a figure, halved when the question asks a bound the text does not state."""
    asked = [f for q, f in FIGURE_BOUNDS if re.search(q, question, re.I)]
    return fit if not asked or any(re.search(f, text, re.I) for f in asked) else min(fit, 0.5)


# A figure and its unit: "8개", "2,010 vouchers", "1,230억".
_GIVEN = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)(?![\d.,]*\d)\s?([가-힣]|[a-z]+)?", re.I)


def _given(found: re.Match) -> tuple[str, str]:
    return found.group(1).replace(",", ""), (found.group(2) or "").lower()


def without_given(text: str, question: str) -> str:
    """`text` without the figures the question states itself ("8개 서비스 중에 … 몇 개",
    "of the 2,010 vouchers, how many …"): what it gives is not what it asks. A figure of one
    or two digits is the same only in the same unit ("직원 12명" is no "12개 대학"). `question`
    comes without its statute references and years (the cues' `_REFERENCE`)."""
    given = [_given(g) for g in _GIVEN.finditer(question)]
    if not given:
        return text

    def same(found: re.Match) -> bool:
        number, unit = _given(found)
        return any(n == number and (u == unit or len(n.replace(".", "")) > 2) for n, u in given)

    return _GIVEN.sub(lambda m: " " if same(m) else m.group(0), text)
