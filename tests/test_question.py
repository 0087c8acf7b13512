"""What a question asks: kind, asking clause, word roles (cases written for this file)."""

import pytest

from assistant.question import (
    analyse,
    kinds_in,
    question_kind,
    retrieval_query,
)

KINDS = [
    ("이 사업 지원 한도가 얼마예요?", "amount"),
    ("How much does the course cost?", "amount"),
    ("교육은 무료인가요?", "amount"),
    ("참가 인원은 몇 명이에요?", "count"),
    ("How many rooms are there?", "count"),
    ("교육 기간은 얼마나 되나요?", "count"),
    ("What share of applicants were selected?", "count"),
    ("마감일이 언제죠?", "date"),
    ("When does registration close?", "date"),
    ("그 규정은 몇 조에 있나요?", "article"),
    ("Which article sets this rule?", "article"),
    ("도서관은 몇 시까지 열어요?", "hours"),
    ("What are the opening hours?", "hours"),
    ("도서관 주말에도 열어요?", "hours"),  # a day of the week asks when it is open
    ("Is the library open on Sundays?", "hours"),
    ("누가 운영해요?", "who"),
    ("Which agency runs it?", "who"),
    ("사무실 위치가 어디예요?", "where"),
    ("In which city is the office?", "where"),
    ("Which building hosts the archive?", "where"),
    ("Which city official opened the library?", "who"),  # a person, not a place
    ("참여 기관은 어디어디예요?", "list"),
    ("What kinds of support are there?", "list"),
    ("등록은 어떻게 해요?", "how"),
    ("How do I register?", "how"),
    ("학생도 쓸 수 있나요?", "yesno"),
    ("Can students join?", "yesno"),
    # a yes/no clause after the asker's condition ("If …, can I …?")
    ("If I finish the course early, can I get a certificate?", "yesno"),
    ("My office is small, so is it okay to book the room for one day?", "yesno"),
    # "몇" and any counter asks a count (the counters of ingest.figures.KO_COUNTERS)
    ("주차장은 몇 군데 있어요?", "count"),
    # how long something takes is a count of time, not a day or a sum of money
    ("회원증 발급까지 며칠 걸려요?", "count"),
    ("승인까지 얼마나 걸리나요?", "count"),
    ("요청하면 며칠 안에 답해 줘야 해요?", "count"),
    ("공고는 며칠에 나와요?", "date"),
    ("회원증은 얼마나 해요?", "amount"),
    # "얼마나" asks a sum with a verb of paying or getting or a money noun; else how many
    ("설명회에 사람이 얼마나 모였어요?", "count"),
    ("도서관 책은 얼마나 자주 바뀌어요?", "count"),
    ("입장료는 얼마나 내요?", "amount"),
    ("장학금 얼마나 받을 수 있어요?", "amount"),
    ("수강하려면 얼마나 들어요?", "amount"),
    ("참가 나이 기준이 몇 살이에요?", "count"),
    ("강좌는 몇 종류예요?", "count"),
    ("교육은 몇 단계로 진행돼요?", "count"),
    ("열람실은 몇 층에 있어요?", "count"),  # a floor is counted too
    ("개인정보가 뭐예요?", "what"),
    ("Tell me about the program.", "what"),
    # "in which case" asks for a condition, not a place
    ("In which cases can a licence be revoked?", "what"),
    ("In which circumstances must the office close?", "what"),
]


@pytest.mark.parametrize("question, kind", KINDS)
def test_question_kind(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("도서관을 운영하는 기관은 어디예요?", "who"),  # a body, not a place
    ("교육 신청은 어디에 문의하나요?", "who"),
    ("참여한 학교들은 어디어디예요?", "list"),
    ("도서관 주소가 어디예요?", "where"),
    ("학생들이 책을 어디서 빌리는지 궁금해요", "where"),  # an object, then where: a place
    ("협력 업체는 어디서 찾나요?", "where"),  # where to find one: a place
    ("협력 업체는 어디예요?", "who"),  # which one it is: a body
])
def test_where_asks_for_a_place_unless_it_asks_for_a_body_or_a_list(question, kind):
    kinds = kinds_in(question)
    assert kind in kinds
    assert kind == "where" or "where" not in kinds


