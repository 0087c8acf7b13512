"""The LangChain baseline (langchain-chroma + all-MiniLM-L6-v2, dense only) on the small corpus."""

from pathlib import Path

import pytest

from assistant.baseline import Baseline, minilm_path
from assistant.citations import check_consistency


@pytest.fixture(scope="module")
def baseline(small_index):
    return Baseline(small_index)


def test_minilm_comes_from_the_local_wheel():
    path = Path(minilm_path())
    assert path.is_dir() and (path / "config.json").is_file()


def test_baseline_returns_hits_and_a_cited_answer(baseline, small_index):
    answer, hits = baseline.ask("What is a data safe zone?", audience="staff", k=3)
    assert 1 <= len(hits) <= 3
    assert hits[0].source == "corpus/policies/safe-zone-en.md"
    assert [h.dense_rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(h.keyword_score is None for h in hits)  # no keyword search
    assert not answer.refused and answer.language == "en" and answer.audience == "staff"
    assert answer.text.endswith("[1]") and "unreleased data" in answer.text
    [citation] = answer.citations
    assert citation.source == hits[0].source and citation.chunk_id == hits[0].chunk_id
    check_consistency(answer)
    assert answer.timings_ms["total_ms"] > 0
    assert list((small_index.data_dir / "baseline").glob("*/complete"))


def test_baseline_reads_pdfs_with_pages(baseline):
    _, hits = baseline.ask("수요기업 1곳당 지원 한도", k=5)
    pdf = [h for h in hits if h.source.endswith("ko-guide.pdf")]
    assert pdf and all(h.page in (1, 2, 3) for h in pdf)


def test_baseline_never_refuses(baseline):
    answer, hits = baseline.ask("내일 포항 날씨는 어때요?", k=2)
    assert len(hits) == 2 and not answer.refused and answer.citations
