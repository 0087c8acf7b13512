"""One fact, two languages: a sentence and its translation share their evidence.

A document and its translation (one `doc_group`) state each fact twice. Retrieval usually ranks
one version higher (its hit rank and score), the question's words meet the version in the
question's language (lexical), and the embedder scores each version differently. Ranked apart,
the evidence for one fact is split between two candidates, and a weaker fact whose evidence all
sits on one version can open the answer ("K-DATA became a promotion agency in 2009" lost to
"…1993년 … 출발했습니다" for "kdata became a promotion agency in which yr?": the Korean chunk
ranked first, the English sentence held the asked words).

A candidate in the question's language takes the best of each piece of evidence (and the least
of each penalty) of the other-language candidate that states the same fact: the same document
group, the same figures, passage vectors at least `same_fact_cosine` apart (translations measure
0.85–0.90). The other-language version keeps its own scores; when it is picked as well it is
dropped as the same fact (`assistant.compose.extractive.in_answer_language`).
"""

from __future__ import annotations

import re

from assistant.calibration import SelectionValues
from assistant.compose.features import score_of
from assistant.compose.select import Ranking, Scored
from ingest.figures import months_as_numbers
from ingest.text import language_of_text, years_in

# Evidence that the fact answers (the best of the two versions counts) and penalties (the
# least counts). Language, novelty, position and list-item features stay each sentence's own.
SHARED = ("lexical", "hit", "rank", "kind", "year", "article")
PENALTIES = ("generic", "topic_only")


def figures(text: str, years: bool = True) -> frozenset[str]:
    """The figures of a sentence, two digits or more ("1인", "4대" are words), an English
    month as its number ("October" is 10 as in "10월"); without years when `years` is False."""
    found = (n.replace(",", "") for n in re.findall(r"\d[\d,.]*\d", months_as_numbers(text)))
    return frozenset(n for n in found if years or not years_in(n))


def translation_of(candidate: Scored, pool: list[Scored], min_cosine: float) -> Scored | None:
    """The embedded candidate of `pool` that states the same fact as `candidate` (the same
    figures, passage vectors at least `min_cosine` apart), the closest one; None otherwise."""
    if candidate.vector is None:
        return None
    mine = figures(candidate.sentence.text)
    best, closest = None, min_cosine
    for other in pool:
        if other.vector is None or figures(other.sentence.text) != mine:
            continue
        cosine = float(candidate.vector @ other.vector)
        if cosine >= closest:
            best, closest = other, cosine
    return best


def share_evidence(ranking: Ranking, groups: list[str | None], language: str,
                   values: SelectionValues) -> Ranking:
    """`ranking` with each candidate in `language` that has a translation among the
    candidates (`groups`: the doc_group of each hit, by hit index) scored on the evidence of
    both (see the module docstring), re-sorted."""
    def group(s: Scored) -> str | None:
        index = s.sentence.hit_index
        return groups[index] if index < len(groups) else None

    own = [s for s in ranking.ranked if group(s) and language_of_text(s.sentence.text) == language]
    other = [s for s in ranking.ranked
             if group(s) and language_of_text(s.sentence.text) != language]
    if not own or not other:
        return ranking
    for s in own:
        twin = translation_of(s, [o for o in other if group(o) == group(s)],
                              values.same_fact_cosine)
        if twin is None:
            continue
        parts = dict(s.parts)
        parts.update({k: max(parts.get(k, 0.0), twin.parts.get(k, 0.0)) for k in SHARED
                      if k in parts or k in twin.parts})
        parts.update({k: min(parts.get(k, 0.0), twin.parts.get(k, 0.0)) for k in PENALTIES})
        s.parts, s.score = parts, score_of(parts, values)
        s.lexical, s.dense, s.cosine, s.fit = (parts["lexical"], parts.get("dense", 0.0),
                                               parts.get("cosine", 0.0), parts["kind"])
        s.met, s.head = s.met | twin.met, s.head | twin.head
        s.fits = {k: max(f, twin.fits.get(k, 0.0)) for k, f in s.fits.items()}
    ranking.ranked.sort(key=lambda s: -s.score)
    return ranking
