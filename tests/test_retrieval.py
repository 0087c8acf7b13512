
import pytest

from assistant.compose.cues import holds_asked
from assistant.index import IndexReader
from assistant.lc_retriever import LangChainEmbeddings, PohangRetriever
from assistant.models import Hit
from assistant.retrieval import (
    Filters,
    HybridRetriever,
    diverse,
    doc_year,
    fuse,
    interleave,
    prefer_years,
    with_named_years,
    years_in,
)
from ingest.models import Chunk


def hit(cid, **kw):
    return Hit(chunk_id=cid, doc_id=cid, text=cid, title=cid, source=cid, **kw)


def test_fuse_merges_duplicates_and_orders_by_rrf():
    dense = [hit("a", dense_score=0.9), hit("b", dense_score=0.8)]
    keyword = [hit("b", keyword_score=7.0), hit("c", keyword_score=3.0)]
    fused = fuse(dense, keyword, k=3)
    assert [h.chunk_id for h in fused] == ["b", "a", "c"]
    b = fused[0]
    assert (b.dense_rank, b.keyword_rank, b.dense_score, b.keyword_score) == (2, 1, 0.8, 7.0)
    assert abs(b.score - (1 / 62 + 1 / 61)) < 1e-9
    assert fused[2].dense_score is None


def test_a_chunk_in_another_language_near_the_top_of_dense_search_is_not_crowded_out():
    """An English question: English pages match its words on both lists, a Korean statute only
    on the dense one (keywords cannot match across languages). Among the first dense ranks the
    Korean chunk scores `factor` times its dense rank's share at least; further down, or for a
    question in its own language, plain fusion decides."""
    def lang(h, language):
        h.metadata["language"] = language
        return h

    dense = [lang(hit("ko1"), "ko"), lang(hit("en1"), "en"), lang(hit("en2"), "en"),
             lang(hit("ko2"), "ko"), lang(hit("ko3"), "ko")]
    keyword = [lang(hit("en2"), "en"), lang(hit("en1"), "en"), lang(hit("ko3"), "ko")]
    plain = [h.chunk_id for h in fuse(dense, keyword, k=5)]
    assert set(plain[:2]) == {"en1", "en2"} and plain.index("ko1") == 3
    crossed = fuse(dense, keyword, k=5, language="en", cross=(2.0, 3))
    assert [h.chunk_id for h in crossed][0] == "ko1"
    assert abs(crossed[0].score - 2 / 61) < 1e-9
    assert [h.chunk_id for h in crossed][-1] == "ko2"  # dense rank 4: not lifted
    korean = fuse(dense, keyword, k=5, language="ko", cross=(2.0, 3))
    assert [h.chunk_id for h in korean] == plain  # its own language: plain fusion


def test_filters():
    c = Chunk("x:0:h", "x", "t", 0, "s", "T", metadata={
        "category": "vouchers", "language": "ko", "audience": ["startup"],
        "valid_to": "2023-12-31"})
    assert Filters(category="vouchers", audience="startup", language="ko").allows(c)
    assert not Filters(category="center").allows(c)
    assert not Filters(audience="citizen").allows(c)
    assert not Filters(language="en").allows(c)
    assert Filters(as_of="2023-06-01").allows(c)
    assert not Filters(as_of="2024-01-01").allows(c)


def test_years():
    assert years_in("2022년 바우처와 in 2023") == {2022, 2023}
    assert years_in("제2023조 12345") == {2023}
    assert doc_year({"year": 2023}) == 2023
    assert doc_year({"valid_from": "2021-01-01", "valid_to": "2021-12-31"}) == 2021
    assert doc_year({"valid_from": "2021-01-01", "valid_to": "2022-12-31"}) is None
    hits = [hit("old", metadata={"year": 2022}, score=1.0), hit("new", metadata={"year": 2023},
                                                              score=0.8)]
    assert prefer_years(hits, {2023})[0].chunk_id == "new"


def retriever(settings, embedder):
    from assistant.glossary import Glossary

    reader = IndexReader(settings.data_dir, "", embedder.identity)
    return HybridRetriever(reader, embedder, Glossary.load(settings.glossary_path))


def test_hybrid_finds_korean_english_and_cross_lingual(small_index, embedder):
    r = retriever(small_index, embedder)
    assert r.search("2023년 AI 가공 지원 한도", k=3)[0].doc_id == "t-voucher-2023"
    assert r.search("What leaves a data safe zone?", k=3)[0].doc_id == "t-safe-zone-en"
    # Korean question, English-only document: glossary + multilingual embeddings
    assert "t-safe-zone-en" in [h.doc_id for h in r.search("데이터 안심구역이 뭐예요?", k=3)]
    # English question, Korean-only document
    assert r.search("How much did the data voucher pay for AI processing in 2023?",
                    k=3)[0].doc_id == "t-voucher-2023"