def test_how_questions_with_can_are_not_yes_no():
    assert "yesno" not in kinds_in("How can I register for the course?")
    assert question_kind("몇 시까지 해요?") == "hours"
    assert question_kind("몇 년에 만들어졌어요?") == "date"


def test_a_multi_part_question_has_every_kind_and_its_parts():
    assert {"amount", "how"} <= set(kinds_in("지원 금액과 신청 방법을 알려주세요"))
    assert analyse("지원 금액과 신청 방법을 알려주세요").parts == 2
    assert analyse("How much is it and when is the deadline?").parts == 2
    assert analyse("도서관은 어디에 있어요?").parts == 1


def roles(question):
    return {w.form: w.role for w in analyse(question).words}


@pytest.mark.parametrize("question, word, role", [
    # the asker's situation, before a background connective, is context
    # ... and a last sentence about the asker's plan asks nothing ("연도별로": no date asked)
    ("2024년 바우처는 몇 개 뽑았어요? 연도별로 비교해 보려고요", "연도", "context"),
    ("2024년 바우처는 몇 개 뽑았어요? 연도별로 비교해 보려고요", "바우처", "focus"),
    ("저희는 부산에 있는 작은 회사인데요, 교육 프로그램 신청 자격이 뭐예요?", "부산", "context"),
    ("저희는 부산에 있는 작은 회사인데요, 교육 프로그램 신청 자격이 뭐예요?", "회사", "context"),
    ("저희는 부산에 있는 작은 회사인데요, 교육 프로그램 신청 자격이 뭐예요?", "프로그램", "focus"),
    ("동생한테 알려주려고 하는데 강좌 일정이 언제예요?", "동생", "context"),
    # 는데 written without a space before the next word, which Kiwi reads as 는 + the noun 데
    ("작은 카페를 운영하는데 회의실 대관 요금이 얼마예요?", "카페", "context"),
    ("작은 카페를 운영하는데 회의실 대관 요금이 얼마예요?", "회의실", "focus"),
    # ... but the noun 데 after a space, or before a particle, ends nothing
    ("회의실 가는 데 시간이 얼마나 걸려요?", "회의실", "focus"),
    ("강의실 쓰는 데에 제한이 있나요?", "강의실", "focus"),
    # a companion or a place with an adverbial particle is an adjunct
    ("친구랑 같이 회의실 써도 돼요?", "친구", "adjunct"),
    ("친구랑 같이 회의실 써도 돼요?", "회의실", "focus"),
    ("어머니께 강좌 일정을 물어보면 돼요?", "어머니", "adjunct"),
    # a noun the suffix 적 makes a modifier says how, not what: "대략적인 금액", "정상적인 업체"
    ("대략적인 금액이 얼마예요?", "대략", "adjunct"),
    ("정상적인 공급기업인지 어떻게 확인해요?", "정상", "adjunct"),
    ("정상적인 공급기업인지 어떻게 확인해요?", "공급", "focus"),
    ("구체적으로 강좌 일정이 언제예요?", "구체", "adjunct"),
    # question words are the kind, not the topic ... and so is a word for what a name stands
    # for: the documents never say "약자", they write the name out
    ("협회 이름의 KDB가 뭐의 약자예요?", "약자", "kind"),
    ("What does KDB stand for?", "stand", "kind"),
    ("회의실 위치가 어디예요?", "위치", "kind"),
    # English: a sentence about the asker is context; a place after "in" is an adjunct
    ("We are a small shop in Daegu. Can we join the training?", "daegu", "context"),
    ("We are a small shop in Daegu. Can we join the training?", "training", "focus"),
    ("Can a company in Busan join the training?", "busan", "adjunct"),
    ("I'm asking for my mother - who can use the library?", "mother", "context"),
    ("I'm asking for my mother - who can use the library?", "library", "focus"),
    # an example given of what is asked about is not what is asked about
    ("데이터에 기사 같은 저작물이 섞여 있으면 어떤 법을 따라요?", "기사", "adjunct"),
    ("데이터에 기사 같은 저작물이 섞여 있으면 어떤 법을 따라요?", "저작물", "focus"),
    ("노트북 등의 장비도 살 수 있어요?", "노트북", "adjunct"),
    ("노트북 등의 장비도 살 수 있어요?", "장비", "focus"),
    ("Can we spend it on things such as laptops or servers?", "laptop", "adjunct"),
    ("Can we spend it on things such as laptops or servers?", "spend", "focus"),
    ("What does the reading room look like?", "reading", "focus"),
])
def test_word_roles(question, word, role):
    assert roles(question).get(word) == role


