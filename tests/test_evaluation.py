"""Golden-set scoring without an index: load_golden, matching, ranks, and the metric math."""

import pytest

from assistant.evaluation import (
    GoldenItem,
    cited_sentences,
    load_golden,
    matches,
    normalise,
    score_item,
    source_rank,
    summarise,
    summary_by,
)
from assistant.models import Answer, Citation, Hit
from ingest.errors import AssistantError

from .conftest import FIXTURES, REPO


def hit(source: str, chunk_id: str = "") -> Hit:
    return Hit(chunk_id or source, source, "text", "title", source)


def cite(n: int, source: str, chunk_id: str = "") -> Citation:
    return Citation(n, source, "title", source, None, "", "snippet", 0.5, chunk_id=chunk_id)


def write(tmp_path, text: str):
    path = tmp_path / "golden.yaml"
    path.write_text(text, "utf-8")
    return path


# ---------- load_golden ----------

def test_load_golden_reads_the_real_and_the_small_files():
    real = load_golden(REPO / "corpus" / "eval" / "golden.yaml")
    assert len(real) >= 100 and len({i.id for i in real}) == len(real)
    small = {i.id: i for i in load_golden(FIXTURES / "golden_small.yaml")}
    follow = small["voucher-purchase-followup-ko"]
    assert follow.history[0].question.startswith("2023년") and follow.tags == ["followup"]
    assert small["application-month-ko"].expect_sources == []
    assert small["weather-en"].expect_refusal is True and small["weather-en"].language == "en"


def test_load_golden_defaults(tmp_path):
    [item] = load_golden(write(tmp_path, '- question: "센터는 어디에 있나요?"\n'))
    assert item == GoldenItem(id="item-1", question="센터는 어디에 있나요?")


def test_a_single_string_is_one_glob_not_its_characters(tmp_path):
    [item] = load_golden(write(tmp_path, "- id: a\n  question: q\n"
                                         "  expect_sources: corpus/center/*\n"
                                         "  expect_any: 6,000만\n"))
    assert item.expect_sources == ["corpus/center/*"] and item.expect_any == ["6,000만"]


@pytest.mark.parametrize("text, message", [
    ("- id: a\n  question: q\n- id: b\n  audience: startup\n", r"item 2 has no `question`"),
    ("- id: a\n  question: q\n  audience: investor\n", r"item 1 \(a\): `audience` is 'investor'"),
    ("- id: a\n  question: q\n  language: jp\n", r"item 1 \(a\): `language` is 'jp'"),
    ("- id: a\n  question: q\n  history: [hello]\n", r"item 1 \(a\): `history`"),
    ("- id: a\n  question: q\n  history: [{answer: x}]\n", r"item 1 \(a\): `history`"),
    ("- id: a\n  question: q\n  expect_refusal: 'no'\n", r"item 1 \(a\): `expect_refusal`"),
    ("- id: a\n  question: q\n  expect_sources: {a: 1}\n", r"item 1 \(a\): `expect_sources`"),
    ("- id: a\n  question: q\n  tags: [[x]]\n", r"item 1 \(a\): `tags`"),
    ("id: a\nquestion: q\n", "expected a YAML list"),
    ("- id: a\n  question: [unclosed\n", "cannot read golden file"),
])
def test_load_golden_errors_name_the_item_and_field(tmp_path, text, message):
    with pytest.raises(AssistantError, match=message):
        load_golden(write(tmp_path, text))


def test_load_golden_missing_file(tmp_path):
    with pytest.raises(AssistantError, match="cannot read golden file"):
        load_golden(tmp_path / "nope.yaml")


# ---------- matching ----------

@pytest.mark.parametrize("text, expected", [
    ("최대 6,000만 원", "최대6000만원"),
    ("1,234,567 KRW", "1234567krw"),
    ("Data  Safe\nZone", "datasafezone"),
    ("3, 4 and 5,00", "3,4and5,00"),  # only thousands separators go
])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_matches_and_source_rank():
    assert matches("corpus/center/center-overview-ko.md", ["corpus/center/center-overview-*"])
    assert not matches("corpus/vouchers/x.md", ["corpus/center/*"])
    hits = [hit("corpus/a.md"), hit("corpus/b/c.pdf"), hit("corpus/b/d.md")]
    assert source_rank(hits, ["corpus/b/*"]) == 2
    assert source_rank(hits, ["corpus/x/*", "corpus/b/d.md"]) == 3
    assert source_rank(hits, ["corpus/z.md"]) is None
    assert source_rank([], ["*"]) is None


def test_cited_sentences():
    answer = Answer("q", "ko", "startup",
                    "머리말입니다.\n- 첫 문장입니다. [1]\n"
                    "- 두 출처 문장입니다. [1][2] 셋째 문장 [3]\n* 끝 문장. [2]", [])
    assert cited_sentences(answer) == [
        ("첫 문장입니다.", 1), ("두 출처 문장입니다.", 1), ("두 출처 문장입니다.", 2),
        ("셋째 문장", 3), ("끝 문장.", 2),
    ]
    assert cited_sentences(Answer("q", "ko", "startup", "마커 없음", [])) == []


# ---------- score_item ----------

ITEM = GoldenItem(id="v", question="q", expect_sources=["corpus/v/*"],
                  expect_any=["6,000만 원", "60 million"], tags=["pdf"])


