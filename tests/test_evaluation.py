"""Golden-set scoring without an index: load_golden, matching, ranks, the metric math, the
calibration/test split and the side-by-side report (built from hand-made items and answers)."""

import pytest

from assistant.eval_report import failing, gap, side_by_side, split_groups, write_report
from assistant.evaluation import (
    GoldenItem,
    answer_matches,
    cited_lines,
    cited_sentences,
    first_line_holds,
    load_golden,
    matches,
    normalise,
    score_item,
    source_rank,
    summarise,
    summary_by,
    trace_summary,
)
from assistant.models import Answer, Citation, Hit, Trace
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
    ("- id: a\n  question: q\n  split: dev\n", r"item 1 \(a\): `split` is 'dev', expected one "
                                               "of calibration, test"),
    ("- id: a\n  question: q\n  expect_all: {a: 1}\n", r"item 1 \(a\): `expect_all`"),
    ("id: a\nquestion: q\n", "expected a YAML list"),
    ("- id: a\n  question: [unclosed\n", "cannot read golden file"),
])
def test_load_golden_errors_name_the_item_and_field(tmp_path, text, message):
    with pytest.raises(AssistantError, match=message):
        load_golden(write(tmp_path, text))


def test_load_golden_split_and_expect_all(tmp_path):
    a, b = load_golden(write(tmp_path, "- id: a\n  question: q\n  split: test\n"
                                       "  expect_all: [제15조, 동의]\n"
                                       "- id: b\n  question: q\n  split: calibration\n"
                                       "  expect_all: 6,000만\n"))
    assert (a.split, a.expect_all) == ("test", ["제15조", "동의"])
    assert (b.split, b.expect_all) == ("calibration", ["6,000만"])


def test_load_golden_ignores_unknown_keys(tmp_path):
    [item] = load_golden(write(tmp_path, "- id: a\n  question: q\n  reviewer: kim\n"
                                         "  notes: {why: 'a hidden file may carry these'}\n"
                                         "  difficulty: 3\n"))
    assert item == GoldenItem(id="a", question="q")
    assert item.split == "calibration" and item.expect_all == []


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


# ---------- answer_match, first_line, cited_lines ----------

@pytest.mark.parametrize("expect_any, expect_all, text, expected", [
    (["6,000만 원", "60 million"], [], "최대 6000만원입니다.", True),
    (["6,000만 원"], [], "최대 1,000만 원입니다.", False),
    ([], ["제15조", "동의"], "제 15조에 따라 동의를 받아야 합니다.", True),
    ([], ["제15조", "동의"], "제15조를 보세요.", False),  # one of all is missing
    (["PIPA"], ["Article 15"], "PIPA Article 15 says so.", True),
    (["PIPA"], ["Article 15"], "Article 15 says so.", False),  # none of any
    (["PIPA"], ["Article 15"], "PIPA says so.", False),  # not all of all
])
def test_answer_matches_any_and_all(expect_any, expect_all, text, expected):
    item = GoldenItem(id="a", question="q", expect_any=expect_any, expect_all=expect_all)
    assert answer_matches(item, text) is expected


def answer(text: str, refused: bool = False) -> Answer:
    return Answer("q", "ko", "startup", text, [], refused=refused)


FIRST = GoldenItem(id="f", question="q", expect_any=["6,000만 원"], expect_all=["AI 가공"])


@pytest.mark.parametrize("text, expected", [
    ("안내드립니다.\n- AI 가공은 최대 6000만원입니다. [1]\n- 구매는 1,000만 원입니다. [2]", True),
    ("- 구매는 1,000만 원입니다. [1]\n- AI 가공은 최대 6,000만 원입니다. [2]", False),
    ("- AI 가공 유형이 있습니다. [1]", True),  # one expected string (from expect_all) suffices
    ("AI 가공은 6,000만 원입니다.\n출처 없는 줄뿐", False),  # no cited line at all
    ("- 6,000만 원 [1, 2]\n- 다른 줄 [3]", True),  # `[1, 2]` is a marker too
])
def test_first_line_is_the_first_cited_line(text, expected):
    assert first_line_holds(FIRST, answer(text)) is expected


def test_first_line_refused_and_not_applicable():
    assert first_line_holds(FIRST, answer("죄송합니다. 문서에 없습니다.", refused=True)) is False
    refusal = GoldenItem(id="r", question="날씨?", expect_refusal=True)
    assert first_line_holds(refusal, answer("죄송합니다.", refused=True)) is None
    assert first_line_holds(GoldenItem(id="n", question="q"), answer("x [1]")) is None