@pytest.mark.parametrize("question, word, role", [
    # every question of a turn is asked, not only the last one
    ("주말에 놀러 가려는데 날씨 어떨까요? 비 소식 있나요?", "날씨", "focus"),
    ("주말에 놀러 가려는데 날씨 어떨까요? 비 소식 있나요?", "소식", "focus"),
    ("Is the library open? Where is the lecture room?", "library", "focus"),
    # a sentence about the asker's plan (…려고요, …던데) asks nothing, even when it comes last
    ("자격증 시험 일정 좀 알려주세요. 캠퍼스 가기 전에 따 두려고요", "시험", "focus"),
    ("자격증 시험 일정 좀 알려주세요. 캠퍼스 가기 전에 따 두려고요", "캠퍼스", "context"),
    ("사촌이 강좌 얘기를 하던데 수강료 내야 되나요?", "사촌", "context"),
    # ... also in reported speech: "…준다는데", "…된다던데"
    ("업체가 수강료를 깎아 준다는데 이거 받아도 문제 없어요?", "수강료", "context"),
    ("강좌가 무료라던데 교재는 사야 하나요?", "강좌", "context"),
    ("강좌가 무료라던데 교재는 사야 하나요?", "교재", "focus"),
    # a final ending ends a sentence without a full stop: what it said is the asker's story
    ("서버에 접속한 흔적이 있는 것 같아요ㅠㅠ 회원들한테 몇 시간 안에 알려야 하나요?", "흔적",
     "context"),
    ("서버에 접속한 흔적이 있는 것 같아요ㅠㅠ 회원들한테 몇 시간 안에 알려야 하나요?", "회원",
     "focus"),
    # a question ending asks without a question mark ("…되는 건가", "있을까")
    ("회원들은 얼마까지 청구할 수 있어요? 손해액 입증은 안 해도 되는 건가", "입증", "focus"),
    # a request after a question is asked too
    ("DNA는 뭔 약자예요? 센터가 추진하는 계획도 알려주세요", "계획", "focus"),
    ("DNA는 뭔 약자예요? 센터가 추진하는 계획도 알려 줘", "계획", "focus"),
    # the figure asked by a bare clause is the one the clause before it names
    ("강좌 수 차이 크다던데 각각 몇 개였어요?", "차이", "kind"),
])
def test_every_question_of_a_turn_is_asked_and_a_plan_is_not(question, word, role):
    assert roles(question).get(word) == role


def test_a_question_asked_inside_a_statement_is_asked():
    # "I'd like to know how much …" asks, although its sentence has no question mark
    asked = analyse("We may move to Daegu. I'd like to know how much the course costs - is it "
                    "worth it?")
    assert asked.kind == "amount" and roles(asked.text)["course"] == "focus"
    assert analyse("Tell me when the library opens.").kind == "date"


def test_one_syllable_nouns_written_as_one_word_are_one_compound():
    words = [w for w in analyse("강의실 근처에 물회집 있어요?").words if w.joined]
    assert [(w.form, w.role) for w in words] == [("물회집", "focus")]
    assert not [w for w in analyse("강의실은 몇 층이에요?").words if w.joined]


@pytest.mark.parametrize("question, name", [
    ("K-DATA는 언제 생겼어요?", "k-data"),
    ("COVID-19 때문에 일정이 바뀌었나요?", "covid-19"),
    ("AI-Hub 데이터도 쓸 수 있어요?", "ai-hub"),
])
def test_a_hyphenated_latin_name_in_a_korean_question_is_one_word(question, name):
    forms = [w.form for w in analyse(question).words]
    assert name in forms and "data" not in forms and "covid" not in forms