def test_score_item_answered():
    answer = Answer("q", "ko", "startup", "AI 가공은 최대 6000만원입니다. [1]\n구매는 달라요. [2]",
                    [cite(1, "corpus/v/a.md", "c1"), cite(2, "corpus/x.md", "c2")],
                    timings_ms={"total_ms": 12.5})
    seen = []

    def support(sentence, chunk_id):
        seen.append((sentence, chunk_id))
        return chunk_id == "c1"

    row = score_item(ITEM, answer, [hit("corpus/x.md"), hit("corpus/v/a.md")], support)
    assert seen == [("AI 가공은 최대 6000만원입니다.", "c1"), ("구매는 달라요.", "c2")]
    assert row["rank"] == 2 and row["citation_hit"] is True and row["answer_match"] is True
    assert row["citations_checked"] == 2 and row["citations_supported"] == 1
    assert row["latency_ms"] == 12.5 and row["refused"] is False and row["tags"] == ["pdf"]
    assert row["sources"] == ["corpus/x.md", "corpus/v/a.md"]


def test_score_item_marker_without_citation_is_unsupported():
    answer = Answer("q", "ko", "startup", "문장 [3]", [])
    row = score_item(ITEM, answer, [], lambda s, c: bool(c))
    assert row["citations_checked"] == 1 and row["citations_supported"] == 0
    assert row["rank"] is None and row["citation_hit"] is False and row["answer_match"] is False


def test_score_item_refusal_and_no_expectations():
    refusal_item = GoldenItem(id="r", question="날씨?", expect_refusal=True)
    row = score_item(refusal_item, Answer("q", "ko", "startup", "죄송합니다.", [], refused=True),
                     [hit("corpus/a.md")], lambda s, c: True)
    assert row["rank"] is None and row["citation_hit"] is None and row["answer_match"] is None
    assert row["expect_refusal"] is True and row["refused"] is True
    assert row["latency_ms"] == 0.0


# ---------- summarise ----------

def row(**kw):
    base = {"id": "x", "language": "ko", "audience": "startup", "expect_refusal": False,
            "refused": False, "rank": None, "citation_hit": None, "answer_match": None,
            "citations_checked": 0, "citations_supported": 0, "latency_ms": 10.0, "tags": []}
    return base | kw


ROWS = [
    row(rank=1, citation_hit=True, answer_match=True, citations_checked=2,
        citations_supported=2, latency_ms=10.0),
    row(rank=3, citation_hit=False, answer_match=False, citations_checked=2,
        citations_supported=1, latency_ms=20.0, language="en", tags=["pdf"]),
    row(rank=None, citation_hit=False, answer_match=None, refused=True, latency_ms=30.0,
        audience="staff"),  # wrongly refused
    row(rank=7, citation_hit=True, answer_match=True, citations_checked=1,
        citations_supported=1, latency_ms=40.0, tags=["pdf"]),
    row(expect_refusal=True, refused=True, latency_ms=50.0),  # rightly refused
    row(expect_refusal=True, refused=False, citations_checked=1, citations_supported=0,
        latency_ms=60.0, language="en"),  # missed refusal
    row(answer_match=True, latency_ms=70.0),  # no expect_sources: not ranked
]


def test_summarise_math():
    s = summarise(ROWS, k=5)
    assert s["items"] == 7
    # ranked: the four answerable rows with expect_sources (ranks 1, 3, None, 7)
    assert s["hit_at_1"] == 0.25
    assert s["hit_at_5"] == 0.5
    assert s["mrr"] == round((1 + 1 / 3 + 0 + 1 / 7) / 4, 4)
    assert s["citation_hit"] == 0.5
    assert s["answer_match"] == 0.75  # 3 of the 4 rows with an answer_match
    assert s["refusal_precision"] == 0.5  # refused 2, one of them expected
    assert s["refusal_recall"] == 0.5  # expected 2, one of them refused
    assert s["citation_precision"] == round(4 / 6, 4)
    assert s["latency_p50_ms"] == 40.0
    assert s["latency_p95_ms"] == 67.0  # inclusive percentile: 60 + 0.7 * 10
    assert summarise(ROWS, k=7)["hit_at_5"] == 0.75  # k is the cut-off


def test_summarise_empty_and_single():
    empty = summarise([])
    assert empty["items"] == 0
    assert all(v is None for key, v in empty.items() if key != "items")
    one = summarise([row(latency_ms=12.34)])
    assert one["latency_p50_ms"] == one["latency_p95_ms"] == 12.3
    assert one["refusal_precision"] is None and one["citation_precision"] is None


def test_summary_by_groups():
    groups = summary_by(ROWS)
    assert set(groups) == {"overall", "language=en", "language=ko", "audience=staff",
                           "audience=startup", "tag=pdf"}
    assert groups["overall"] == summarise(ROWS)
    assert groups["language=en"]["items"] == 2 and groups["language=ko"]["items"] == 5
    assert groups["audience=staff"]["items"] == 1
    assert groups["tag=pdf"]["items"] == 2 and groups["tag=pdf"]["hit_at_5"] == 0.5
    assert groups["tag=pdf"]["citation_precision"] == round(2 / 3, 4)