def test_modes_and_filters(small_index, embedder):
    r = retriever(small_index, embedder)
    dense = r.search("보육공간", k=3, mode="dense")
    keyword = r.search("보육공간", k=3, mode="keyword")
    assert all(h.keyword_score is None for h in dense)
    assert all(h.dense_score is None for h in keyword)
    assert keyword[0].doc_id == "t-center"
    only_en = r.search("데이터", k=5, filters=Filters(language="en"))
    assert only_en and all(h.metadata["language"] == "en" for h in only_en)
    later = r.search("2023년 바우처", k=5, filters=Filters(as_of="2024-06-01"))
    assert all(h.doc_id != "t-voucher-2023" for h in later)


def test_glossary_expansion_adds_other_language(small_index, embedder):
    r = retriever(small_index, embedder)
    assert "데이터바우처" in r.expand("What is a data voucher?")


def test_a_bare_center_searches_as_the_named_home_center(small_index, embedder):
    from assistant.glossary import Glossary, Term

    home = Term("포항 빅데이터 AI 혁신센터", "Pohang Big Data AI Innovation Center",
                ["포항 빅데이터 AI 혁신센터"], ["Pohang Big Data AI Innovation Center"], home=True)
    reader = IndexReader(small_index.data_dir, "", embedder.identity)
    r = HybridRetriever(reader, embedder, Glossary([home]))
    assert r.with_home("센터 주차 돼요?") == ("센터 주차 돼요? 포항 빅데이터 AI 혁신센터 "
                                           "Pohang Big Data AI Innovation Center")
    assert r.with_home("대전 센터 주차 돼요?") == "대전 센터 주차 돼요?"  # another center
    found = r.retrieve("센터 주차 돼요?")
    assert found.expanded == "센터 주차 돼요?"
    # the refusal signals read the question's own cosines, not the names'
    alone = r.dense_hits("센터 주차 돼요?", Filters(), r.candidates)
    assert [h.chunk_id for h in found.dense] == [h.chunk_id for h in alone]
    assert [h.dense_score for h in found.dense] == pytest.approx([h.dense_score for h in alone])


def test_langchain_retriever(small_index, embedder):
    lc = PohangRetriever(retriever=retriever(small_index, embedder), k=2)
    docs = lc.invoke("분석실과 강의실")
    assert docs[0].metadata["doc_id"] == "t-center"
    assert {"source", "section", "page", "score"} <= set(docs[0].metadata)


def test_langchain_adapter(embedder):
    lc = LangChainEmbeddings(embedder)
    docs = lc.embed_documents(["센터에는 분석실이 있습니다.", "The voucher pays for data."])
    assert len(docs) == 2 and len(docs[0]) == 384
    assert len(lc.embed_query("질문")) == 384


def test_interleave_keeps_the_first_lists_best_and_each_others_best():
    def hits(*ids):
        return [Hit(i, "d", "text", "t", "s") for i in ids]

    whole, first, second = hits("a", "b", "c", "d"), hits("a", "x", "y"), hits("z", "b")
    merged = interleave([whole, first, second], 5)
    assert [h.chunk_id for h in merged] == ["a", "b", "c", "x", "z"]
    assert [h.chunk_id for h in interleave([whole, hits("a", "b")], 3)] == ["a", "b", "c"]
    assert [h.chunk_id for h in interleave([hits("a"), hits("x", "y")], 5)] == ["a", "x", "y"]
    assert interleave([hits("a"), []], 5)[0].chunk_id == "a" and interleave([], 3) == []


def test_interleave_gives_a_parts_place_to_its_best_passage_holding_the_fact_it_asks():
    def hit_(cid, text, section=""):
        return Hit(cid, "d", text, "t", "s", section=section)

    whole = [hit_("a", "MOU on 23 March 2022"), hit_("b", "spaces"), hit_("c", "rooms")]
    part = [hit_("h", "Opening hours are announced"), hit_("o", "It opened on 13 October 2022")]
    dated = holds_asked("When did the center open?")
    assert [h.chunk_id for h in interleave([whole, part], 3)] == ["a", "b", "h"]
    assert [h.chunk_id for h in interleave([whole, part], 3, [dated])] == ["a", "b", "o"]
    # none holds it: the part's best passage, as without a test
    assert interleave([whole, part[:1]], 3, [dated])[2].chunk_id == "h"
    # a statute passage's heading names its article
    article = holds_asked("which article holds the right?")
    statute = [hit_("x", "정보주체는 전송을 요구할 수 있다."),
               hit_("y", "① 전송을 요구할 수 있다.", section="제35조의2 (개인정보의 전송 요구)")]
    assert interleave([whole, statute], 3, [article])[2].chunk_id == "y"
    assert holds_asked("데이터바우처가 뭐예요?") is None


