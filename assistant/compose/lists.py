"""Lists in answers: a sentence that introduces a list ("다음 각 호", "the following:") is
followed by its first top-level items, so a quoted intro never ends in a colon. Plain `re`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.compose.sentences import Sentence

if TYPE_CHECKING:
    from assistant.compose.select import Scored

MAX_LIST_ITEMS = 3  # items quoted after a sentence that introduces a list
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


def with_list_items(picked: list[Scored], sentences: list[Sentence]) -> list[Scored]:
    """`picked`, each sentence that introduces a list followed by (up to 3 of) its items."""
    out: list[Scored] = []
    taken = {id(p.sentence) for p in picked}
    for p in picked:
        out.append(p)
        if _LIST_INTRO.search(p.sentence.text):
            for item in list_items(p.sentence, sentences):
                if id(item) not in taken:
                    taken.add(id(item))
                    out.append(replace(p, sentence=item, vector=None))
    return out


def list_items(intro: Sentence, sentences: list[Sentence]) -> list[Sentence]:
    """The first top-level items of the list `intro` introduces (one prose sentence may come
    between, such as a proviso); sub-items are skipped."""
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
        if len(items) == MAX_LIST_ITEMS:
            break
    return items