def test_a_hyphen_before_a_korean_word_joins_nothing():
    assert "나라도움" in [w.form for w in analyse("e-나라도움 써야 해요?").words]


@pytest.mark.parametrize("question, word", [
    ("회원증이랑 이용권 차이가 뭐예요?", "차이"),
    ("What is the difference between a pass and a card?", "difference"),
])
def test_a_comparison_word_asks_and_is_not_a_topic(question, word):
    assert roles(question)[word] == "kind"


@pytest.mark.parametrize("question", ["혹시 좀 알려주실 수 있나요 감사합니다",
                                      "Hi, quick question please",
                                      # time relative to the asker is never the topic
                                      "작년 말고 올해 요즘", "내년에도 지난달처럼"])
def test_filler_and_politeness_are_never_focus(question):
    assert analyse(question).terms("focus") == []


def test_entities_are_names_and_attributes_the_rest():
    asked = analyse("What is Daegu Library's annual budget?")
    assert asked.entities == ["daegu", "library"] and asked.attributes == ["annual"]
    asked = analyse("서울도서관 관장 임기는 언제까지예요?")
    assert "관장" in asked.attributes and "임기" in asked.attributes


def test_retrieval_query_adds_the_plain_word_of_an_honorific_noun():
    assert retrieval_query(analyse("관장님 성함이 어떻게 되세요?")).endswith("이름")
    assert retrieval_query(analyse("할머니 연세가 많으신데 참가할 수 있나요?")).endswith("나이")


def test_retrieval_query_adds_the_noun_a_question_word_asks_for():
    assert "시간" in retrieval_query(analyse("도서관은 몇 시까지 열어요?"))
    assert retrieval_query(analyse("What is it?")) == "What is it?"


@pytest.mark.parametrize(("question", "asks", "kind", "focus_word"), [
    # the asking clause names nothing: its kind is yes/no, its topic is the clause before it
    ("업체가 지원금 일부를 돌려주겠다고 하는데 괜찮은 건가요?", "괜찮은 건가요?", "yesno",
     "지원금"),
    ("저희는 울산에 있는 스타트업인데 바우처 금액은 얼마예요?", "바우처 금액은 얼마예요?", "amount",
     "바우처"),
    ("돈 내야 돼요?", "돈 내야 돼요?", "amount", None),
    ("Our budget is small. Is the training free?", "Is the training free?", "amount", "training"),
])
def test_the_asking_clause_gives_the_kind_and_a_bare_one_asks_about_the_clause_before(
        question, asks, kind, focus_word):
    asked = analyse(question)
    assert asked.asks == asks and asked.kind == kind
    if focus_word:
        assert roles(question)[focus_word] == "focus"


@pytest.mark.parametrize("question", ["그래요? 정말요?", "어떻게 해요? 괜찮은가요?",
                                      "괜찮은데 되나요?", "음 그러니까 되는 건가요? 아닌가요?"])
def test_questions_that_name_nothing_are_analysed_whole(question):
    asked = analyse(question)  # several clauses, no noun: this raised ValueError before
    assert asked.focus_text == question and asked.words == ()


def test_every_english_sentence_that_asks_is_the_focus():
    asked = analyse("We run a small cafe. Can I use the grant for rent? Is there a list of costs?")
    assert asked.focus_text == "Can I use the grant for rent? Is there a list of costs?"
    assert {"grant", "rent"} <= set(asked.terms("focus")) and "cost" in asked.terms("kind")
    assert "cafe" in asked.terms("context")


@pytest.mark.parametrize("question, verb", [
    ("Could you describe the safe zone? Please explain how entry works.", "explain"),
    ("Can you please show the room rules?", "show"),
    ("Tell the fee for the course.", "tell"),
])
def test_a_verb_of_telling_addressed_to_the_assistant_names_no_topic(question, verb):
    """As "설명해 주세요": the verb asks for the answer itself, so the documents need not use it."""
    assert verb not in {w.form for w in analyse(question).words}


