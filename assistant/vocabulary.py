"""What the index and the glossary know of a question's words, and the spellings they use.

`known` says which words the documents (or the glossary) hold, for the refusal signals;
`respelled` puts an English typo back into the index's spelling, and `canonical` a glossary
variant the documents never use into the glossary's main Korean form ("과기정통부" ->
"과학기술정보통신부"), so that retrieval, ranking and the signals see the words the documents use.
"""

from __future__ import annotations

import re
from functools import cached_property

from assistant.glossary import MAX_SEEN, Glossary
from assistant.index import IndexReader
from ingest.keyword import latin_word, tokenize
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.text import HANGUL, LATIN
from ingest.typos import TypoIndex
from ingest.words import CLIPPED_SYLLABLES, HONORIFIC_NOUNS, cost_of, spelled_letters

# The formats the documents come in ("the brochure (the PDF)"): words about the documents
# themselves, known although no document's text writes them.
FORMATS = frozenset(s.lstrip(".") for s in SUPPORTED_SUFFIXES)

_LATIN = re.compile(r"[A-Za-z]+")
# a word glossed in brackets right after it: "개보위(개인정보 보호위원회)"
_GLOSSED = re.compile(r"([0-9A-Za-z가-힣-]{2,20})\s?\(([^()]{2,40})\)")


class Vocabulary:
    """The index's and the glossary's words, for one reader (it follows index generations)."""

    def __init__(self, reader: IndexReader, glossary: Glossary | None) -> None:
        self.reader = reader
        self.glossary = glossary
        # texts already unclipped, per index generation: an ask puts its question into the
        # documents' spelling four or five times, and Kiwi's cut is most of the cost
        self._unclipped_seen: dict[tuple[str, str], str] = {}

    @cached_property
    def glossary_words(self) -> frozenset[str]:
        """Every word of the glossary's English forms, spelled as the keyword index spells it."""
        terms = self.glossary.terms if self.glossary is not None else []
        return frozenset(filter(None, (latin_word(w) for term in terms for form in term.en_forms
                                       for w in LATIN.findall(form.lower()))))

    @cached_property
    def _glossary_typos(self) -> TypoIndex:  # the glossary's English words, see `respelled`
        return TypoIndex(self.glossary_words)

    def known(self, words: list[str]) -> set[str]:
        """Those of `words` the corpus holds (each part of a hyphenated word), or the glossary.
        A Hangul spelling of Latin letters counts as those letters ("케이" for the K of K-DATA),
        an honorific noun as its plain word ("성함" for 이름)."""
        out = set()
        for word in words:
            parts = [p for p in re.split(r"[^0-9a-z\uac00-\ud7a3]+", word.lower()) if p]
            parts = [latin_word(p) or p for p in parts] if not HANGUL.search(word) else [word]
            letters = spelled_letters(word) or HONORIFIC_NOUNS.get(word) \
                if HANGUL.search(word) else None
            found = set(self.reader.known_terms(parts + [letters] * bool(letters)))
            if all(p in found for p in parts) or letters in found or self._costs(word) or (
                    word.lower() in FORMATS) or (
                    word in self.glossary_words) or (
                    self.glossary is not None and self.glossary.expand(word)):
                out.add(word)
        return out

    def _costs(self, word: str) -> bool:
        """Whether `word` is the cost of a thing the documents name ("교육비" of 교육): what it
        asks is that thing's price, which the evidence is then read for."""
        thing = cost_of(word)
        return bool(thing) and bool(self.reader.known_terms([thing]))

    def respelled(self, text: str) -> str:
        """`text` with each English word the index does not hold replaced by the frequent
        indexed word it is a one-letter typo of ("data brokr" -> "data broker"), and each
        glossary variant the documents do not use by its main form (see `canonical`)."""
        text = self.canonical(text)
        fixes = self.reader.respellings(sorted({w.lower() for w in _LATIN.findall(text)}),
                                        self._glossary_typos)
        return _LATIN.sub(lambda m: fixes.get(m.group().lower(), m.group()), text) if fixes \
            else text

    def canonical(self, text: str) -> str:
        """`text` with each Korean glossary variant that holds a word the index does not
        ("과기정통부", "정통부" never written in the documents) replaced by the entry's main
        form: the word analyser would cut the abbreviation into pieces the documents never use,
        and the question would look out of scope."""
        text = self._glossed(text)
        if self.glossary is None:
            return text
        for written, main in self.glossary.korean_variants(text):
            if not self._uses(written):
                text = text.replace(written, main)
        return self._unclipped(text)

    def _unclipped(self, text: str) -> str:
        """`text` with each Korean word neither the index nor the glossary holds that clips a
        glossary name put in that name's spelling ("데산법상" -> "데이터산업법상"; see
        `Glossary.unclipped`): people shorten long names, the documents write them out. A word
        one syllable longer than a clipped name may end in a suffix Kiwi kept on it ("…법상");
        a form the documents never use gives way to the entry's main form."""
        if self.glossary is None:
            return text
        key = (self.reader.generation, text)
        if key not in self._unclipped_seen:
            if len(self._unclipped_seen) >= MAX_SEEN:
                self._unclipped_seen.clear()
            self._unclipped_seen[key] = self._read_unclipped(text)
        return self._unclipped_seen[key]

    def _read_unclipped(self, text: str) -> str:
        """`_unclipped` without the memory."""
        words = {w for w in tokenize(text, bigrams=False)
                 if min(CLIPPED_SYLLABLES) <= len(w) <= max(CLIPPED_SYLLABLES) + 1
                 and HANGUL.fullmatch(w[0])}
        for word in sorted(words - self.known(sorted(words))):
            for short in (word, word[:-1]):
                found = self.glossary.unclipped(short)
                if found:
                    form, main = found
                    text = re.sub(rf"(?<![가-힣]){short}", form if self._uses(form) else main,
                                  text)
                    break
        return text

    def _uses(self, written: str) -> bool:
        """Whether the index holds every word of `written`."""
        words = tokenize(written, bigrams=False)
        return set(self.reader.known_terms(words)) == set(words)

    def _glossed(self, text: str) -> str:
        """`text` without the spelling of a glossed pair ("개보위(개인정보 보호위원회)",
        "PIPC (개인정보 보호위원회)") that the documents never use while they use the other:
        the writer says both name one thing."""
        def keep(found: re.Match) -> str:
            word, gloss = found.group(1), found.group(2).strip()
            if self._uses(word) or not self._uses(gloss):
                return found.group(0)
            return gloss
        return _GLOSSED.sub(keep, text)