def test_cited_lines():
    text = "머리말\n- 하나 [1]\n- 둘 [1][2]\n\n- 마커 없음\n- 셋 [2, 3]"
    assert cited_lines(text) == ["- 하나 [1]", "- 둘 [1][2]", "- 셋 [2, 3]"]
    assert cited_lines("마커 없음") == []


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
    assert row["split"] == "calibration" and row["first_line"] is True
    assert row["cited_lines"] == 2 and row["trace"]["decision"] == "answer"


def test_score_item_carries_split_trace_and_expectations():
    item = GoldenItem(id="t", question="q", split="test", expect_any=["A"], expect_all=["B"])
    trace = Trace(standalone="q", hits=[hit("corpus/a.md")], decision="uncovered",
                  reason="attribute not in the documents")
    ans = Answer("q", "en", "staff", "Only B here. [1]\nA later. [1]", [], trace=trace)
    row = score_item(item, ans, trace.hits, lambda s, c: True)
    assert row["split"] == "test" and row["decision"] == "uncovered"
    assert row["answer_match"] is True and row["first_line"] is True and row["cited_lines"] == 2
    assert row["trace"] == trace.to_json() and row["trace"]["hits"][0]["source"] == "corpus/a.md"
    assert (row["expect_any"], row["expect_all"]) == (["A"], ["B"])


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
    assert row["first_line"] is None and row["cited_lines"] is None


def test_score_item_refused_answerable_item_misses_first_line():
    row = score_item(ITEM, answer("죄송합니다.", refused=True), [], lambda s, c: True)
    assert row["answer_match"] is False and row["first_line"] is False
    assert row["cited_lines"] is None


# ---------- summarise ----------

def row(**kw):
    base = {"id": "x", "split": "calibration", "language": "ko", "audience": "startup",
            "question": "q?", "expect_refusal": False, "expect_any": [], "expect_all": [],
            "expect_sources": [], "refused": False, "decision": "answer", "rank": None,
            "citation_hit": None, "answer_match": None, "first_line": None, "cited_lines": None,
            "citations_checked": 0, "citations_supported": 0, "latency_ms": 10.0, "tags": [],
            "answer": "", "trace": {}}
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
    assert s["first_line"] is None and s["cited_lines"] is None and s["uncovered"] == 0


def test_summarise_first_line_cited_lines_uncovered():
    rows = [row(first_line=True, cited_lines=2), row(first_line=False, cited_lines=4),
            row(first_line=False, refused=True, decision="refuse"),
            row(expect_refusal=True, refused=True, decision="uncovered"),
            row(expect_refusal=True, cited_lines=3)]  # answered although it should not be
    s = summarise(rows)
    assert s["first_line"] == round(1 / 3, 4)  # the refused answerable item counts False
    assert s["cited_lines"] == 3.0  # (2 + 4 + 3) / 3 answers that were not refused
    assert s["uncovered"] == 1


def test_summarise_empty_and_single():
    empty = summarise([])
    assert empty["items"] == 0
    assert empty["uncovered"] == 0  # a count
    assert all(v is None for key, v in empty.items() if key not in ("items", "uncovered"))
    one = summarise([row(latency_ms=12.34)])
    assert one["latency_p50_ms"] == one["latency_p95_ms"] == 12.3
    assert one["refusal_precision"] is None and one["citation_precision"] is None


def test_summary_by_groups():
    groups = summary_by(ROWS)
    assert set(groups) == {"overall", "language=en", "language=ko", "audience=staff",
                           "audience=startup", "tag=pdf", "split=calibration", "split=test",
                           "split=calibration/language=en", "split=calibration/language=ko",
                           "split=calibration/audience=staff",
                           "split=calibration/audience=startup"}
    assert groups["split=calibration"] == groups["overall"]  # no split given: calibration
    assert groups["split=test"]["items"] == 0 and groups["split=test"]["answer_match"] is None
    assert groups["overall"] == summarise(ROWS)
    assert groups["language=en"]["items"] == 2 and groups["language=ko"]["items"] == 5
    assert groups["audience=staff"]["items"] == 1
    assert groups["tag=pdf"]["items"] == 2 and groups["tag=pdf"]["hit_at_5"] == 0.5
    assert groups["tag=pdf"]["citation_precision"] == round(2 / 3, 4)


