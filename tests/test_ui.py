"""The UI's pure parts (assistant/ui/render.py, labels.py) and the served Gradio app asked
through gradio_client and over HTTP (a real `assistant serve`). The browser itself is driven
in tests/test_browser.py."""

import re
import string
from dataclasses import replace

import gradio as gr
import httpx
import pytest
from gradio_client import Client

from assistant.models import Answer, Citation, Turn
from assistant.service import AUDIENCES
from assistant.ui.app import _RELABEL
from assistant.ui.labels import CATEGORIES, EXAMPLES, LABELS, examples, label
from assistant.ui.render import (
    answer_markdown,
    as_text,
    history_turns,
    message_text,
    plain,
    simple_messages,
    source_entries,
    sources_html,
)

from .conftest import serve_app

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
PDF_CITATION = Citation(1, "vouchers/ko-guide", "데이터 바우처 <지원사업> 안내 (2024)",
                        "corpus/vouchers/ko-guide.pdf", 3, "제2조의2(지원 한도)",
                        "수요기업 1곳당 지원 한도는 4천5백만 원으로 한다.", 0.03,
                        url="https://example.org/voucher", chunk_id="c-pdf")
MD_CITATION = Citation(2, "t-center", "센터 소개", "corpus/center/overview.md", None, "", "분석실",
                       0.02)
CHUNK = ("제2조의2(지원 한도) 이 사업의 지원 내용은 다음과 같다. 수요기업 1곳당 지원 한도는 "
         "4천5백만 원으로 한다. 가공 유형은 별도로 정한다.")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def answer(text="한도는 4천5백만 원입니다. [1] 공간은 분석실입니다. [2]", notices=()):
    return Answer("q", "ko", "startup", text, [PDF_CITATION, MD_CITATION],
                  notices=list(notices))


# ---------- render.py ----------

@pytest.mark.parametrize("typed", [
    "<img src=x onerror=alert(1)>", "<b>굵게</b> **별표** _밑줄_ [링크](http://x) `코드`",
    "# 제목 아님\n- 목록 아님", "a\\b &amp; 1 < 2 > 0 ~~x~~ | 표 |",
])
def test_as_text_escapes_html_and_markdown_and_plain_reverses_it(typed):
    shown = as_text(typed)
    assert "<" not in shown and ">" not in shown
    assert re.search(r"(?<!\\)[`*_\[\]#|~]", shown) is None  # every Markdown mark escaped
    assert plain(shown) == typed


def test_as_text_is_rendered_as_the_typed_text_by_gradio_markdown():
    shown = gr.Chatbot(sanitize_html=True).postprocess(
        [{"role": "user", "content": as_text("<img src=x onerror=alert(1)> **a**")}])
    text = shown.model_dump()[0]["content"][0]["text"]
    assert "<img" not in text and "&lt;img" in text and "\\*\\*a\\*\\*" in text


def test_answer_markdown_links_markers_to_their_panel_entries_and_adds_notices():
    shown = answer_markdown(answer(notices=["<모델> 서버 없음"]), turn=4)
    assert shown.startswith('한도는 4천5백만 원입니다. <a class="cite" href="#src-4-1" '
                            'data-src="src-4-1">[1]</a>')
    assert 'href="#src-4-2" data-src="src-4-2">[2]</a>' in shown
    assert shown.endswith("\n\n<small>ℹ️ &lt;모델&gt; 서버 없음</small>")


def test_answer_markdown_leaves_a_refusal_alone():
    refusal = Answer("q", "ko", "startup", "죄송합니다. [1] 표시는 없습니다.", [], refused=True)
    assert answer_markdown(refusal, 0) == refusal.text


def test_source_entries_and_panel_show_title_section_page_mark_and_links():
    entries = source_entries(answer(), 2, chunk_text={"c-pdf": CHUNK}.get)
    pdf, md = entries
    assert pdf["id"] == "src-2-1" and md["id"] == "src-2-2"
    assert pdf["view"].startswith("/view/vouchers/ko-guide?q=") and pdf["view"].endswith(
        "#page=3")
    assert "#page" not in md["view"]
    assert "<mark>수요기업 1곳당 지원 한도는 4천5백만 원으로 한다</mark>" in pdf["snippet"]
    assert pdf["snippet"].startswith("제2조의2(지원 한도) 이 사업")  # the chunk around it
    ko = sources_html([entries], "ko")
    assert '<div class="source" id="src-2-1">' in ko
    assert "<b>데이터 바우처 &lt;지원사업&gt; 안내 (2024)</b> — 제2조의2(지원 한도) · 쪽 3" in ko
    assert 'class="open" href="/view/vouchers/ko-guide?q=' in ko and ">문서 열기</a>" in ko
    assert 'href="https://example.org/voucher"' in ko and "corpus/vouchers/ko-guide.pdf" in ko
    assert "<b>센터 소개</b></div>" in ko  # no section, no page
    en = sources_html([entries], "en")
    assert "제2조의2(지원 한도) · p. 3" in en and ">open</a>" in en


