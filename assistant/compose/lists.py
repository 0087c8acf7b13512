"""Lists in answers: a sentence that introduces a list ("다음 각 호", "the following:") is
quoted with its top-level items in one line, so a quoted intro never ends in a colon. Plain
`re`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.compose.sentences import Sentence

if TYPE_CHECKING:
    from assistant.compose.select import Scored

MAX_LIST_ITEMS = 3  # items `list_items` gives by default
LIST_ITEM_CHARS = 240  # characters of items quoted with the sentence that introduces them
_LIST_INTRO = re.compile(r"(?:다음 각 호|다음과 같|as follows|the following)[^.]*[.:]?$|:$")


# What separates the items of an enumeration: commas, middle dots, "and"/"or", 및/그리고/또는
_SEPARATOR = re.compile(r"(?:\s*(?:[,、·]|\b(?:and|or)\b|(?<=\s)(?:및|그리고|또는)(?=\s))\s*)+",
                        re.I)
ITEM_WORDS = 4  # words of an item in the middle of an enumeration, at most


def enumerates(text: str) -> bool:
    """Whether a sentence names three or more things in a row ("분석실, 강의실, 보육공간은 …",
    "rooms, lecture rooms and childcare spaces"), or introduces a list: what a question for
    the kinds or the members of something asks. The items in the middle must be short (a
    comma around a clause, "pays, in the form of a voucher, for part …", lists nothing)."""
    if _LIST_INTRO.search(text):
        return True
    middle = _SEPARATOR.split(text.strip())[1:-1]
    return bool(middle) and all(0 < len(m.split()) <= ITEM_WORDS for m in middle)


def with_list_items(picked: list[Scored], sentences: list[Sentence],
                    ranked: list[Scored] = ()) -> list[Scored]:
    """`picked`, each sentence that introduces a list joined in one line with its items
    ("… 다음 각 호의 사업을 할 수 있다: A; B; C"): the intro alone answers nothing, and its
    items are one statement with it. Of a long list, the items that rank best (`ranked`)
    are quoted, in the list's order, and "…" says some are left out. An item picked as a line
    of its own is then said by its intro's line."""
    scores = {id(c.sentence): c.score for c in ranked}
    lists = {id(p.sentence): list_items(p.sentence, sentences, limit=None) for p in picked
             if _LIST_INTRO.search(p.sentence.text)}
    inside = {id(item) for items in lists.values() for item in items}
    out: list[Scored] = []
    for p in picked:
        items = lists.get(id(p.sentence))
        if items:
            p = replace(p, sentence=replace(p.sentence, text=joined(p.sentence, items, scores)))
        elif id(p.sentence) in inside:
            continue
        out.append(p)
    return out


def joined(intro: Sentence, items: list[Sentence], scores: dict[int, float]) -> str:
    """The intro's text with its items after a colon: all of them when they are short
    together (`LIST_ITEM_CHARS`), else those that rank best that fit, in the list's order."""
    shown = items
    if sum(len(s.text) + 2 for s in items) > LIST_ITEM_CHARS:
        chosen, used = set(), 0
        for s in sorted(items, key=lambda s: (-scores.get(id(s), float("-inf")), s.position)):
            if used + len(s.text) + 2 <= LIST_ITEM_CHARS or not chosen:
                chosen.add(id(s))
                used += len(s.text) + 2
        shown = [s for s in items if id(s) in chosen]
    said = "; ".join(s.text.rstrip(" .;") for s in shown)
    more = "; …" if len(shown) < len(items) else ""
    return f"{intro.text.rstrip(' .:')}: {said}{more}"


def list_items(intro: Sentence, sentences: list[Sentence],
               limit: int | None = MAX_LIST_ITEMS) -> list[Sentence]:
    """The first top-level items (`limit`, or all) of the list `intro` introduces (one prose
    sentence may come between, such as a proviso); sub-items are skipped."""
    after = sorted((s for s in sentences if s.hit_index == intro.hit_index
                    and s.position > intro.position), key=lambda s: s.position)
    items: list[Sentence] = []
    for k, s in enumerate(after):
        if not s.item or s.item == "row":
            if items or k > 0:
                break
            continue
        if not items or s.item == items[0].item:
            items.append(s)
        if len(items) == limit:
            break
    return items