SPLIT_ROWS = [
    row(id="c1", answer_match=True, first_line=True, cited_lines=2, rank=1, citation_hit=True,
        expect_any=["A"], expect_sources=["corpus/a.md"]),
    row(id="c2", answer_match=True, first_line=False, cited_lines=3, language="en"),
    row(id="t1", split="test", answer_match=True, first_line=True, cited_lines=1,
        audience="citizen"),
    row(id="t2", split="test", answer_match=False, first_line=False, cited_lines=2,
        language="en", question="What is A?", expect_any=["A"], expect_all=["B"],
        answer="Hello.\nSomething else. [1]", trace={"decision": "answer", "reason": "",
                                              "hits": [{"source": "corpus/b.md", "score": 0.03}]}),
    row(id="t3", split="test", expect_refusal=True, refused=False, question="Weather?"),
]


def test_summary_by_split_groups():
    groups = summary_by(SPLIT_ROWS)
    assert groups["split=calibration"]["items"] == 2 and groups["split=test"]["items"] == 3
    assert groups["split=calibration"]["answer_match"] == 1.0
    assert groups["split=test"]["answer_match"] == 0.5
    assert groups["split=test"]["first_line"] == 0.5
    assert groups["split=calibration"]["cited_lines"] == 2.5
    assert groups["split=test/language=en"]["items"] == 1
    assert groups["split=test/language=ko"]["items"] == 2
    assert groups["split=test/audience=citizen"]["items"] == 1
    assert "split=calibration/audience=citizen" not in groups
    assert groups["overall"]["items"] == 5 and groups["language=en"]["items"] == 2


def test_side_by_side_rows_and_gap():
    table = {m: (cal, test, g) for m, cal, test, g in side_by_side(summary_by(SPLIT_ROWS))}
    assert table["answer_match"] == ("1.000", "0.500", "-0.500")
    assert table["first_line"] == ("0.500", "0.500", "+0.000")
    assert table["refusal_recall"] == ("–", "0.000", "–")
    assert table["cited_lines"] == ("2.5", "1.5", "-1.000")
    assert table["uncovered"] == ("0", "0", "+0")
    assert gap(None, 0.5) == "–" and gap(80.5, 100.25) == "+19.75"
    assert [(g, s) for g, s, _ in split_groups(summary_by(SPLIT_ROWS))] == [
        ("language=en", "calibration"), ("language=en", "test"),
        ("language=ko", "calibration"), ("language=ko", "test"),
        ("audience=citizen", "test"),
        ("audience=startup", "calibration"), ("audience=startup", "test")]


def test_failing_names_the_checks():
    fails = failing(SPLIT_ROWS)
    assert fails == {"c2": ["first_line"], "t2": ["answer_match", "first_line"],
                     "t3": ["not refused"]}


def test_trace_summary():
    trace = Trace(hits=[hit("corpus/a.md"), hit("corpus/b.md")], decision="refuse",
                  reason="unknown nouns").to_json()
    assert trace_summary(trace) == ("trace: refuse (unknown nouns); top hits: "
                                    "corpus/a.md (0.0000), corpus/b.md (0.0000)")
    assert trace_summary({}) == "trace: answer; top hits: none"


def test_write_report_puts_calibration_and_test_side_by_side(tmp_path):
    result = {"summary": summary_by(SPLIT_ROWS), "items": SPLIT_ROWS}
    keyword = {"summary": summary_by(SPLIT_ROWS[:2]), "items": SPLIT_ROWS[:2]}
    path = write_report({"hybrid": result, "keyword": keyword}, tmp_path / "out")
    assert path == tmp_path / "out" / "quality.md"
    markdown = path.read_text("utf-8")
    assert "## Calibration (2 items) vs test (3 items), hybrid" in markdown
    assert "| metric | calibration | test | gap |" in markdown
    assert "| answer_match | 1.000 | 0.500 | -0.500 |" in markdown
    assert "| language=en | calibration | 1 |" in markdown
    assert "| language=en | test | 1 |" in markdown
    assert "| audience=citizen | test | 1 |" in markdown
    assert "| hybrid |" in markdown and "| keyword |" in markdown
    assert "## Failing test items (2 of 3)" in markdown
    assert "- `t2` (en, startup) — fails answer_match, first_line: What is A?" in markdown
    assert "expected one of “A”; all of “B”" in markdown
    assert "got (first cited line): Something else. [1]" in markdown
    assert "corpus/b.md (0.0300)" in markdown
    assert "- `t3` (ko, startup) — fails not refused: Weather?" in markdown
    assert "`c2`" not in markdown  # calibration items are not listed
    png = (tmp_path / "out" / "quality.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
