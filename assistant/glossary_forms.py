"""How glossary forms are matched: the words of an English form, its pattern (plural and hyphen
tolerated), the shorter names people use for a long one, and the index of which entries a text
may mention (looked up by the first characters of a Korean form or the first word of an
English one, instead of trying every form of every entry on every text)."""

from __future__ import annotations

import re
from functools import cache


def name_words(form: str) -> list[str]:
    """The lower-cased words of a glossary form ("Data-Store name" -> data, store, name)."""
    return [w for w in re.split(r"[\s\-]+", form.strip().lower()) if w]


_RUN = re.compile(r"[a-z0-9]+")  # a run of a lower-cased text's letters and digits


@cache
def english_pattern(form: str) -> re.Pattern[str]:
    """Compiled on first need: a glossary has hundreds of forms, and a text names few of them."""
    words = [re.escape(w) for w in name_words(form)]
    last = words[-1]  # a plural: "data vouchers", "supplier companies"
    words[-1] = (f"{last[:-1]}(?:y|ies)" if len(last) > 2 and last[-1] == "y" and last[-2] not in
                 "aeiou" else f"{last}(?:s|es)?")
    return re.compile(r"(?<![a-z0-9])" + r"[\s\-]+".join(words) + r"(?![a-z0-9])")


def shortened(forms: list[str], known: set[str]) -> list[str]:
    """A long English name as people shorten it: each form of four words or more with one
    inner word left out ("Gwangju AI industry complex" for "Gwangju AI industry convergence
    complex"), and one of five words or more without its first ("where in Gwangju is the AI
    industry convergence complex?", "the Data Industry Promotion Agency"), unless that is
    another form of the glossary."""
    out = []
    for form in forms:
        words = name_words(form)
        shorter = [words[:k] + words[k + 1:] for k in range(1, len(words) - 1)] \
            if len(words) >= 4 else []
        shorter += [words[1:]] if len(words) >= 5 else []
        for short in map(" ".join, shorter):
            if short not in known and short not in out:
                out.append(short)
    return out


class FormIndex:
    """Entries (by index) a text may mention: by the first two characters of a Korean form
    (the text holds them), and by the first word of an English form (a word of letters and
    digits can only occur inside such a run of the text; another first word is always tried).
    A superset: the caller still matches each form."""

    def __init__(self, korean: list[list[str]], first_words: list[list[str]]) -> None:
        self._by_start: dict[str, set[int]] = {}
        for k, forms in enumerate(korean):
            for form in filter(None, forms):
                self._by_start.setdefault(form[:2], set()).add(k)
        self._by_first: dict[str, set[int]] = {}
        self._odd_first: set[int] = set()
        for k, firsts in enumerate(first_words):
            for first in firsts:
                if _RUN.fullmatch(first):
                    self._by_first.setdefault(first, set()).add(k)
                else:
                    self._odd_first.add(k)

    def korean(self, squashed: str) -> set[int]:
        """Entries a Korean form of which the compacted text `squashed` may hold."""
        starts = {squashed[i:i + 2] for i in range(len(squashed))} | set(squashed)  # 1-char forms
        return {k for start in starts for k in self._by_start.get(start, ())}

    def english(self, lowered: str) -> set[int]:
        """Entries an English form of which the lower-cased text `lowered` may hold."""
        return self._odd_first | {
            k for run in set(_RUN.findall(lowered)) for i in range(len(run))
            for j in range(i + 1, len(run) + 1) for k in self._by_first.get(run[i:j], ())}
