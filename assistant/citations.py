"""`[n]` citation markers: parse them, number the sources an answer uses, check consistency.

Plain `re` does the parsing; the numbering rule is ours: sources are numbered 1.. in the order
the answer first uses them, and a source used again keeps its number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Answer, Citation, Hit
from ingest.errors import AssistantError
from ingest.text import normalise

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_BARE_ADDRESS = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)
SNIPPET_CHARS = 200


class CitationError(AssistantError):
    """An answer's `[n]` markers and its citations list do not match."""


@dataclass
class SourceUse:
    """One quoted passage of a hit; `section` overrides the hit's (e.g. with an article label)."""

    hit: Hit
    quote: str
    section: str = ""


def parse_markers(text: str) -> list[int]:
    """Numbers of all `[n]` markers (also `[1][2]` and `[1, 2]`), each once, in order of use."""
    seen: list[int] = []
    for match in MARKER.finditer(text):
        for part in match.group(1).split(","):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


def markers_in(text: str) -> list[int]:
    """Every number referenced by `[n]` markers in `text`, repeats included."""
    return [int(p) for m in MARKER.finditer(text) for p in m.group(1).split(",")]


def strip_markers(text: str) -> str:
    """`text` without its `[n]` markers."""
    return normalise(MARKER.sub("", text))


def renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite markers through `mapping` (old n -> new n); `[1, 2]` becomes `[a][b]`."""

    def sub(match: re.Match[str]) -> str:
        numbers = [mapping[int(p)] for p in match.group(1).split(",") if int(p) in mapping]
        return "".join(f"[{n}]" for n in dict.fromkeys(numbers))

    return MARKER.sub(sub, text)


def source_url(hit: Hit) -> str:
    """The document's public address: the first http(s) address in metadata `sources`, else ''.

    A bare address such as `etnews.com/20221014000004` counts too and gets `https://`.
    """
    sources = hit.metadata.get("sources") or []
    if isinstance(sources, str):
        sources = [sources]
    for item in sources:
        found = _URL.search(str(item))
        if found:
            return found.group(0).rstrip(".,;")
    for item in sources:
        text = str(item).strip()
        if _BARE_ADDRESS.match(text):
            return "https://" + text
    return ""


def trim(text: str, limit: int = SNIPPET_CHARS) -> str:
    """`text` cut to `limit` characters at a word boundary, with `…` when cut."""
    text = normalise(text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def number_sources(uses: Sequence[SourceUse | tuple[Hit, str]]) -> tuple[list[int], list[Citation]]:
    """Number the sources in order of first use: the n of each use, and one Citation per n."""
    numbers: list[int] = []
    keys: dict[tuple[str, str], int] = {}
    quotes: dict[int, list[str]] = {}
    citations: list[Citation] = []
    for use in uses:
        if not isinstance(use, SourceUse):
            use = SourceUse(*use)
        section = use.section or use.hit.section
        key = (use.hit.chunk_id, section)
        if key not in keys:
            keys[key] = len(citations) + 1
            hit = use.hit
            citations.append(
                Citation(
                    n=keys[key], doc_id=hit.doc_id, title=hit.title, source=hit.source,
                    page=hit.page, section=section, snippet="", score=hit.score,
                    url=source_url(hit), chunk_id=hit.chunk_id,
                    section_en=str(hit.metadata.get("section_en") or "")
                    if section == hit.section else "",
                )
            )
        n = keys[key]
        numbers.append(n)
        if use.quote and use.quote not in quotes.setdefault(n, []):
            quotes[n].append(use.quote)
    for citation in citations:
        citation.snippet = trim(" … ".join(strip_markers(q) for q in quotes.get(citation.n, [])))
    return numbers, citations


def check_consistency(answer: Answer) -> None:
    """Raise CitationError unless every `[n]` has a citation and every citation is used."""
    used = set(parse_markers(answer.text))
    listed = [c.n for c in answer.citations]
    if len(listed) != len(set(listed)):
        raise CitationError(f"citation numbers repeat: {listed}")
    if answer.refused and answer.citations:
        raise CitationError("a refused answer must carry no citations")
    unknown = sorted(used - set(listed))
    if unknown:
        raise CitationError(f"markers {unknown} have no citation")
    unused = sorted(set(listed) - used)
    if unused:
        raise CitationError(f"citations {unused} are not used in the text")
