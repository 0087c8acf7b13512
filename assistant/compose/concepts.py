"""The concepts of a question: glossary terms (met in Korean or English) and content words.

A glossary term found in the question is one concept, so an English question scores on Korean
evidence; other words are one concept each; Hangul character bigrams give partial credit, so a
compound written differently still counts a little (tokens from ingest.keyword.tokenize, Kiwi);
another inflection of an English word ("opened" for "open") earns part of its weight (Kiwi's
stems let Korean inflections meet in full).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.glossary import Glossary
from ingest.figures import KO_COUNTERS
from ingest.keyword import tokenize
from ingest.text import article_labels, years_in
from ingest.words import english_stem, is_stop

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate("one two three four five six seven eight nine ten".split(), 1)
}


@dataclass
class Concept:
    """One thing the question asks about: a glossary term (either language) or one word."""

    tokens: frozenset[str]  # a sentence holding one of these meets the concept
    bigrams: tuple[str, ...] = ()  # partial credit for a Korean compound written differently
    term: tuple[str, str] | None = None  # (ko, en) of a glossary term, met in either form
    parts: tuple[frozenset[str], ...] = field(default=())  # per-language tokens of the term
    bigram_credit: float = 0.5  # share of a Korean word's weight its character bigrams can earn
    stem: str = ""  # an English word's light stem: another inflection meets it in part
    stem_credit: float = 0.4  # share of its weight another inflection earns
    together: frozenset[str] = frozenset()  # a figure ("4대", "9명"): met when all are held

    def language(self) -> str:
        """'ko' or 'en' for a word only a sentence in that language can hold, else 'any'."""
        if self.term is not None:
            return "any"
        word = next(iter(self.tokens))
        return "ko" if hangul(word) else "any" if word[:1].isdigit() else "en"

    def match(self, tokens: set[str], terms: set[tuple[str, str]],
              stemmed: set[str] | None = None) -> float:
        """1.0 when a text with these keyword tokens and glossary `terms` meets the concept,
        a fraction for a partial match, else 0 (`stemmed`: the tokens' `stems`, when known)."""
        if self.together:
            return float(self.together <= tokens)
        if self.tokens & tokens or self.term in terms:
            return 1.0
        if self.stem and self.stem in (stems(tokens) if stemmed is None else stemmed):
            return self.stem_credit  # "opened" for "open": another inflection of the word
        if self.parts:
            return 0.5 * max(len(p & tokens) / len(p) for p in self.parts)
        if self.bigrams:
            return self.bigram_credit * sum(b in tokens for b in self.bigrams) / len(self.bigrams)
        return 0.0


def concepts(query: str, glossary: Glossary | None, bigram_credit: float = 0.5,
             stem_credit: float = 0.4) -> list[Concept]:
    """The question's concepts: its glossary terms, then its remaining content words."""
    out: list[Concept] = []
    covered: set[str] = set()
    inner = glossary.nested(query) if glossary else set()  # "broker" of "a data broker"
    pairs = [p for p in glossary.terms_for(query) if p not in inner] if glossary else []
    for term in (t for t in glossary.terms if (t.ko, t.en) in pairs) if glossary else ():
        forms = (frozenset(w for w in tokenize(f, bigrams=False) if not is_stop(w))
                 for f in (term.ko, term.en))
        parts = tuple(p for p in forms if p)
        covered.update(*parts)
        for variant in term.ko_forms + term.en_forms + term.said:  # "데이터 바우처", "공짜"
            covered.update(tokenize(variant, bigrams=False))
        out.append(Concept(frozenset(), term=(term.ko, term.en), parts=parts))
    words = tokenize(query, bigrams=False)
    # an article ("제28조의2") is one concept, not also its number, "조" and "의 2"
    for label in (w for w in words if article_labels(w) == [w]):
        covered.update(re.findall(r"\d+|조|항|호", label))
    # a figure with its counter ("4대 서비스", "9명의 위원") is one thing asked, not two
    for number, counter in zip(words, words[1:], strict=False):
        if _NUMBER.fullmatch(number) and counter in KO_COUNTERS and not years_in(number):
            out.append(Concept(frozenset({number}), together=frozenset({number, counter})))
            covered.update((number, counter))
    words += [_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS]
    for word in dict.fromkeys(words):
        if is_stop(word) or word in covered or years_in(word):
            continue  # years are matched by the year cue, not as words
        bigrams = tuple(word[i : i + 2] for i in range(len(word) - 1)) if hangul(word) else ()
        out.append(Concept(frozenset({word}), bigrams if len(word) >= 3 else (),
                           bigram_credit=bigram_credit,
                           stem=english_stem(word) if word.isascii() and word.isalpha() else "",
                           stem_credit=stem_credit))
    return out


def stems(tokens) -> set[str]:
    """Light stems of the English words among `tokens` (see `ingest.words.english_stem`)."""
    return {english_stem(t) for t in tokens if t.isascii() and t.isalpha()}


def hangul(text: str) -> bool:
    """Whether `text` has Hangul."""
    return bool(re.search(r"[\uac00-\ud7a3]", text))


