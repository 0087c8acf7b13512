"""Insights: gap questions grouped by wording, latency buckets, most cited documents, Markdown."""

from __future__ import annotations

import json

import pytest

from assistant.insights import (
    group_questions,
    insights,
    insights_markdown,
    latency_buckets,
    percentile,
    top_documents,
    wording_key,
)
from assistant.store import Store, open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path) as store:
        yield store


def log(store: Store, question: str, *, refused=False, decision="answer", doc_ids=(),
        latency_ms=100.0) -> int:
    return store.log_query(
        question=question, audience="citizen", language="ko", refused=refused,
        decision=decision, reason="", chunk_ids=[f"{d}#0" for d in doc_ids],
        doc_ids=list(doc_ids), latency_ms=latency_ms,
    )


def find(groups: list[dict], wording: str) -> dict:
    [group] = [g for g in groups if g["question"] == wording or wording in g["examples"]]
    return group


def test_wording_key_ignores_spacing_case_and_punctuation():
    assert wording_key("데이터 바우처, 신청기간?") == wording_key("데이터바우처 신청 기간!!")
    assert wording_key("When is the DATA voucher open?") == "datavoucheropen"
    assert wording_key("?!") == ""


def test_korean_paraphrases_group_but_other_topics_do_not():
    groups = group_questions([
        ("데이터바우처 신청 기간이 언제예요?", "refused"),
        ("데이터 바우처 신청기간 언제에요", "disliked"),
        ("센터 주차장 있나요?", "refused"),
    ])
    voucher = find(groups, "데이터바우처 신청 기간이 언제예요?")
    assert "데이터 바우처 신청기간 언제에요" in [voucher["question"], *voucher["examples"]]
    assert voucher["count"] == 2
    assert voucher["kinds"] == {"refused": 1, "not_published": 0, "disliked": 1}
    parking = find(groups, "센터 주차장 있나요?")
    assert parking is not voucher and parking["count"] == 1


def test_english_paraphrases_group():
    groups = group_questions([
        ("When is the data voucher application period?", "refused"),
        ("What is the application period for the data voucher?", "refused"),
        ("when does the data voucher application period start", "not_published"),
        ("Is there parking at the center?", "refused"),
        ("Where can I park at the center?", "disliked"),
    ])
    assert [g["count"] for g in groups] == [3, 2]
    assert len(groups[0]["examples"]) == 2
    assert groups[1]["kinds"] == {"refused": 1, "not_published": 0, "disliked": 1}


def test_representative_is_most_frequent_then_shortest_wording():
    long, short = "데이터 바우처 신청 기간은 언제인가요?", "데이터 바우처 신청 기간은 언제?"
    groups = group_questions([(long, "refused"), (long, "refused"), (short, "refused")])
    assert groups[0]["question"] == long and groups[0]["examples"] == [short]
    groups = group_questions([(long, "refused"), (short, "refused")])
    assert groups[0]["question"] == short


def test_similarity_threshold_is_a_parameter():
    items = [("데이터바우처 신청 기간이 언제예요?", "refused"),
             ("데이터 바우처 신청기간 언제에요", "refused")]
    assert len(group_questions(items, similarity=0.5)) == 1
    assert len(group_questions(items, similarity=0.9)) == 2


def test_percentile_interpolates():
    assert percentile([40, 10, 30, 20], 50) == 25
    assert percentile([100, 200, 300], 95) == pytest.approx(290)
    assert percentile([7.0], 95) == 7.0


