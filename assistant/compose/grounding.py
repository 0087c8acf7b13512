"""Grounding check of an LLM answer: each sentence needs a valid `[n]` and support from source n.

Support = keyword overlap (ingest.keyword.tokenize, Kiwi) with the cited sources AND, when an
embedder is given, embedding cosine with the closest source sentence (one batch). Sentences are
split with Kiwi (kiwipiepy). Unsupported sentences are removed and reported with a reason.
Instruction-like sentences (`assistant.compose.safety`) support nothing: they are taken out of
the sources first, and an answer sentence that is itself one is removed ("instruction"), as is
one repeating a run of `PROMPT_RUN` words of a private text such as the system prompt ("prompt").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.calibration import GroundingValues, default_calibration
from assistant.citations import MARKER, markers_in, strip_markers
from assistant.compose.english import figures_supported
from assistant.compose.safety import is_instruction, safe_text
from assistant.compose.sentences import _EN_SENTENCE_GAP, split_hit, unmark
from assistant.models import Hit
from ingest.keyword import tokenize
from ingest.text import kiwi, language_of_text

_GENERIC = frozenset("하 되 있 없 이 그 저 수 것 등 때 및 또는 위 더".split())
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ONLY_MARKERS = re.compile(r"^\s*(?:\[\d+(?:\s*,\s*\d+)*\]\s*)+[.。]?\s*$")


@dataclass
class Checked:
    """One answer sentence and the verdict on it."""

    text: str
    markers: list[int]
    lexical: float = 0.0
    dense: float | None = None
    reason: str = ""  # "" when kept; else "no marker" | "invalid marker" | "instruction" |
    # "prompt" | "unsupported"


@dataclass
class GroundingResult:
    """Sentences kept (supported) and removed (with reasons); `text` is the kept answer body."""

    kept: list[Checked] = field(default_factory=list)
    removed: list[Checked] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The kept sentences, one per line."""
        return "\n".join(c.text for c in self.kept)


def answer_sentences(text: str) -> list[str]:
    """Sentences of an answer body; a run of bare markers joins the sentence before it."""
    out: list[str] = []
    for line in text.splitlines():
        line = unmark(line)
        if not line:
            continue
        for sent in kiwi().split_into_sents(line):
            for piece in _EN_SENTENCE_GAP.split(sent.text.strip()):
                if out and _ONLY_MARKERS.match(piece):
                    out[-1] = f"{out[-1]} {piece.strip()}"
                elif piece:
                    out.append(piece)
    return [re.sub(r"\s+", " ", s).strip() for s in out]


_YEAR = re.compile(r"(?:19|20)\d{2}")
PROMPT_RUN = 6  # words in a row shared with a private text make a sentence a leak (not fitted)


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", strip_markers(text).lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))} if words else set()


def repeats_private(sentence: str, private: Sequence[str], n: int = PROMPT_RUN) -> bool:
    """Whether `sentence` repeats `n` words in a row of a private text: the model is echoing its
    prompt, not answering from the sources (a sentence of fewer words is never taken for one)."""
    mine = _runs(sentence, n)
    return any(mine & _runs(text, n) for text in private if text)


def _source_sentences(source: str) -> list[str]:
    """The quotable sentences of a cited source (the source itself if it has none)."""
    return [s.text for s in split_hit(Hit("", "", source, "", ""), 0)] or [source]


def _numbers_found(sentence: str, sources: list[str]) -> bool:
    """True when every figure of `sentence` (commas ignored) appears in the source sentence
    closest to it, so figures swapped between two source sentences are caught; years only need
    to appear somewhere in the source (they are the context of the whole document)."""
    wanted = [n.replace(",", "") for n in _NUMBER.findall(strip_markers(sentence))]
    for source in sources:
        everywhere = {n.replace(",", "") for n in _NUMBER.findall(source)}
        closest = _closest(sentence, _source_sentences(source), 1)
        near = {n.replace(",", "") for piece in closest for n in _NUMBER.findall(piece)}
        if all(n in near or (_YEAR.fullmatch(n) and n in everywhere) for n in wanted):
            return True
    return not wanted


def _coverage(sentence: str, sources: list[str], glossary_terms: set[str]) -> float:
    tokens = dict.fromkeys(tokenize(strip_markers(sentence)))
    words = [t for t in tokens if t not in _GENERIC]
    if not words:
        return 1.0
    pool = set(glossary_terms)
    for source in sources:
        pool.update(tokenize(source))
    return sum(1 for t in words if t in pool) / len(words)


def check_grounding(
    text: str,
    sources: dict[int, str],
    *,
    embedder=None,
    glossary=None,
    values: GroundingValues | None = None,
    private: Sequence[str] = (),
) -> GroundingResult:
    """Keep the sentences of `text` whose `[n]` markers are valid and whose sources support them
    (thresholds: the calibration's `grounding` section); none may repeat a `private` text."""
    v = values or default_calibration().grounding
    sources = {n: safe_text(text) for n, text in sources.items()}
    result = GroundingResult()
    pending: list[tuple[Checked, list[str], float]] = []
    for sentence in answer_sentences(text):
        checked = Checked(sentence, list(dict.fromkeys(markers_in(sentence))))
        if not checked.markers:
            checked.reason = "no marker"
        elif any(n not in sources for n in checked.markers):
            checked.reason = "invalid marker"
        elif is_instruction(strip_markers(sentence)):
            checked.reason = "instruction"
        elif repeats_private(sentence, private):
            checked.reason = "prompt"
        if checked.reason:
            result.removed.append(checked)
            continue
        cited = [sources[n] for n in checked.markers]
        extra: set[str] = set()
        if glossary is not None:
            for ko, en in glossary.terms_for(" ".join(cited)):
                extra.update(tokenize(f"{ko} {en}"))
        checked.lexical = _coverage(sentence, cited, extra)
        same = all(language_of_text(strip_markers(sentence)) == language_of_text(s) for s in cited)
        if same and not _numbers_found(sentence, cited):
            checked.reason = "unsupported"
        elif not same and not any(figures_supported(strip_markers(sentence), c) for c in cited):
            checked.reason = "unsupported"  # "60 million KRW" must meet "6,000만 원" by value
        elif checked.lexical < (v.lexical if same else v.cross_lexical):
            checked.reason = "unsupported"
        if checked.reason:
            result.removed.append(checked)
            continue
        pending.append((checked, cited, v.dense if same else v.cross_dense))
    if embedder is not None and pending:
        _dense_check(pending, embedder)
    for checked, _, _ in pending:
        (result.removed if checked.reason else result.kept).append(checked)
    return result


def _dense_check(pending: list[tuple[Checked, list[str], float]], embedder) -> None:
    """Mark sentences whose closest cited-source sentence is below their threshold unsupported."""
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for checked, cited, _ in pending:
        start = len(texts)
        texts.append(strip_markers(checked.text))
        for source in cited:
            texts.extend(_closest(checked.text, _source_sentences(source), 3))
        spans.append((start, len(texts)))
    vectors = embedder.embed_passages([t[:300] for t in texts])
    for (checked, _, threshold), (start, end) in zip(pending, spans, strict=True):
        if end - start < 2:
            checked.dense = 0.0
        else:
            checked.dense = float((vectors[start + 1 : end] @ vectors[start]).max())
        if checked.dense < threshold:
            checked.reason = "unsupported"


def _closest(sentence: str, pieces: list[str], k: int) -> list[str]:
    """The `k` source sentences sharing the most keyword tokens with `sentence`."""
    words = set(tokenize(MARKER.sub("", sentence)))
    return sorted(pieces, key=lambda p: -len(words & set(tokenize(p))))[:k]
