"""Korean-English term glossary (corpus/glossary.yaml, read with PyYAML) for cross-lingual queries.

Each entry is `{ko: 데이터바우처, en: data voucher, variants: [데이터 바우처, data vouchers]}`.
English forms match case-insensitively on word boundaries with a plural `s`/`es` tolerated,
and a name of four words or more also with one inner word left out (`shortened`);
Korean forms match with spaces ignored (ingest.text.compact), so "데이터 바우처" meets
"데이터바우처".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.glossary_forms import FormIndex, english_pattern, name_words, shortened
from ingest.errors import AssistantError
from ingest.text import HANGUL, compact, has_hangul
from ingest.words import EN_FUNCTION_WORDS, clips, derivational_stem, without_idioms


class GlossaryError(AssistantError):
    """The glossary file cannot be read or has a malformed entry."""


@dataclass
class Term:
    """One glossary entry: its Korean and English forms and the other spellings of each."""

    ko: str
    en: str
    ko_forms: list[str] = field(default_factory=list)
    en_forms: list[str] = field(default_factory=list)
    # everyday Korean words people say for it that the documents never use ("공짜" for 무료):
    # a question saying one meets the term, but its words are not rewritten to the term
    said: list[str] = field(default_factory=list)
    # the deployment's own entity (the center this assistant serves): a question saying
    # "the center" or "센터에서" without another name means it (see `assistant.home`)
    home: bool = False


MAX_SEEN = 20_000  # texts whose glossary terms are remembered (a few MB)
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])['’]s\b")


class Glossary:
    """Finds glossary terms in a text and gives their other-language forms."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        known = {" ".join(name_words(f)) for t in terms for f in t.en_forms}
        # (first word, form): a form can only match a text that holds its first word
        self._en = [[(words[0], f) for f in t.en_forms + shortened(t.en_forms, known)
                     if (words := name_words(f))] for t in terms]
        self._ko = [[compact(f) for f in t.ko_forms] for t in terms]  # matching forms, once
        self._said = [[compact(f) for f in t.said] for t in terms]
        # which entries a text may mention, looked up instead of tried one by one
        self._index = FormIndex([ko + said for ko, said in zip(self._ko, self._said, strict=True)],
                                [[first for first, _ in forms] for forms in self._en])
        # one-word nouns of an action or a quality ("designation", "approval"): the verb or
        # adjective they come from names them too ("designated", "approved", "competitive")
        self._derived: dict[str, list[int]] = {}
        for k, t in enumerate(terms):
            for f in t.en_forms:
                if " " not in f and f.lower().endswith(("ion", "ions", "al")) and len(f) >= 7:
                    self._derived.setdefault(derivational_stem(f.lower()), []).append(k)
        # texts already read: an ask reads the same passages' sentences as the asks before it
        self._seen: dict[str, list[tuple[Term, str]]] = {}
        self._nested: dict[str, set[tuple[str, str]]] = {}  # `nested`, remembered

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary YAML file (a list of ko/en/variants entries)."""
        try:
            data = yaml.safe_load(Path(path).read_text("utf-8")) or []
        except (OSError, yaml.YAMLError) as exc:
            raise GlossaryError(f"cannot read glossary {path}: {exc}") from exc
        if not isinstance(data, list):
            raise GlossaryError(f"glossary {path} must be a YAML list of {{ko, en}} entries")
        terms = []
        for i, entry in enumerate(data, 1):
            # an entry of everyday words only (`said`) needs no English
            if not isinstance(entry, dict) or not entry.get("ko") or not (
                    entry.get("en") or entry.get("said")):
                raise GlossaryError(f"glossary {path}: entry {i} needs both `ko` and `en` "
                                    "(or `ko` and `said`)")
            ko, en = str(entry["ko"]).strip(), str(entry.get("en") or "").strip()
            variants = [str(v).strip() for v in entry.get("variants") or [] if str(v).strip()]
            ko_forms = [ko] + [v for v in variants if has_hangul(v)]
            en_forms = ([en] if en else []) + [v for v in variants if not has_hangul(v)]
            said = [str(v).strip() for v in entry.get("said") or [] if has_hangul(str(v))]
            terms.append(Term(ko, en, ko_forms, en_forms, said, bool(entry.get("home"))))
        return cls(terms)

    def _mentions(self, text: str) -> list[tuple[Term, str]]:
        """(term, language of the form found) for each entry `text` mentions, in file order
        (remembered for the last MAX_SEEN texts)."""
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) >= MAX_SEEN:
                self._seen.clear()
            found = self._seen[text] = self._read(text)
        return found

    def _read(self, text: str) -> list[tuple[Term, str]]:
        """`_mentions` without the memory."""
        # a possessive is the name itself: "Gwangju's AI industry convergence complex"
        lowered = without_idioms(_POSSESSIVE.sub("", text.lower()))
        squashed = compact(text)
        found = []
        derived = {k for w in re.findall(r"[a-z]{7,}", lowered)
                   for k in self._derived.get(derivational_stem(w), ())}
        maybe = derived | self._index.english(lowered) | self._index.korean(squashed)
        for k in sorted(maybe):
            term, forms, ko_forms, said = self.terms[k], self._en[k], self._ko[k], self._said[k]
            if k in derived or any(first in lowered and english_pattern(form).search(lowered)
                                   for first, form in forms):
                found.append((term, "en"))
            # an entry of everyday words only is no term of its own: its Korean word is
            # read as any other word, and only the everyday words point to it
            if term.en and any(f in squashed for f in ko_forms):
                found.append((term, "ko"))
            elif any(f in squashed for f in said):
                found.append((term, "said"))
        return found

    def terms_for(self, text: str) -> list[tuple[str, str]]:
        """The (ko, en) pairs of the glossary entries that `text` mentions in either language."""
        pairs: list[tuple[str, str]] = []
        for term, _ in self._mentions(text):
            if (term.ko, term.en) not in pairs:
                pairs.append((term.ko, term.en))
        return pairs

    def outermost(self, text: str) -> list[tuple[str, str]]:
        """The (ko, en) pairs of the entries whose English form `text` holds, in the order it
        names them, less those found only inside a longer entry's match: "Gwangju" in "the
        Gwangju AI industry complex" names the complex, not the city."""
        lowered = without_idioms(text.lower())
        spans = []  # (start, end, pair)
        for k in sorted(self._index.english(lowered)):
            term, forms = self.terms[k], self._en[k]
            spans += [(m.start(), m.end(), (term.ko, term.en)) for first, form in forms
                      if first in lowered for m in english_pattern(form).finditer(lowered)]
        spans.sort(key=lambda span: span[:2])  # in the order the text names them
        kept = [(a, b, pair) for a, b, pair in spans if not any(
            c <= a and b <= d and (c, d) != (a, b) and other != pair for c, d, other in spans)]
        # ... or whose words are the ones another name was found without ("where in Gwangju
        # is the AI industry convergence complex?": the complex's first word, not the city)
        def completes(a: int, b: int, c: int, d: int, other: tuple[str, str]) -> bool:
            said = set(name_words(lowered[a:b]))
            return said <= set(name_words(other[1])) and not said <= set(name_words(lowered[c:d]))
        return list(dict.fromkeys(pair for a, b, pair in kept if not any(
            other != pair and completes(a, b, c, d, other) for c, d, other in kept)))

    def names_in(self, text: str) -> list[str]:
        """Terms in `text` that name a thing (every word of their English form is capitalised:
        "Data Store", "K-DATA", not "AI processing"), in the text's language."""
        korean = bool(HANGUL.search(text))
        found = self.terms_for(text) if korean else \
            self.outermost(text)  # not "Gwangju" of "the Gwangju … complex"
        return [ko if korean else en for ko, en in found if en
                and all(word[:1].isupper() or word in EN_FUNCTION_WORDS for word in en.split())
                and (korean or self._written_as_name(text, en))]

    def _written_as_name(self, text: str, name: str) -> bool:
        """Whether English `text` writes `name` as a name: with a capital, as one word
        ("mydata", "k-data") or in as many words as the name ("data store"); a spelling variant
        of other words, all in lower case, is a phrase ("my data" of "my data voucher
        project", not MyData)."""
        return any(surface != surface.lower() or len(surface.split()) in (1, len(name.split()))
                   for surface in self.written(text, name))

    def written(self, text: str, name: str) -> list[str]:
        """How English `text` writes the entry whose English form is `name`: "gwangju" for
        Gwangju Metropolitan City."""
        lowered = text.lower()
        return [text[m.start():m.end()] for term, forms in zip(self.terms, self._en, strict=True)
                if term.en == name for _, form in forms
                for m in english_pattern(form).finditer(lowered)]

    def to_korean(self, text: str) -> str:
        """`text` with each English glossary form replaced by its Korean term (longest forms
        first): "How many members does the Data Dispute Mediation Committee have?" -> "how
        many 위원 does the 데이터분쟁조정위원회 have?". Lower-cased; Korean text is kept."""
        out = text.lower()
        forms = sorted(((f, t.ko) for t, fs in zip(self.terms, self._en, strict=True)
                        for first, f in fs if first in out), key=lambda p: -len(p[0]))
        for form, ko in forms:
            out = english_pattern(form).sub(ko, out)
        return out

    def korean_variants(self, text: str) -> list[tuple[str, str]]:
        """(the variant as written, the term's main Korean form) for each other Korean spelling
        of an entry that `text` holds ("과기정통부" -> "과학기술정보통신부"), spaces between its
        syllables allowed; a variant inside a longer form found in `text` (보호위원회 in
        개인정보보호위원회) is not one."""
        squashed = compact(text)
        spans: list[tuple[int, int, str, str]] = []  # start, end, form, main form
        for term, forms in zip(self.terms, self._ko, strict=True):
            for form in (f for f in forms if f and f in squashed):
                pattern = r"\s*".join(map(re.escape, form))
                spans += [(m.start(), m.end(), form, term.ko)
                          for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
        out: list[tuple[str, str]] = []
        taken: list[tuple[int, int]] = []
        for start, end, form, main in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            if form != compact(main):
                out.append((text[start:end], main))
        return out

    def unclipped(self, word: str) -> tuple[str, str] | None:
        """(the form, the entry's main Korean form) of the entry whose name `word` clips
        ("데산법" -> 데이터산업법, of 데이터 산업진흥 및 이용촉진에 관한 기본법; see
        `ingest.words.clips`): of several, the shortest form, as the clipped name leaves out
        least ("개보위": 개인정보보호위원회, not 개인정보 분쟁조정위원회); None when none, or
        two entries tie."""
        found = sorted((len(compact(form)), form, term.ko) for term in self.terms
                       for form in term.ko_forms if clips(word, form))
        if not found or len(found) > 1 and found[1][0] == found[0][0] \
                and found[1][2] != found[0][2]:
            return None
        return found[0][1], found[0][2]

    def nested(self, text: str) -> set[tuple[str, str]]:
        """The (ko, en) pairs `text` names in English only inside a longer entry's name whose
        Korean name does not hold theirs: "broker" in "a data broker" (데이터거래사) is no rebate
        broker (브로커), while "committee" in "the National Data Policy Committee" is its
        위원회."""
        if text in self._nested:
            return self._nested[text]
        if len(self._nested) >= MAX_SEEN:
            self._nested.clear()
        found = self._nested[text] = self._read_nested(text)
        return found

    def _read_nested(self, text: str) -> set[tuple[str, str]]:
        """`nested` without the memory."""
        english = [(t.ko, t.en) for t, lang in self._mentions(text) if lang == "en"]
        inside = [(p, o) for p in english for o in english
                  if o != p and re.search(rf"\b{re.escape(p[1].lower())}\b", o[1].lower())]
        if not inside:
            return set()
        outer, squashed = set(self.outermost(text)), compact(text)
        return {p for p, o in inside if p not in outer and compact(p[0]) not in squashed
                and compact(p[0]) not in compact(o[0])}

    def expand(self, query: str) -> list[str]:
        """Other-language terms to add to `query`, without duplicates or terms already in it
        (nor an entry named only inside a longer one's name: see `nested`)."""
        lowered, squashed = query.lower(), compact(query)
        extra: list[str] = []
        inner = self.nested(query)
        for term, lang in self._mentions(query):
            if lang == "en" and (term.ko, term.en) in inner:
                continue
            # an everyday word the documents never use ("공짜") is searched as their word (무료)
            others = [term.en] if lang == "ko" else [term.ko] if lang == "en" else \
                [term.ko, term.en]
            for other in filter(None, others):  # an entry of everyday words has no English
                present = compact(other) in squashed if has_hangul(other) else \
                    other.lower() in lowered
                if not present and other not in extra:
                    extra.append(other)
        return extra
