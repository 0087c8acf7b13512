"""Conflicting figures: two documents that give different amounts for the same subject and year.

An answer never merges them silently. Among the ranked candidates, a sentence *rivals* the one
that answers when it
- comes from another document (not a translation of the same one: another `doc_group`),
- is about the same year (years written in the sentence, else the document's metadata years;
  both must be known and overlap),
- meets exactly the same concepts of the question (the same subject, as the selector saw it),
  and holds the kind of fact asked when a kind is asked,
- states money amounts and none of them equals one of the answer's.
Then both are quoted, each with its own `[n]`, the more trusted document first (`trust_of`:
front matter `official: true`, then a `trust` level), followed by the notice
`notice_conflict_<lang>` naming both figures (and `conflict_official_<lang>` when one source is
marked more trusted). Amounts are parsed by `assistant.compose.english.money`.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.compose.english import money
from assistant.compose.features import MAX_CANDIDATES
from assistant.compose.select import Ranking, Scored
from assistant.models import Hit
from assistant.prompts import render
from ingest.text import years_in

# Named trust levels of front matter `trust:` (a number is taken as it is).
TRUST_LEVELS = {"official": 3.0, "high": 2.0, "medium": 1.0, "low": 0.0, "unverified": -1.0}
_TRUE = {"true", "yes", "1", "on"}


@dataclass
class Conflict:
    """Two candidate sentences that disagree on a figure, the preferred one first."""

    first: Scored
    other: Scored
    ranked_by_trust: bool  # the order comes from official/trust metadata, not from the scores


def trust_of(metadata: dict) -> tuple[int, float]:
    """How far a document is trusted: (marked official, trust level); higher is preferred."""
    official = metadata.get("official")
    marked = official is True or str(official).strip().lower() in _TRUE
    level = metadata.get("trust")
    if isinstance(level, bool) or level is None:
        value = 0.0
    elif isinstance(level, int | float):
        value = float(level)
    else:
        value = TRUST_LEVELS.get(str(level).strip().lower(), 0.0)
    return int(marked), value


def _years(scored: Scored) -> set[int]:
    return years_in(scored.sentence.text) or set(scored.sentence.years)


def _same_document(a: Hit, b: Hit) -> bool:
    group = a.metadata.get("doc_group")
    return a.doc_id == b.doc_id or bool(group and group == b.metadata.get("doc_group"))


def _rivals(anchor: Scored, candidate: Scored, hits: list[Hit], kinds: list[str]) -> bool:
    """Whether `candidate` states a different amount for the same subject and year."""
    if _same_document(hits[anchor.sentence.hit_index], hits[candidate.sentence.hit_index]):
        return False
    years = _years(anchor)
    if not years or not years & _years(candidate):
        return False
    if not anchor.met or anchor.met != candidate.met:
        return False
    if kinds and not any(candidate.fits.get(k, 0) >= 1 for k in kinds):
        return False
    mine = {value for _, value in money(anchor.sentence.text)}
    theirs = {value for _, value in money(candidate.sentence.text)}
    return bool(mine and theirs and not mine & theirs)


def find_conflict(picked: list[Scored], ranking: Ranking, hits: list[Hit]) -> Conflict | None:
    """The first candidate (of the embedded best ones) rivalling the answering sentence, with
    the pair ordered by trust (then by score); None when the sources agree."""
    if not picked:
        return None
    anchor = picked[0]
    for candidate in ranking.ranked[:MAX_CANDIDATES]:
        if candidate is anchor or not _rivals(anchor, candidate, hits, ranking.kinds):
            continue
        mine = trust_of(hits[anchor.sentence.hit_index].metadata)
        theirs = trust_of(hits[candidate.sentence.hit_index].metadata)
        if theirs > mine:
            return Conflict(candidate, anchor, True)
        return Conflict(anchor, candidate, mine > theirs)
    return None


def with_conflict(picked: list[Scored], conflict: Conflict) -> list[Scored]:
    """`picked` opening with the preferred sentence, then its rival, then the rest."""
    pair = [conflict.first, conflict.other]
    return pair + [p for p in picked if all(p is not q for q in pair)]


def conflict_notice(conflict: Conflict, hits: list[Hit], language: str) -> str:
    """The plain line saying the sources disagree, naming each figure and its document."""
    figures = []
    for scored in (conflict.first, conflict.other):
        written = ", ".join(dict.fromkeys(w for w, _ in money(scored.sentence.text)))
        title = hits[scored.sentence.hit_index].title
        figures.append(f"{written} ({title})")
    line = render(f"notice_conflict_{language}", figures=" / ".join(figures)).strip()
    if conflict.ranked_by_trust:
        line += " " + render(f"conflict_official_{language}").strip()
    return line