def test_latency_buckets_on_constructed_rows():
    rows = [
        {"ts": 1000, "latency_ms": 100.0},
        {"ts": 1010, "latency_ms": 300.0},
        {"ts": 1050, "latency_ms": 200.0},
        {"ts": 1130, "latency_ms": 50.0},
        {"ts": 2440, "latency_ms": 80.0},  # at the period's end: the last bucket
    ]
    buckets = latency_buckets(rows, end=1000 + 24 * 60, buckets=24)
    assert buckets == [
        {"t": 1000, "p50_ms": 200.0, "p95_ms": 290.0, "n": 3},
        {"t": 1120, "p50_ms": 50.0, "p95_ms": 50.0, "n": 1},
        {"t": 2380, "p50_ms": 80.0, "p95_ms": 80.0, "n": 1},
    ]
    assert latency_buckets([], end=5) == []
    assert latency_buckets(rows[:1], end=1000) == [
        {"t": 1000, "p50_ms": 100.0, "p95_ms": 100.0, "n": 1}
    ]


def test_top_documents_counts_each_query_once():
    rows = [{"doc_ids": ["a", "b", "a"]}, {"doc_ids": ["b"]}, {"doc_ids": ["c", "b"]},
            {"doc_ids": []}] + [{"doc_ids": [f"d{i:02}"]} for i in range(12)]
    top = top_documents(rows)
    assert len(top) == 10
    assert top[:3] == [{"doc_id": "b", "count": 3}, {"doc_id": "a", "count": 1},
                       {"doc_id": "c", "count": 1}]


def test_insights_from_a_real_store(store):
    log(store, "데이터바우처 신청 기간이 언제예요?", refused=True, decision="refuse")
    log(store, "데이터 바우처 신청기간 언제에요", refused=True, decision="uncovered")
    parking = log(store, "센터 주차장 있나요?", doc_ids=["center"], latency_ms=300.0)
    log(store, "센터 위치", doc_ids=["center", "map"], latency_ms=200.0)
    store.add_feedback(rating=-1, query_id=parking)
    store.add_feedback(rating=1, question="좋아요 받은 질문")

    data = insights(store, now=store.queries()[-1]["ts"] + 60)
    json.dumps(data)  # JSON-able
    assert data["totals"] == {"queries": 4, "refused": 2, "disliked": 1}
    voucher, parking_group = data["missing"]
    assert voucher["count"] == 2
    assert voucher["kinds"] == {"refused": 1, "not_published": 1, "disliked": 0}
    assert parking_group["question"] == "센터 주차장 있나요?"
    assert parking_group["kinds"]["disliked"] == 1
    assert data["top_documents"] == [{"doc_id": "center", "count": 2},
                                     {"doc_id": "map", "count": 1}]
    assert sum(b["n"] for b in data["latency"]) == 4


def test_insights_of_an_empty_store(store):
    data = insights(store)
    assert data == {"missing": [], "latency": [], "top_documents": [],
                    "totals": {"queries": 0, "refused": 0, "disliked": 0}}
    assert "아직 없습니다" in insights_markdown(data)


def test_markdown_in_both_languages(store):
    log(store, "데이터바우처 신청 기간이 언제예요?", refused=True, decision="refuse",
        latency_ms=150)
    log(store, "데이터 바우처 신청기간 언제에요", refused=True, decision="refuse", doc_ids=["v"])
    data = insights(store)
    korean = insights_markdown(data, "ko")
    assert "### 자료에 없는 질문" in korean and "2건" in korean and "거절 2" in korean
    assert "`v`" in korean
    english = insights_markdown(data, "en")
    assert "### Questions the documents do not answer" in english
    assert "refused 2" in english and "Answer latency" in english


def test_markdown_shows_what_users_typed_as_text():
    data = {"missing": [{"question": "<img src=x onerror=alert(1)> **굵게**", "count": 2,
                         "kinds": {"refused": 2, "not_published": 0, "disliked": 0},
                         "examples": ["<b>예시</b>"]}],
            "latency": [], "top_documents": [],
            "totals": {"queries": 2, "refused": 2, "disliked": 0}}
    text = insights_markdown(data, "ko")
    assert "<img" not in text and "&lt;img src=x onerror=alert\\(1\\)&gt;" in text
    assert "\\*\\*굵게\\*\\*" in text and "&lt;b&gt;예시&lt;/b&gt;" in text
