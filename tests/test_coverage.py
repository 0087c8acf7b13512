"""`assistant.coverage`: the evidence the coverage check reads (constructed rankings; the
rules themselves are tested in tests/test_refusal.py, the whole path in tests/test_service.py).
Cases written for this file, not golden items."""

from functools import partial

from assistant.calibration import default_calibration
from assistant.compose.select import Ranking, Scored
from assistant.compose.sentences import Sentence
from assistant.coverage import Coverage
from assistant.glossary import Glossary, Term
from assistant.models import Hit
from assistant.refusal import ANSWER, Decision, RefusalPolicy
from assistant.signals import Signals

POLICY = RefusalPolicy(default_calibration().refusal)


class Words:
    """The index's vocabulary, as far as these cases need it: every word is known."""

    def canonical(self, text: str) -> str:
        return text

    def respelled(self, text: str) -> str:
        return text

    def known(self, words: list[str]) -> set[str]:
        return set(words)


class Reader:
    def spelled_like(self, term: str) -> bool:
        return False


COVERAGE = Coverage(POLICY, Words(), None, Reader())
HIT = Hit("c1", "library-ko", "…", "도서관 안내", "corpus/library-ko.md", section="개요")


def _signals(**kw) -> Signals:
    base = {"dense_top": 0.9, "keyword_top": 10.0, "unknown_terms": [], "salient_terms": 2,
            "agreement": True, "unknown_years": []}
    return Signals(**{**base, **kw})


def _ranked(*rows: tuple[str, float], kind: str = "amount") -> tuple[list, Ranking]:
    """(sentence, fit) rows at a cosine too low to answer by closeness alone."""
    scored = [Scored(Sentence(text, 0, heading="개요"), 1.0 - 0.01 * i, 0.0, 0.0,
                     cosine=0.80, fit=fit) for i, (text, fit) in enumerate(rows)]
    return [s.sentence for s in scored], Ranking(scored, [], frozenset(), [kind], {})


def test_a_refusal_of_work_on_the_askers_material_stays_a_refusal():
    refused = Decision("refuse", "asks for work")
    out = COVERAGE.refine("내 자기소개서 번역해 줘", refused, _signals(request="자기소개서"), [HIT])
    assert out is refused


def test_an_answer_whose_entity_no_sentence_gives_the_asked_fact_is_uncovered():
    ranked = _ranked(("솔빛도서관은 1990년에 문을 열었습니다.", 0.0),
                     ("솔빛도서관은 책을 빌려줍니다.", 0.0))
    out = COVERAGE.refine("솔빛도서관 1년 예산은 얼마예요?", ANSWER, _signals(), [HIT], ranked)
    assert out.action == "uncovered" and "솔빛도서관" in out.entity
    stated = _ranked(("솔빛도서관의 1년 예산은 3억 원입니다.", 1.0))
    assert COVERAGE.refine("솔빛도서관 1년 예산은 얼마예요?", ANSWER, _signals(), [HIT],
                           stated) is ANSWER


def test_a_deferral_counts_for_its_subject_not_for_the_body_it_names_as_the_source():
    """"올해 사업 규모는 … 솔빛도서관 발표에서 확인하세요" says where the programme's size is
    published; it says nothing of the library's own budget."""
    elsewhere = _ranked(("올해 사업 규모는 공고와 솔빛도서관 발표에서 확인하세요.", 1.0),
                        ("솔빛도서관은 책을 빌려줍니다.", 0.0))
    out = COVERAGE.refine("솔빛도서관 1년 예산은 얼마예요?", ANSWER, _signals(), [HIT], elsewhere)
    assert out.action == "uncovered"
    own = _ranked(("솔빛도서관의 예산은 공고에서 확인하세요.", 1.0))
    assert COVERAGE.refine("솔빛도서관 1년 예산은 얼마예요?", ANSWER, _signals(), [HIT],
                           own) is ANSWER


