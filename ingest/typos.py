"""Typos: one-letter slips of a word (a Hangul vowel swapped, a Latin letter added, dropped,
changed or two neighbours swapped), and an index that finds the words a typo can be of without
a scan. Part of the language toolkit (`ingest.words`, `ingest.text`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ingest.text import HANGUL
from ingest.words import english_stem


def _hangul_parts(ch: str) -> tuple[int, int, int]:
    """(initial, vowel, final) jamo indexes of a Hangul syllable."""
    code = ord(ch) - 0xAC00
    return code // 588, (code % 588) // 28, code % 28


def deletions(word: str) -> set[str]:
    """`word` with one letter (or syllable) left out, each way: two words one typo apart share
    one of these or each other ("compnay" and "company" share "compay")."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def is_typo(term: str, word: str) -> bool:
    """A common one-letter typo: a Hangul vowel swapped (센타/센터), or one Latin letter
    added, dropped or changed (dataa/data), or two neighbouring letters swapped."""
    if HANGUL.match(term):
        if len(term) != len(word) or not HANGUL.match(word):
            return False
        diff = [(a, b) for a, b in zip(term, word, strict=True) if a != b]
        if len(diff) != 1 or not all(HANGUL.match(c) for c in diff[0]):
            return False
        (ai, _, af), (bi, _, bf) = map(_hangul_parts, diff[0])
        return ai == bi and af == bf
    if abs(len(term) - len(word)) > 1 or HANGUL.search(word):
        return False
    if len(term) == len(word):  # one letter changed, or two neighbours swapped (compnay)
        diff = [i for i, (a, b) in enumerate(zip(term, word, strict=True)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and term[diff[0]] == word[diff[1]]
                                  and term[diff[1]] == word[diff[0]])
    short, long_ = sorted((term, word), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class TypoIndex:
    """`words` each filed under itself and its one-letter deletions (SymSpell's idea): two
    words one typo apart share a key, so the words a typo can be of are found without a scan.
    `counts` (a word's number of chunks, say) rank them; `stems` are the English words' light
    stems (an inflection is no typo)."""

    def __init__(self, words: Iterable[str], counts: Mapping[str, int] | None = None) -> None:
        self.words = frozenset(words)
        self.counts = dict(counts or {})
        self.stems = frozenset(english_stem(w) for w in self.words if w.isascii())
        self._keys: dict[str, list[str]] = {}
        for word in self.words:
            for key in deletions(word) | {word}:
                self._keys.setdefault(key, []).append(word)

    def near(self, term: str) -> list[str]:
        """The words `term` is a one-letter typo of (see `is_typo`)."""
        found = {w for key in deletions(term) | {term} for w in self._keys.get(key, ())}
        return [w for w in found if is_typo(term, w)]
