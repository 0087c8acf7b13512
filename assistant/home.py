"""The center this assistant serves (the glossary entry marked `home: true`): its users say
"the center", "센터에서", "이 센터" and mean it, as staff of a library say "the library". A
question that names it by its head noun alone is searched as if it named it in full."""

from __future__ import annotations

import re

from assistant.glossary import Glossary, Term, name_words
from ingest.text import HANGUL, kiwi
from ingest.words import EN_DETERMINERS

_NOUNS = ("NN", "SL", "SH", "NR", "SN")  # Kiwi tags of a noun, a foreign word or a number


class Home:
    """The home entry of a glossary, and whether a text names it by its head noun alone."""

    def __init__(self, glossary: Glossary, term: Term) -> None:
        self.glossary = glossary
        self.term = term
        # head nouns: the last word of each English name, the last noun of the Korean name;
        # and the other words of its names ("포항 센터" is still it)
        self.english = frozenset(name_words(f)[-1] for f in term.en_forms if name_words(f))
        nouns = [t.form for t in kiwi().tokenize(term.ko) if t.tag.startswith("NN")]
        self.korean = frozenset(nouns[-1:])
        self.heads = self.english | self.korean  # both languages' ("center", "센터")
        self.own = frozenset(w for f in term.en_forms + [term.ko] for w in name_words(f)[:-1])

    @classmethod
    def of(cls, glossary: Glossary | None) -> Home | None:
        """The glossary's home entry, or None when it marks none."""
        term = next((t for t in glossary.terms if t.home), None) if glossary else None
        return cls(glossary, term) if term is not None else None

    @property
    def names(self) -> str:
        """Its Korean and English names, as a search adds them."""
        return f"{self.term.ko} {self.term.en}"

    def named_alone(self, text: str) -> bool:
        """Whether `text` names the home entry by its head noun alone ("what does the center
        do?", "센터에서 뭐 해요?", "이 센터 주차 돼요?"), not by a name. A head noun inside another
        name is not it: after another noun ("신고센터", "대전 센터", "the Daejeon center", "a data
        center"), unless that is a word of the home's own name, written apart ("포항 센터",
        "Pohang centre")."""
        if (self.term.ko, self.term.en) in self.glossary.terms_for(text):
            return False
        if not HANGUL.search(text):
            for m in re.finditer(r"[A-Za-z]+", text):
                word = m.group(0).lower()
                if word in self.english or word[:-1] in self.english:
                    before = re.findall(r"[A-Za-z0-9]+", text[:m.start()])
                    if not before or before[-1].lower() in EN_DETERMINERS or (
                            before[-1][:1].isupper() and before[-1].lower() in self.own):
                        return True
            return False
        tokens = kiwi().tokenize(text)
        for i, tok in enumerate(tokens):
            if tok.form in self.korean and tok.tag.startswith("NN"):
                prev = tokens[i - 1] if i else None
                if prev is None or not prev.tag.startswith(_NOUNS) or (
                        prev.start + prev.len < tok.start and prev.form.lower() in self.own):
                    return True
        return False