def test_a_verb_of_telling_elsewhere_is_still_a_word_of_the_question():
    # not addressed to the assistant: whatever the word, it stays a word of the question
    assert roles("Which rules state the fee?")["state"] == "focus"


def test_a_request_that_names_nothing_asks_about_the_sentence_before():
    asked = analyse("Our intern read about the data safe zone. Can you explain it simply?")
    assert asked.focus_text == ("Our intern read about the data safe zone. "
                                "Can you explain it simply?")
    assert {"safe", "zone"} <= set(asked.terms("focus")) and "explain" not in asked.terms("focus")
    asked = analyse("We run a cafe. Our intern read about the data safe zone. Can you explain it?")
    assert "zone" in asked.terms("focus") and "cafe" in asked.terms("context")
    # ... and so does one that asks about "that", whatever else it says
    asked = analyse("Our intern read about the data safe zone. Could you explain that in plain "
                    "words?")
    assert {"safe", "zone"} <= set(asked.terms("focus"))
    # a request that names its topic keeps the sentence before as context
    asked = analyse("Our intern read a report. Can you explain the data voucher?")
    assert "report" in asked.terms("context") and "voucher" in asked.terms("focus")


@pytest.mark.parametrize("question, kind, focus", [
    # the kind is the asking sentence's own ("Is that okay?": yes or no) ...
    ("A supplier offered us a rebate on the fee. Is that okay?", "yesno", "rebate"),
    # ... unless it only asks the assistant to tell: then the question it tells about gives it
    ("A visitor asked who manages the lounge. Please explain.", "who", "lounge"),
])
def test_the_kind_of_a_question_asked_about_the_sentence_before(question, kind, focus):
    asked = analyse(question)
    assert asked.kind == kind and roles(question)[focus] == "focus"


@pytest.mark.parametrize("question, who, what", [
    ("A neighbour keeps asking what a data safe zone is", "neighbour", "zone"),
    ("My manager asked whether the lounge opens on Sundays", "manager", "lounge"),
])
def test_who_reports_a_question_is_not_what_it_asks(question, who, what):
    asked = roles(question)
    assert asked[what] == "focus" and asked[who] != "focus"


@pytest.mark.parametrize(("question", "quoted", "noun"), [
    ("'원스톱 지원'이라는 표현을 홍보물에 써도 되나요?", "지원", "표현"),
    ("데이터바우처라는 사업이 아직 있어요?", "데이터바우처", "사업"),
    ("마이데이터라는 용어는 언제 처음 나왔어요?", "데이터", "용어"),
])
def test_the_noun_after_a_quotative_is_no_focus_of_its_own(question, quoted, noun):
    """"X라는 표현": the noun names what the quoted words are; X is what is asked about, so an
    unknown noun there ("표현") does not refuse the question."""
    roles = {w.form: w.role for w in analyse(question).words}
    assert roles[noun] == "adjunct" and roles.get(quoted, roles.get(quoted.lower())) == "focus"


@pytest.mark.parametrize("question, charge", [
    ("혹시 그 강좌 들으려면 수강료를 따로 내야 하나요?", "수강료"),
    ("입장료도 내야 돼요?", "입장료"),
])
def test_the_charge_a_question_asks_whether_to_pay_is_what_is_asked_not_a_topic(question, charge):
    """A cost noun before a paying verb asks an amount; it is no topic word a corpus must use
    (the documents may say "무료로 운영" without ever writing 수강료)."""
    assert analyse(question).kind == "amount" and roles(question)[charge] == "kind"


@pytest.mark.parametrize("question, entities", [
    # an adjective of nationality or language qualifies a noun: it names nothing asked about
    ("Under Korean law, can we use pseudonymised data?", []),
    ("Does a Canadian subsidiary need consent?", []),
    ("Is the answer given in Japanese?", []),
    # ... but a name stays a name, also when it ends the same way
    ("Does the European Union rule apply?", ["european", "union"]),
    ("What does the Busan center charge?", ["busan"]),
    ("Is the Data Store free?", ["data", "store"]),
])
def test_a_nationality_adjective_is_no_entity(question, entities):
    assert analyse(question).entities == entities