def test_a_person_asked_in_english_over_korean_sentences_without_a_name_is_uncovered():
    """A name reads the same in both languages: Korean evidence that names nobody leaves an
    English question for the director's name uncovered (a language filter must not hide it)."""
    ranked = _ranked(("솔빛도서관은 1990년에 문을 열었습니다.", 0.0),
                     ("솔빛도서관은 시가 운영하는 공공 도서관입니다.", 0.0))
    out = COVERAGE.refine("What's the name of the library's current director?", ANSWER,
                          _signals(), [HIT], ranked)
    assert out.action == "uncovered" and "director" in out.attribute
    named = _ranked(("솔빛도서관을 이끄는 사람은 정하늘 관장입니다.", 0.0))
    assert COVERAGE.refine("What's the name of the library's current director?", ANSWER,
                           _signals(), [HIT], named).action == "answer"


def test_a_count_of_a_thing_named_only_by_an_unknown_gloss_is_uncovered():
    """"열람실에 GPU 서버가 몇 대 있어요?": "GPU" is a Latin gloss of a Korean question (not a
    focus word), yet the corpus never uses it: the documents cannot count GPU servers; the
    reading room is what they cover."""
    glossary = Glossary([Term("열람실", "reading room", ["열람실"], ["reading room"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    ranked = _ranked(("열람실은 시민에게 열려 있습니다.", 0.0))
    out = coverage.refine("열람실에 GPU 서버가 몇 대 있어요?", ANSWER,
                          _signals(ignored_terms=["gpu"]), [HIT], ranked)
    assert out.action == "uncovered" and out.entity == "열람실" and "GPU" in out.attribute
    # without the unknown gloss, a sentence that counts something answers (one that counts
    # nothing would not: tests below)
    counted = _ranked(("열람실에는 서버 4대가 있습니다.", 1.0))
    assert coverage.refine("열람실에 GPU 서버가 몇 대 있어요?", ANSWER, _signals(), [HIT],
                           counted).action == "answer"
    assert coverage.refine("열람실에 GPU 서버가 몇 대 있어요?", ANSWER,
                           _signals(ignored_terms=["gpu"]), [HIT], counted).action == "uncovered"


def test_a_count_of_an_unknown_thing_does_not_refuse_the_other_question_of_the_turn():
    glossary = Glossary([Term("도서관", "library", ["도서관"], ["library"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    ranked = _ranked(("The library opened on 3 May 2012.", 1.0))
    alone = coverage.refine("How many ppl came to the library?", ANSWER,
                            _signals(unknown_terms=["ppl"]), [HIT], ranked)
    assert alone.action == "uncovered"
    both = coverage.refine("When did the library open, and how many ppl came?", ANSWER,
                           _signals(unknown_terms=["ppl"]), [HIT], ranked)
    assert both.action == "answer"


def test_a_common_english_word_glossing_a_korean_count_question_is_not_what_is_counted():
    glossary = Glossary([Term("열람실", "reading room", ["열람실"], ["reading room"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    ranked = _ranked(("열람실 좌석 중 청년 비중은 40%입니다.", 1.0))
    out = coverage.refine("열람실 좌석 중 청년 share 몇 %예요?", ANSWER,
                          _signals(ignored_terms=["share"]), [HIT], ranked)
    assert out.action == "answer"


def test_a_statute_sentence_answers_which_article_although_it_names_none():
    """"(1) Solbit Library shall report …" is part of Article 16: its citation names the article,
    so the library is not "described without stating the article"; a guide's sentence is."""
    scored = [Scored(Sentence("(1) Solbit Library shall report its results every year.", 0,
                              heading="Article 16 (Reports)", article=article), 1.0, 0.0, 0.0,
                     cosine=0.80, fit=0.0) for article in ("제16조", "")]
    question = "Which article says Solbit Library must report its results?"
    statute = ([s.sentence for s in scored[:1]], Ranking(scored[:1], [], frozenset(),
                                                         ["article"], {}))
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], statute) is ANSWER
    guide = ([s.sentence for s in scored[1:]], Ranking(scored[1:], [], frozenset(),
                                                       ["article"], {}))
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], guide).action == "uncovered"


def test_an_english_question_over_korean_statute_text_is_not_uncovered_by_names():
    """The legal wording of a Korean statute is not matched to an English question's words, so
    "no sentence naming the act holds the fact" among its ranked sentences is no sign that the
    documents do not state it (over a guide's Korean sentences it is); a figure is read in any
    language, so when no sentence holds one at all the sum asked is not stated."""
    glossary = Glossary([Term("솔빛법", "Solbit Act", ["솔빛법"], ["Solbit Act"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    question = "How much is the fine under the Solbit Act for a fake library mark?"

    def ranked(text, article, fit):
        row = Scored(Sentence(text, 0, heading="제43조 (벌칙)" if article else "안내",
                              article=article), 1.0, 0.0, 0.0, cosine=0.80, fit=fit)
        other = Scored(Sentence("① 솔빛법에 따른 표시를 거짓으로 한 자는 처벌한다.", 0,
                                heading="제42조 (벌칙)" if article else "안내", article=article),
                       0.9, 0.0, 0.0, cosine=0.80, fit=0.0)
        return [row.sentence, other.sentence], Ranking([row, other], [], frozenset(),
                                                       ["amount"], {})

    fined = "② 거짓 표시를 한 자에게는 300만원 이하의 과태료를 부과한다."
    assert coverage.refine(question, ANSWER, _signals(), [HIT], ranked(fined, "제43조", 1.0)) \
        is ANSWER
    assert coverage.refine(question, ANSWER, _signals(), [HIT],
                           ranked(fined, "", 1.0)).action == "uncovered"
    unfined = "② 거짓 표시를 한 자는 등록을 취소한다."
    assert coverage.refine(question, ANSWER, _signals(), [HIT],
                           ranked(unfined, "제43조", 0.0)).action == "uncovered"


def test_a_korean_sentence_whose_figures_an_english_one_states_is_no_answer_elsewhere():
    """A Korean sentence with a date may answer an English question when names cannot be
    matched across languages, unless it is the version of an English sentence (the same
    figures) that does not name what is asked."""
    ranked = partial(_ranked, kind="date")

    question = "When did the Solbit reading room open?"
    english = ("Solbit has a reading room.", 0.0)
    versions = ranked(english, ("The first call opened on 7 September 2022.", 1.0),
                      ("첫 공모는 2022년 9월 7일에 시작되었습니다.", 1.0))
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], versions).action == "uncovered"
    own = ranked(english, ("솔빛 열람실은 2019년 3월에 문을 열었습니다.", 1.0))
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], own) is ANSWER


def test_an_acronym_korean_sentences_write_too_is_matched_in_them():
    """"When was SBL founded?": an acronym reads the same in a Korean sentence, so a Korean
    date about something else is no answer stated elsewhere; a Korean sentence naming it with
    the date is."""
    ranked = partial(_ranked, kind="date")

    question = "When was SBL, one of the reading clubs, founded?"
    named = ("독서 모임은 솔빛회, 한빛회, 서울도서연구회(SBL) 세 곳입니다.", 0.0)
    other = ranked(named, ("독서 모임은 2023년 7월에 지정되었습니다.", 1.0))
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], other).action == "uncovered"
    own = ranked(named, ("서울도서연구회(SBL)는 2001년 3월에 설립되었습니다.", 1.0))
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], own) is ANSWER


def test_a_korean_question_naming_only_a_documents_term_is_uncovered_when_no_sentence_holds_it():
    """"솔빛인증은 몇 년 동안 유효해요?" names no proper noun, only a term of the documents: when
    the sentences most of the evidence shares name that term and none of them (nor any other)
    holds the kind of fact asked, the term is covered and the attribute is not; a sentence
    that holds a figure of the kind asked leaves the question answered."""
    glossary = Glossary([
        Term("솔빛인증", "solbit certification", ["솔빛인증"], ["solbit certification"]),
        Term("인증", "certification", ["인증"], ["certification"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    question = "솔빛인증은 한 번 받으면 몇 년 동안 유효해요?"

    ranked = partial(_ranked, kind="count")

    unstated = ranked(("솔빛인증을 받은 기업은 인증서를 받습니다.", 0.0),
                      ("솔빛인증 기관은 세 곳입니다.", 0.5))
    decision = coverage.refine(question, ANSWER, _signals(), [HIT], unstated)
    assert (decision.action, decision.entity) == ("uncovered", "솔빛인증")
    stated = ranked(("솔빛인증을 받은 기업은 인증서를 받습니다.", 0.0),
                    ("인증의 유효기간은 3년입니다.", 1.0))
    assert coverage.refine(question, ANSWER, _signals(), [HIT], stated) is ANSWER


def test_a_documents_term_no_evidence_sentence_names_is_uncovered():
    """"솔빛열람실에 컴퓨터가 몇 대나 있어요?" over sentences of another article (retrieval
    followed 컴퓨터 elsewhere): the term is the documents' own, so evidence that never names it
    is not about it, and none of it holds a count."""
    glossary = Glossary([Term("솔빛열람실", "solbit reading room", ["솔빛열람실"],
                              ["solbit reading room"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    elsewhere = _ranked(("클라우드컴퓨팅으로 만든 가상의 공간도 지정할 수 있다.", 0.0),
                        ("지정기준은 다음 각 호와 같다.", 0.0), kind="count")
    decision = coverage.refine("솔빛열람실에 컴퓨터가 몇 대나 있어요?", ANSWER, _signals(),
                               [HIT], elsewhere)
    assert (decision.action, decision.entity) == ("uncovered", "솔빛열람실")


def test_a_name_carried_from_an_earlier_turn_need_not_be_named_by_the_evidence():
    """"그 세 곳 중 아무 데나 신청해도 돼요? 비용은 얼마나 들고요" after an answer naming three
    bodies: the follow-up standing alone carries their names, but the user did not ask about
    one of them, so the documents' word on every body's fee answers; the same names asked by
    the user themselves must be named by the evidence."""
    glossary = Glossary([Term("솔빛협회", "Solbit Association", ["솔빛협회"],
                              ["Solbit Association"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    standalone = "그 세 곳 중 아무 데나 신청해도 돼요? 비용은 얼마나 들고요 솔빛협회 인증 기관"
    ranked = _ranked(("인증 수수료는 각 인증기관이 공지합니다.", 1.0),
                     ("인증기관은 10명 이상의 인력을 갖추어야 합니다.", 0.0))
    said = "그 세 곳 중 아무 데나 신청해도 돼요? 비용은 얼마나 들고요"
    assert coverage.refine(standalone, ANSWER, _signals(), [HIT], ranked, said=said) is ANSWER
    asked = coverage.refine(standalone, ANSWER, _signals(), [HIT], ranked,
                            said="솔빛협회 인증 비용은 얼마나 들어요?")
    assert (asked.action, asked.entity) == ("uncovered", "솔빛협회")
    # a question standing alone: every name it holds is the user's
    assert coverage.refine(standalone, ANSWER, _signals(), [HIT], ranked).action == "uncovered"


def test_a_follow_up_is_refined_as_the_question_alone_without_a_glossary():
    """Without a glossary there are no names to compare with the user's words: a follow-up
    gets the decision its standalone question gets (and no error)."""
    ranked = _ranked(("솔빛도서관은 1990년에 문을 열었습니다.", 0.0))
    question = "그럼 예산은 얼마예요? 솔빛도서관"
    alone = COVERAGE.refine(question, ANSWER, _signals(), [HIT], ranked)
    assert COVERAGE.refine(question, ANSWER, _signals(), [HIT], ranked,
                           said="그럼 예산은 얼마예요?") == alone


def test_an_english_question_naming_a_glossary_name_no_sentence_names_is_uncovered():
    """"How much Solbit Pass funding was there in 2023?" over sentences on another program of
    that year: the name is the glossary's (the documents use it), so sentences that never name
    it are not about it, whatever sum they state."""
    glossary = Glossary([Term("솔빛패스", "Solbit Pass", ["솔빛패스"], ["Solbit Pass"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    ranked = _ranked(("2023년 도서관 지원사업의 예산은 894억 원이었습니다.", 1.0),
                     ("2023년 도서관 지원사업은 2,010건이었습니다.", 0.5))
    out = coverage.refine("How much Solbit Pass funding was there in 2023?", ANSWER, _signals(),
                          [HIT], ranked)
    assert (out.action, out.entity) == ("uncovered", "Solbit Pass")
    named = _ranked(("2023년 솔빛패스 사업의 예산은 12억 원이었습니다.", 1.0))
    assert coverage.refine("How much Solbit Pass funding was there in 2023?", ANSWER,
                           _signals(), [HIT], named) is ANSWER


def test_an_english_name_is_also_matched_as_the_user_wrote_it():
    """"how big is the solbit ai data center?": the user's "solbit" is the glossary's city
    (Solbit City), and a Korean sentence names it as the first word of the complex's name, so
    the sentence that states the size names what was asked."""
    glossary = Glossary([
        Term("솔빛시", "Solbit City", ["솔빛시"], ["Solbit City", "Solbit"]),
        Term("솔빛 인공지능 단지", "Solbit AI complex", ["솔빛 인공지능 단지"],
             ["Solbit AI complex"])])
    coverage = Coverage(POLICY, Words(), glossary, Reader())
    ranked = _ranked(("솔빛 인공지능 단지의 데이터센터는 88.5 PF 규모입니다.", 1.0),
                     ("솔빛시는 협약을 맺었습니다.", 0.0))
    assert coverage.refine("how big is the solbit ai data center in petaflops?", ANSWER,
                           _signals(), [HIT], ranked) is ANSWER


def test_a_count_no_evidence_sentence_states_is_not_answered_with_other_facts():
    """"How many …?" over sentences that hold no count of anything, in any language, and say
    nowhere where it is published: the documents do not state it, whatever they name."""
    ranked = _ranked(("The Solbit complex is being built in the north of the city.", 0.0),
                     ("솔빛 단지의 입주 조건은 이 자료에서 확인되지 않았습니다.", 0.0),
                     kind="count")
    out = COVERAGE.refine("how many companies have moved in there so far?", ANSWER, _signals(),
                          [HIT], ranked)
    assert out.action == "uncovered" and out.entity == ""  # nothing named: "do not state Y"
    counted = _ranked(("Twelve companies have moved into the Solbit complex.", 1.0),
                      kind="count")
    assert COVERAGE.refine("how many companies have moved in there so far?", ANSWER,
                           _signals(), [HIT], counted) is ANSWER
    # ... a sentence saying where the number is published answers it
    deferred = _ranked(("입주 기업 수는 솔빛시의 공지에서 확인하세요.", 0.0), kind="count")
    assert COVERAGE.refine("how many companies have moved in there so far?", ANSWER,
                           _signals(), [HIT], deferred) is ANSWER


def test_a_degree_asked_may_be_stated_by_a_figure_in_any_unit():
    """"How powerful is it?" asks no count: "88.5 PF" may state it (the kind test reads no
    such unit); without any figure it is not stated."""
    measured = _ranked(("The Solbit data center has 88.5 PF of computing power.", 0.0),
                       kind="count")
    assert COVERAGE.refine("and how powerful is the data center there?", ANSWER, _signals(),
                           [HIT], measured) is ANSWER
    unmeasured = _ranked(("The Solbit data center opened in the north of the city.", 0.0),
                         kind="count")
    assert COVERAGE.refine("and how powerful is the data center there?", ANSWER, _signals(),
                           [HIT], unmeasured).action == "uncovered"


def test_a_count_of_a_thing_the_counting_sentences_do_not_name_counts_another_thing():
    """"How many staff …?" over a sentence counting guests: a count, of something else. A class
    of things ("how many people") is what the counter says, and a sentence in another language
    is not read for the thing's name."""
    guests = _ranked(("More than 300 people attended the opening of the Solbit library.", 1.0),
                     kind="count")
    out = COVERAGE.refine("how many staff work at the Solbit library?", ANSWER, _signals(),
                          [HIT], guests)
    assert out.action == "uncovered" and out.reason == "the counts stated are of another thing"
    assert COVERAGE.refine("how many people work at the Solbit library?", ANSWER, _signals(),
                           [HIT], guests) is ANSWER
    staff = _ranked(("The Solbit library has 12 staff.", 1.0), kind="count")
    assert COVERAGE.refine("how many staff work at the Solbit library?", ANSWER, _signals(),
                           [HIT], staff) is ANSWER
    korean = _ranked(("솔빛 도서관 개관식에는 300명이 참석했습니다.", 1.0), kind="count")
    assert COVERAGE.refine("how many staff work at the Solbit library?", ANSWER, _signals(),
                           [HIT], korean) is ANSWER
    assert COVERAGE.refine("how many companys moved in?", ANSWER, _signals(), [HIT],
                           _ranked(("Twelve businesses moved in.", 1.0), kind="count")) is ANSWER
    # ... nor is a thing the sentence names as the asker misspelt it
    assert COVERAGE.refine("how many categries does the Solbit library sort books into?",
                           ANSWER, _signals(), [HIT],
                           _ranked(("The Solbit library sorts books into 9 categories.", 1.0),
                                   kind="count")) is ANSWER
