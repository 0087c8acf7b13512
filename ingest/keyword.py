"""Korean-aware keyword index: Kiwi (kiwipiepy) morphemes + bm25s scoring, saved on disk.

Korean text is cut into morphemes and only content morphemes are kept (nouns, verb and adjective
stems, roots, numbers, foreign words), so "바우처는" and "바우처를" meet on "바우처". Latin text
is lower-cased word tokens without English function words. Statute labels such as "제28조의2"
are kept whole as one extra token. Script, article and stop-word rules come from ingest.text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

# HANGUL, LATIN and kiwi are imported from here by callers too
from ingest.text import ARTICLE_KO, HANGUL, LATIN, article_label, kiwi
from ingest.words import EN_FUNCTION_WORDS

_KEEP_TAGS = ("NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XR", "VV", "VA", "MAG", "W_")


def latin_word(word: str) -> str | None:
    """Lower-cased, crudely singular English word, or None for a stop word."""
    word = word.lower().replace(",", "")
    if word in EN_FUNCTION_WORDS:
        return None
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        # "-es" after x, ss, sh, ch is the plural ending ("taxes", "businesses", "branches");
        # elsewhere only the "s" is ("fees", "sizes", "services")
        word = word[:-2] if re.search(r"(?:x|ss|sh|ch)es$", word) else word[:-1]
    return word


def _bigrams(word: str) -> list[str]:
    """Hangul character bigrams of a long noun: compounds and spacing variants still meet."""
    if len(word) < 3 or not HANGUL.match(word):
        return []
    return [word[i : i + 2] for i in range(len(word) - 1)]


def tokenize(text: str, bigrams: bool = True) -> list[str]:
    """Keyword tokens of `text`: Kiwi content morphemes for Korean, lower-cased words otherwise."""
    return _tokens(text, kiwi().tokenize(text) if HANGUL.search(text) else (), bigrams)


@lru_cache(maxsize=16384)
def tokens_of(text: str, bigrams: bool = True) -> tuple[str, ...]:
    """`tokenize`, remembered: the read path meets the same corpus sentences question after
    question (an answer's candidate sentences are tokenized three ways each)."""
    return tuple(tokenize(text, bigrams))


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """`tokenize` of each text; Kiwi analyses the Korean ones as one batch on its worker
    threads (about twice as fast on 2 cores, the same tokens)."""
    korean = [i for i, text in enumerate(texts) if HANGUL.search(text)]
    morphemes = dict(zip(korean, kiwi().tokenize([texts[i] for i in korean]), strict=True)) \
        if korean else {}
    return [_tokens(text, morphemes.get(i, ()), True) for i, text in enumerate(texts)]


# Bumped whenever `tokenize` changes what it returns for some text: an ingest then cuts every
# chunk again instead of reusing the served generation's tokens (its vectors are still reused).
TOKENS_VERSION = 4

# An English clitic after an apostrophe ("what's", "children's", "don't") is no word of its own:
# as a token "s" matched every possessive in the corpus.
_CLITIC = re.compile(r"(?<=[a-z])['’](?:s|t|d|ll|re|ve|m)\b")


def _tokens(text: str, morphemes, bigrams: bool) -> list[str]:
    tokens = [article_label(m.group(0)) for m in ARTICLE_KO.finditer(text)]
    if not HANGUL.search(text):
        words = LATIN.findall(_CLITIC.sub("", text.lower()))
        return tokens + [w for w in map(latin_word, words) if w]
    morphemes = list(morphemes)
    for i, tok in enumerate(morphemes):
        # Kiwi reads "가점은" as the prefix 가 + 점 but "가점을" as 가점: a prefix glued to its
        # noun is kept as the whole word too, so both spellings meet
        if tok.tag == "XPN" and i + 1 < len(morphemes) and morphemes[i + 1].tag in ("NNG", "NNP") \
                and morphemes[i + 1].start == tok.start + tok.len:
            tokens.append(tok.form + morphemes[i + 1].form)
        if not tok.tag.startswith(_KEEP_TAGS):
            continue
        if tok.tag == "SL":
            word = latin_word(tok.form)
            if word:
                tokens.append(word)
        elif tok.tag == "SN":
            tokens.append(tok.form.replace(",", ""))
        else:
            tokens.append(tok.form)
            if bigrams and tok.tag in ("NNG", "NNP"):
                tokens += _bigrams(tok.form)
    return tokens


class KeywordIndex:
    """A bm25s index over chunk ids; built once per index generation, then read-only."""

    def __init__(self, ids: list[str], retriever) -> None:
        self.ids = ids
        self._retriever = retriever

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> KeywordIndex:
        """Index `texts` (already including their title/section header) under `ids`."""
        return cls.from_tokens(ids, tokenize_many(texts))

    @classmethod
    def from_tokens(cls, ids: list[str], tokens: list[list[str]]) -> KeywordIndex:
        """Index chunks already cut into keyword tokens (see `tokenize`)."""
        import bm25s

        retriever = bm25s.BM25()
        if ids:
            retriever.index(tokens, show_progress=False)
        return cls(list(ids), retriever)

    def save(self, folder: Path) -> None:
        """Write the index and its id list into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.ids:
            self._retriever.save(str(folder / "bm25"))
        (folder / "ids.json").write_text(json.dumps(self.ids, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        """Read an index written by `save`."""
        import bm25s

        ids = json.loads((folder / "ids.json").read_text("utf-8"))
        retriever = bm25s.BM25.load(str(folder / "bm25")) if ids else None
        return cls(ids, retriever)

    def search(self, query: str, k: int = 20) -> list[tuple[str, float]]:
        """Best `k` (chunk id, BM25 score) pairs for `query`, best first; empty if no term hits."""
        if not self.ids:
            return []
        q = tokenize(query)
        vocab = self._retriever.vocab_dict
        # each term once: a glossary expansion repeating the question's own words ("분쟁",
        # "조정" three times over) would outweigh the one word that finds the passage
        q = [t for t in dict.fromkeys(q) if t in vocab]
        if not q:
            return []
        k = min(k, len(self.ids))
        # n_threads=0: scored on the calling thread (1 started a worker thread per query, about
        # 2.5 ms of a 9 ms search at 100k chunks on a busy machine; same scores)
        docs, scores = self._retriever.retrieve([q], k=k, show_progress=False, n_threads=0)
        out = []
        for idx, score in zip(np.asarray(docs)[0], np.asarray(scores)[0], strict=True):
            if score > 0:
                out.append((self.ids[int(idx)], float(score)))
        return out
