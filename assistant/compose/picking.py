"""Which ranked sentences make the answer: the best one, then a few that add to it.

The best sentence opens the answer, unless it is about another year than the one asked while a
sentence about that year holds the kind of fact asked, or holds no fact of the asked kind while
a sentence of its passage scoring close does (that one opens, the best follows); for a question
how something began ("처음에 언제 생겼어요?") the close line with the earliest year opens. A
further sentence is added only when it scores close to it and is not a near-duplicate
(MMR-style penalty); a multi-part question gets a line for each kind of fact it asks and for
each question it asks in a row: the line that meets that question's own words, else the one
closest to it in meaning that holds its kind of fact ("전체 몇 개였고, 그중에 일반가공은 몇 개" —
"모두 2,010개" meets no word of "전체 몇 개"); a sentence that introduces a list brings its items
(`assistant.compose.lists`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.calibration import SelectionValues
from assistant.compose.cues import TESTABLE
from assistant.compose.deferral import defers
from assistant.compose.delegation import delegated
from assistant.compose.features import own_concepts, redundancy
from assistant.compose.lists import with_list_items
from assistant.compose.sentences import Sentence, quotable
from assistant.kinds import kinds_in
from ingest.text import years_in
from ingest.words import CONTINUES

if TYPE_CHECKING:
    from assistant.compose.select import Ranking, Scored


def pick(ranking: Ranking, sentences: list[Sentence], v: SelectionValues, *,
         wants_list: bool = False, parts: int = 1,
         questions: tuple[str, ...] = (), defines: bool = False,
         years: tuple[int, ...] = ()) -> list[Scored]:
    """The best sentence, then at most `max_lines - 1` that score close to it (closer for a
    plain question than for a list, how-to or multi-part one) and say something the lines
    before do not (near-duplicates are penalised); a list's items follow its intro. Each of
    several `questions` asked in a row gets a line meeting its own words, or the closest in
    meaning (`Scored.part_cosines`) that holds the kind of fact it asks. Each of several `years`
    the question names ("2020년 하반기랑 2023년에 각각 얼마") gets a line about that year."""
    ranked = ranking.ranked
    if not ranked:
        return []
    best = ranked[0].score
    margin = v.margin if wants_list or parts > 1 else v.extra_margin
    picked = [earliest(ranked, margin) if ranking.origin else opening(ranked, margin, defines)]
    if picked[0] is not ranked[0] and ranked[0].parts.get("year", 0.0) > -1:
        picked.append(ranked[0])  # the asked fact of its passage opens, the best line follows
    pool = [s for s in ranked[1:] if s.score >= best - margin]
    for kind in ranking.kinds if parts > 1 else ():  # every asked part gets its line
        if len(picked) < v.max_lines and not any(p.fits.get(kind, 0) >= 1 for p in picked):
            fitting = [c for c in ranked[1:] if c.fits.get(kind, 0) >= 1
                       and c not in picked and c.score >= best - 2 * margin]
            if fitting:
                picked.append(fitting[0])
    for year in years if len(years) > 1 else ():  # a comparison: every year named its line
        if len(picked) < v.max_lines and not any(year in years_in(p.sentence.text)
                                                 for p in picked):
            fitting = [c for c in ranked[1:] if year in years_in(c.sentence.text)
                       and c not in picked and c.score >= best - 2 * margin
                       and (not ranking.kinds
                            or any(c.fits.get(kind, 0) >= 1 for kind in ranking.kinds))]
            if fitting:
                picked.append(fitting[0])
    for j, own in enumerate(own_concepts(ranking.wanted, ranking.topic, questions)):
        if len(picked) >= v.max_lines or any(p.met & own for p in picked):
            continue  # already answered by a line
        # its own passages may rank low against the whole question: what it asks decides
        need = min(2, len(own))
        fitting = [c for c in ranked[1:] if len(c.met & own) >= need and c not in picked]
        if fitting:
            picked.append(max(fitting, key=lambda c: (len(c.met & own), c.score)))
        elif (closest := closest_to_part(ranked, j, questions[j], best - 2 * margin)) and (
                closest not in picked):
            picked.append(closest)
    pool = [c for c in pool if c not in picked]
    while pool and len(picked) < v.max_lines:
        scored = [(c.score - redundancy(c, picked, v.redundant_cosine), c) for c in pool]
        value, choice = max(scored, key=lambda pair: pair[0])
        if value < best - margin:
            break
        picked.append(choice)
        pool.remove(choice)
    picked = with_delegated(picked, ranked, v.max_lines, ranking.kinds)
    return with_list_items(with_antecedents(picked, sentences), sentences, ranked)


def with_antecedents(picked: list[Scored], sentences: list[Sentence]) -> list[Scored]:
    """Each line that continues the sentence before it ("이 경우 그 위반행위를 한 자는 …",
    "다만, …", "However, …") quoted after that sentence in one line, where the line ranks:
    read alone it lacks what it qualifies. The sentence before, picked too, is then said by
    that line."""
    before = {(s.hit_index, s.position + 1): s for s in sentences
              if not s.item and quotable(s) and not CONTINUES.match(s.text)}
    out: list[Scored] = []
    said: set[int] = set()
    for p in picked:
        lead = before.get((p.sentence.hit_index, p.sentence.position))
        if lead is not None and CONTINUES.match(p.sentence.text) and not p.sentence.item:
            p = replace(p, sentence=replace(p.sentence, text=f"{lead.text} {p.sentence.text}"))
            said.add(id(lead))
        out.append(p)
    return [p for p in out if id(p.sentence) not in said]


def with_delegated(picked: list[Scored], ranked: list[Scored], max_lines: int,
                   kinds: list[str]) -> list[Scored]:
    """`picked` with the decree sentence that defines what its opening statute paragraph leaves
    to a decree (`assistant.compose.delegation`) second, in place of the last further line when
    the answer is full. Not when the opening line holds the asked figure or date itself: then
    what it delegates (an exception, say) is not what was asked."""
    first = picked[0]
    if kinds and first.fit >= 1:
        return picked
    found = delegated(first.sentence, [c.sentence for c in ranked])
    scored = next((c for c in ranked if c.sentence is found), None)
    if scored is None or scored in picked:
        return picked
    return [first, scored] + picked[1:max_lines - 1]


def opening(ranked: list[Scored], margin: float = 0.0, defines: bool = False) -> Scored:
    """The line that opens the answer: the best one, unless it is about another year than the
    question names while a sentence about that year holds the kind of fact asked (or says where
    it is published): another year's figure does not answer the year asked. Nor does a line
    that holds no asked fact open when a sentence of the same passage, or of a better one,
    scoring within `margin` of it holds one ("위원회를 둔다" before "15명 이상 50명 이하의
    위원으로 구성한다" for how many members): the passage is as right, the figure is what was
    asked. When no line states the fact, the best holding only part of it (a count for a sum)
    gives way to a line within `margin` saying where it is published or that it is not stated
    ("2022년 … 바우처당 지원 한도는 이 안내서에서 확인되지 않았습니다")."""
    first = ranked[0]
    if CONTINUES.match(first.sentence.text):  # "이 경우 …" qualifies a rule another line states
        first = next((c for c in ranked[1:] if c.score >= first.score - margin
                      and not CONTINUES.match(c.sentence.text)), first)
    if defines and first.parts.get("subject", 0.0) < 1:  # "what is a demand company?"
        first = next((c for c in ranked[1:] if c.score >= first.score - margin
                      and c.parts.get("subject", 0.0) >= 1
                      and not CONTINUES.match(c.sentence.text)), first)
    if first.parts.get("year", 0.0) <= -1:
        return next((c for c in ranked if c.parts.get("year", 0.0) >= 1 and c.fit >= 1), first)
    if first.fits and first.fit <= 0:
        return next((c for c in ranked[1:] if c.fit >= 1 and c.score >= first.score - margin
                     and c.sentence.hit_index <= first.sentence.hit_index
                     and not c.parts.get("generic")), first)  # not "이 문서의 일정은 …"
    if first.fits and first.fit < 1:  # no line states the fact: where it is published does
        return next((c for c in ranked[1:] if c.fit >= 1 and c.score >= first.score - margin
                     and defers(c.sentence.text)), first)
    return first


def earliest(ranked: list[Scored], margin: float) -> Scored:
    """For a question how something began ("처음에 언제, 무슨 이름으로 생겼어요?"): of the lines
    scoring within `margin` of the best that name a year, the one with the earliest year
    ("1993년 … 출발했습니다" before "2016년에 이름을 바꾸었고"); else the usual opening."""
    dated = [(min(years), c) for c in ranked if c.score >= ranked[0].score - margin
             and (years := years_in(c.sentence.text))]
    if len(dated) < 2:
        return opening(ranked, margin)
    return min(dated, key=lambda pair: pair[0])[1]


def closest_to_part(ranked: list[Scored], j: int, question: str,
                    floor: float) -> Scored | None:
    """The embedded candidate closest in meaning to the `j`-th question of a turn, among those
    scoring at least `floor` that hold the kind of fact it asks. None when it asks no kind that
    can be checked ("what happens if …?"): closeness alone does not tell its answer."""
    kinds = [k for k in kinds_in(question) if k in TESTABLE]
    candidates = [c for c in ranked if kinds and len(c.part_cosines) > j and c.score >= floor
                  and any(c.fits.get(k, 0) >= 1 for k in kinds)]
    return max(candidates, key=lambda c: c.part_cosines[j], default=None)