def test_an_english_panel_gives_an_articles_english_heading():
    cited = replace(PDF_CITATION, section_en="Article 2-2 (Support limits)")
    entries = source_entries(Answer("q", "en", "startup", "a [1]", [cited]), 1)
    assert "제2조의2(지원 한도) · Article 2-2 (Support limits) · p. 3" in sources_html([entries],
                                                                                     "en")
    assert "Article 2-2" not in sources_html([entries], "ko")


def test_sources_panel_lists_newest_answer_first_and_has_an_empty_state():
    first = source_entries(answer(), 0)
    second = source_entries(answer(), 1)
    html = sources_html([first, second], "ko")
    assert html.index('id="src-1-1"') < html.index('id="src-0-1"')
    assert "답변의 [n] 표시를 누르면" in sources_html([], "ko")
    assert "Click an [n] marker" in sources_html([[]], "en")


def test_history_turns_round_trip_escaped_user_text_and_strip_notices_and_links():
    typed = "<b>2023년</b> *AI 가공*은요?"
    messages = [
        {"role": "user", "content": as_text(typed)},
        {"role": "assistant", "content": answer_markdown(answer(notices=["참고"]), 0)},
        {"role": "user", "content": as_text("그럼 구매 유형은요?")},
    ]
    assert history_turns(messages) == [
        Turn(typed, "한도는 4천5백만 원입니다. [1] 공간은 분석실입니다. [2]"),
        Turn("그럼 구매 유형은요?", "")]
    assert history_turns([{"role": "assistant", "content": "orphan"}]) == []


def test_history_from_gradio_6_normalised_messages():
    """What the Chatbot sends back to a handler: content as a list of typed parts."""
    chatbot = gr.Chatbot()
    sent = chatbot.preprocess(chatbot.postprocess([
        {"role": "user", "content": as_text(VOUCHER_Q)},
        {"role": "assistant", "content": "6,000만 원 [1]\n\n<small>ℹ️ 참고</small>"}]))
    assert isinstance(sent[0]["content"], list)
    assert message_text(sent[0]) == as_text(VOUCHER_Q)
    assert simple_messages(sent)[1] == {"role": "assistant",
                                        "content": "6,000만 원 [1]\n\n<small>ℹ️ 참고</small>"}
    assert history_turns(sent) == [Turn(VOUCHER_Q, "6,000만 원 [1]")]
    assert message_text({"role": "user", "content": [{"type": "file", "file": {}}]}) == ""


# ---------- labels.py ----------

def test_every_label_has_korean_and_english_with_the_same_fields():
    fields = string.Formatter()
    for key, (ko, en) in LABELS.items():
        assert ko.strip() and en.strip(), key
        assert HANGUL.search(ko), key
        assert not HANGUL.search(en), key
        assert {f for _, f, _, _ in fields.parse(ko) if f} == \
            {f for _, f, _, _ in fields.parse(en) if f}, key
    assert label("send", "ko") == "보내기" and label("send", "en") == "Send"


def test_every_choice_and_relabelled_component_has_a_label():
    for audience in AUDIENCES:
        assert f"audience_{audience}" in LABELS
    for category in CATEGORIES:
        assert f"category_{category or 'all'}" in LABELS
    assert {key for _, _, key in _RELABEL} <= set(LABELS)


def test_examples_per_audience_in_both_languages():
    assert set(EXAMPLES) == set(AUDIENCES)
    for audience in AUDIENCES:
        ko, en = examples(audience, "ko"), examples(audience, "en")
        assert len(ko) == len(en) >= 3
        assert all(HANGUL.search(q) for q in ko) and not any(HANGUL.search(q) for q in en)
    assert examples("citizen", "ko") != examples("staff", "ko")
    assert examples("investor", "en") == examples("startup", "en")


# ---------- the served app ----------

@pytest.fixture(scope="module")
def served(small_index, tmp_path_factory):
    with serve_app(small_index, tmp_path_factory.mktemp("ui")) as app:
        yield app


def test_gradio_client_chat_returns_the_answer_json(served):
    client = Client(served.url + "/", verbose=False)
    api = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(api) == ["/chat"]  # the UI's own events are not public endpoints
    body = client.predict(VOUCHER_Q, "startup", api_name="/chat")
    assert "6,000만 원" in body["answer"] and "[1]" in body["answer"]
    assert body["citations"][0]["doc_id"] == "t-voucher-2023"
    assert body["citations"][0]["title"] == "2023년 데이터바우처"
    assert body["query_id"] > 0 and body["refused"] is False
    staff = client.predict("What is a data safe zone?", "staff", api_name="/chat")
    assert staff["citations"][0]["doc_id"] == "t-safe-zone-en"
    with pytest.raises(Exception, match="질문이 비어"):
        client.predict("   ", "startup", api_name="/chat")


def test_served_page_has_analytics_off_and_the_ui_config(served):
    with httpx.Client(base_url=served.url, timeout=60) as http:
        config = http.get("/config").json()
        page = http.get("/").text
    assert config["analytics_enabled"] is False
    ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"chat", "question", "send", "sources-panel", "ui-language", "desk-draft",
            "upload"} <= ids
    assert "a.cite" in config["head"]  # the script that opens a marker's source entry
    assert "포항 빅데이터 AI 혁신센터" in page