def test_retrieve_all_is_retrieve_for_each_query_with_vectors_side_by_side(small_index, embedder):
    r = retriever(small_index, embedder)
    queries = ["2023년 AI 가공 지원 한도와 안심구역", "2023년 AI 가공 지원 한도",
               "What leaves a data safe zone?"]
    together = r.retrieve_all(queries, k=3)
    alone = [r.retrieve(q, k=3) for q in queries]
    for a, b in zip(together, alone, strict=True):
        assert [h.chunk_id for h in a.hits] == [h.chunk_id for h in b.hits]
        assert [(h.chunk_id, h.dense_score) for h in a.dense] == [
            (h.chunk_id, h.dense_score) for h in b.dense]
    assert together[2].hits[0].doc_id == "t-safe-zone-en"
    assert r.retrieve_all([], k=3) == []


def test_a_passage_of_a_document_about_no_one_year_is_about_the_year_it_names():
    def hits():
        return [Hit("other", "other", "2025년 예산은 10억 원입니다.", "t", "s", score=1.0,
                    metadata={"year": 2025}),
                Hit("history", "history", "시범사업은 2025년에 3억 원이 들었습니다.", "t", "s",
                    score=0.9),
                Hit("silent", "silent", "시범사업은 해마다 열립니다.", "t", "s", score=0.95),
                # a sentence that opens with the year is about it: the whole boost
                Hit("opens", "opens", "시범사업 안내\n2025년 시범사업에는 3억 원이 들었습니다.",
                    "t", "s", score=0.8),
                Hit("opens-en", "opens-en", "In 2025 the pilot cost 0.3 billion won.", "t",
                    "s", score=0.7)]

    ranked = prefer_years(hits(), {2025}, boost=1.5, other=0.6, mention=0.5)
    assert [h.chunk_id for h in ranked] == ["other", "opens", "history", "opens-en", "silent"]
    # 0.8 * 1.5; 0.9 * (1 + 0.5 * 0.5); 0.7 * 1.5
    assert [round(h.score, 3) for h in ranked] == [1.5, 1.2, 1.125, 1.05, 0.95]
    assert prefer_years(hits(), {2024}, mention=0.5)[0].chunk_id == "silent"  # 2025 doc sinks


def test_a_named_year_gets_a_passage_about_it_in_the_top():
    """"2021 voucher - max per AI project?": passages sharing more words outrank the 2021 guide,
    found by its year alone; the best passage about the year takes the last place, so the
    answer reads it and the refusal does not call the year unknown."""
    ranked = [hit("faq-a"), hit("faq-b"), hit("overview"), hit("funding"),
              Hit("guide-2021", "guide-2021", "2021년 데이터바우처 예산은 1,230억 원이었습니다.",
                  "t", "s", metadata={"year": 2021}),
              Hit("note-2021", "note-2021", "2021년 한도는 확인되지 않았습니다.", "t", "s")]
    assert [h.chunk_id for h in with_named_years(ranked, {2021}, 4)] == [
        "faq-a", "faq-b", "overview", "guide-2021"]
    # already there, no year named, or no passage about it: the first k as ranked
    assert [h.chunk_id for h in with_named_years(ranked, {2021}, 5)] == [
        "faq-a", "faq-b", "overview", "funding", "guide-2021"]
    assert with_named_years(ranked, set(), 3) == ranked[:3]
    assert with_named_years(ranked, {2019}, 3) == ranked[:3]
    # two years named: each gets its place; a passage about one is not given up for the other
    both = [*ranked[:2], Hit("y19", "y19", "2019년 바우처", "t", "s"), *ranked[2:]]
    assert [h.chunk_id for h in with_named_years(both, {2019, 2021}, 3)] == [
        "faq-a", "y19", "guide-2021"]


def test_one_document_fills_at_most_its_share_of_the_top_places():
    act = [Hit(f"act:{i}", "act", "…", "Act", "act.md") for i in range(6)]
    brief = Hit("brief:0", "brief", "…", "Brief", "brief.md")
    ranked = diverse([*act, brief], k=5, per_document=4)
    assert [h.chunk_id for h in ranked[:5]] == ["act:0", "act:1", "act:2", "act:3", "brief:0"]
    assert len(ranked) == 7  # the others follow, in order
    assert diverse(act[:3] + [brief], k=5, per_document=4)[:4] == act[:3] + [brief]
