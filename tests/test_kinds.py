"""`assistant.kinds`: an English "when"/"where" that joins a clause is not the fact asked
(cases written for this file; the kinds themselves are tested in tests/test_question.py)."""

import pytest

from assistant.kinds import (
    asks_degree,
    asks_origin,
    kind_words,
    kinds_in,
    question_kind,
    without_conjunctions,
)


@pytest.mark.parametrize(("question", "kind"), [
    ("What was the library called when it opened?", "what"),  # "when" joins a clause
    ("Who runs the course when the teacher is away?", "who"),
    ("Can I bring my laptop when I visit?", "yesno"),
    ("Is there a room where students can meet?", "yesno"),  # a relative "where"
    ("When does the library open?", "date"),  # at the head of its clause it asks
    ("Does the notice say when the course starts?", "date"),  # after a verb that asks
    ("Can you tell me where the office is?", "where"),
    ("Is the course open to all, and when does it start?", "date"),  # head of 2nd clause
    ("도서관은 언제 열어요?", "date"),  # Korean text is left as it is
])
def test_a_joining_when_or_where_is_not_asked(question, kind):
    assert question_kind(question) == kind


def test_without_conjunctions_blanks_only_the_joining_word():
    assert without_conjunctions("What was it called when it began?") == (
        "What was it called ____ it began?")
    assert without_conjunctions("When did it begin?") == "When did it begin?"
    assert "date" in kinds_in("How much was it, and when was it paid?")


@pytest.mark.parametrize(("question", "kind"), [
    ("Is there a library day? Which date is it?", "date"),
    ("On which day does the library close?", "date"),
    ("How quickly must a late book be returned?", "count"),  # a time span
    ("How soon can I borrow again?", "count"),
    ("Which book is the oldest?", "what"),
    ("the library opened in which yr?", "date"),  # not a place: "in which" a year
    ("In which month does the course start?", "date"),
    ("In which district is the library?", "where"),
    ("library reopening date?", "date"),  # a terse question names the date it asks, as 날짜
])
def test_a_date_or_a_time_span_is_asked_in_other_words_too(question, kind):
    assert question_kind(question) == kind


def test_an_up_to_date_count_asks_no_date():
    assert "date" not in kinds_in("How many books so far, to date?")
    assert "date" not in kinds_in("Is the catalogue up to date?")


def test_a_unit_of_time_after_how_many_is_part_of_the_question_word():
    """"how many days" asks a count as "며칠" does: "days" is not a word the documents must use
    (an English question over Korean statutes would look out of scope), "seats" still is."""
    assert {"how", "many", "days"} <= kind_words("How many days does the review take?")
    assert "seats" not in kind_words("How many seats does the room have?")


@pytest.mark.parametrize(("question", "kinds"), [
    ("What percentage did companies have to co-pay?", ["count", "what"]),  # not "pay": a share
    ("자부담 비율은 몇 %예요?", ["count"]),
    ("What share of the budget went to AI?", ["count", "what"]),
    ("예산은 얼마예요?", ["amount"]),
    ("How much do we pay?", ["amount"]),
])
def test_a_question_for_a_share_asks_no_sum_of_money(question, kinds):
    assert kinds_in(question) == kinds
    # ... and its one kind says the same: "회원 비중은 얼마였어요?" is no sum either
    assert (question_kind(question) == "amount") is ("amount" in kinds)


def test_how_much_of_a_share_is_no_sum_of_money():
    assert question_kind("회원 비중은 얼마였어요?") != "amount"
    assert kinds_in("회원 비중은 얼마였어요?") == []


@pytest.mark.parametrize(("question", "asked", "not_asked"), [
    ("Which floor of the library is the reading room on?", "count", "where"),
    ("What floor is the lecture hall on?", "count", "where"),
    ("Which building is the lecture hall in?", "where", "count"),  # a building is a place
])
def test_which_floor_asks_a_number_as_a_korean_counter_does(question, asked, not_asked):
    kinds = kinds_in(question)
    assert asked in kinds and not_asked not in kinds


@pytest.mark.parametrize(("question", "kind"), [
    ("What's the fine for a member who leaves early?", "what"),  # a relative "who"
    ("Can anyone who lives nearby join the course?", "yesno"),
    ("Who teaches the course?", "who"),  # at the head of its clause it asks
    ("Can you tell me who teaches the course?", "who"),  # after a verb that asks
    ("I read the notice, and who teaches it?", "who"),  # head of the 2nd clause
])
def test_a_relative_who_is_not_asked(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(("question", "kind"), [
    ("When a member leaves the club, what happens to the books?", "what"),  # a condition
    ("When I visit, can I bring a laptop?", "yesno"),
    ("Where a book is lost, who pays for it?", "who"),
    ("When does the library open, and is it near?", "date"),  # "When does": it asks
    ("Where is the library, and is it near?", "where"),
    ("when library open sunday?", "hours"),  # no comma: a terse question, not a condition
])
def test_a_when_or_where_clause_before_a_comma_is_the_condition_of_the_question(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize("question, asks_amount", [
    ("혹시 교육비 따로 내야 되나요?", True),  # paying a charge asks whether and how much
    ("수수료를 내나요?", True),
    ("등록금도 납부해야 하나요?", True),
    ("신청서를 내야 하나요?", False),  # handing in a form is no payment
    ("서류는 언제까지 내요?", False),
])
def test_paying_a_charge_asks_an_amount(question, asks_amount):
    assert ("amount" in kinds_in(question)) is asks_amount


@pytest.mark.parametrize("question, origin", [
    ("그 협회는 처음에 언제, 무슨 이름으로 생겼어요?", True),
    ("협회 원래 이름 뭐였음", True),
    ("What was the club originally called?", True),
    ("When was the club first founded?", True),
    ("협회는 언제 이름을 바꿨어요?", False),
    ("What is the first step of the application?", False),
])
def test_a_question_how_something_began(question, origin):
    assert asks_origin(question) is origin


@pytest.mark.parametrize("question, kinds", [
    ("How big can the fine get?", ["amount"]),
    ("How high is the membership fee?", ["amount"]),
    ("Is it calculated as a % of revenue?", ["count", "yesno"]),  # a share, not a sum
])
def test_how_big_asks_an_amount_and_a_percent_sign_a_share(question, kinds):
    assert kinds_in(question) == kinds


@pytest.mark.parametrize("question, kind", [
    ("경쟁률은 어느 정도였어요?", "count"),  # "어느 정도" asks how much, as "얼마나" does
    ("비용이 어느정도 드나요?", "count"),
    ("어느 기관이 운영해요?", "who"),  # "어느" alone is "which"
])
def test_how_much_in_other_words(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(("question", "kind"), [
    ("and how competitive was it?", "count"),  # how + adjective: a degree, stated by a figure
    ("How popular is the reading course?", "count"),
    ("How old is the librarian?", "count"),  # an age is a number
    ("사서님 나이가 몇 살이에요?", "count"),
    ("How do I borrow a book?", "how"),  # not an adjective
    ("How much is the fee?", "amount"),
])
def test_how_with_an_adjective_or_an_age_asks_a_figure(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(("question", "counts"), [
    ("도서관 예산이랑 좌석 수가 각각 어떻게 돼요?", True),  # 수 after a noun: the number of
    ("회원 수는요?", True),
    ("등록 기업 수 알려줘", True),
    ("책을 빌릴 수가 없나요?", False),  # after a modifier in ㄹ: "can"
    ("주말에도 이용할 수 있나요?", False),
    ("수업은 언제예요?", False),  # a word that begins with 수
])
def test_the_noun_for_number_after_a_noun_asks_a_count(question, counts):
    assert ("count" in kinds_in(question)) is counts


@pytest.mark.parametrize(("question", "kinds"), [
    ("임기는 몇 년이에요?", ["count"]),  # how many years
    ("몇 년마다 바뀌어요?", ["count"]),
    ("계획은 몇 년에 한 번 세워요?", ["count"]),  # how often
    ("점검은 몇 달에 한 번 해요?", ["count"]),
    ("How often is the plan made?", ["count"]),
    ("센터는 몇 년 동안 지원받아요?", ["count"]),
    ("몇 년에 설립됐어요?", ["date"]),  # which year
    ("몇 년도에 생겼어요?", ["date"]),
    ("몇 년생부터 청년이에요?", ["date"]),
])
def test_how_many_years_is_a_count_and_which_year_a_date(question, kinds):
    assert kinds_in(question) == kinds


@pytest.mark.parametrize(("question", "kind"), [
    # a noun for money is what a question word of another kind asks about
    ("공급기업에 돈을 언제 주는 방식이에요?", "date"),
    ("When is the fee due?", "date"),
    ("참가비는 어디에 내요?", "where"),
    # "어디까지" asks how far, not where
    ("클러스터는 지금 어디까지 진행됐어요?", "what"),
    ("클러스터는 지금 어디에 있어요?", "where"),
    # "어느 도시에 …?" asks a place as "which city" does, unless the place names whose
    ("본사는 어느 도시에 있어요?", "where"),
    ("어느 지역 기업이 신청할 수 있어요?", "yesno"),
    # ... and asks the amount itself without one, or with "얼마" / "how much"
    ("예산이 얼마예요?", "amount"),
    ("What is the budget?", "amount"),
    ("지원금은 언제 들어와요? 얼마예요?", "amount"),
    # "얼마 동안" asks how long, not how much
    ("교육은 얼마 동안 해요?", "count"),
    ("얼마나 오래 걸려요?", "count"),
    # a % sign after no figure asks a share ("the self-funding % for 2020"); a figure's not
    ("what was the self-funding % for the 2020 voucher?", "count"),
    ("자부담 %는 얼마예요?", "count"),
    ("Is there a 10% discount?", "yesno"),
    # which law asks a statute, as which article does ...
    ("Which law applies to the misuse of data assets?", "article"),
    ("데이터산업법 말고 어떤 법을 따라야 하나요?", "article"),
    ("무슨 법률이에요?", "article"),
    # ... not 법적 (legal), 법인 (a corporation), 방법 (a way)
    ("어떤 법적 근거가 있어요?", "what"),
    ("어떤 법인이 신청해요?", "what"),
    ("어떤 방법이 있나요?", "how"),
    # a name may come between "which" and "article"
    ("Which PIPA article gives people the right to have their data transmitted?", "article"),
    ("What decree provision sets the fee?", "article"),
    ("What section covers it?", "article"),
    # 몇 before any unit asks how many of it, not only before a known counter ...
    ("그 단지 전체 면적은 몇 제곱미터예요?", "count"),
    ("강의실은 몇 평이에요?", "count"),
    # ... but a month, a year of the calendar or an hour is asked as such
    ("몇 월에 해요?", "date"),
    ("몇 년도에 시작했어요?", "date"),
    ("몇 시까지 해요?", "hours"),
    # what a name stands for is asked by a word for it, not by a topic the documents must hold
    ("KDB가 무슨 약자예요?", "what"),
    ("What does KDB stand for?", "what"),
])
def test_the_kind_a_question_word_asks_in_context(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(("question", "kinds"), [
    # a rate asked by 얼마 / 몇 is a share, not a sum of money
    ("취업률은 얼마나 돼요?", ["count", "yesno"]),
    ("경쟁률이 몇이에요?", ["count"]),
    # ... a law (법률) is no rate, and a budget is money
    ("법률은 몇 개예요?", ["count"]),
    ("예산이 얼마예요?", ["amount"]),
])
def test_a_rate_asked_by_how_much_is_a_share(question, kinds):
    assert kinds_in(question) == kinds
    assert question_kind(question) == kinds[0]


@pytest.mark.parametrize("question, degree", [
    ("and how powerful is the data center there?", True),  # how + adjective
    ("How competitive was the 2023 round?", True),
    ("그 단지 면적은 몇 제곱미터예요?", True),  # a unit no counter names
    ("도서관은 몇 평이에요?", True),
    ("도서관 좌석은 몇 개예요?", False),  # a counter: what is counted
    ("몇 명이 와요?", False),
    ("몇 개월 걸려요?", False),
    ("how many companies moved in?", False),
    ("How much is the fee?", False),
])
def test_a_degree_or_a_measure_asked(question, degree):
    assert asks_degree(question) == degree


@pytest.mark.parametrize(("question", "words"), [
    ("2019 voucher - max per voucher?", {"max"}),
    ("What is the maximum fee?", {"maximum"}),
    ("회비는 최대 얼마예요?", {"최대"}),
    ("How many people at least?", {"at", "least"}),
])
def test_the_bound_a_question_asks_is_a_question_word(question, words):
    """"max" asks the upper limit of a figure, as "how much" asks the figure: a question word,
    not a word the documents must use (they write "최대", "up to")."""
    assert words <= kind_words(question)


@pytest.mark.parametrize(("question", "expected"), [
    ("whats a 'demand company' in the voucher programme", True),
    ("What is a reading room?", True),
    ("What does pseudonymisation mean?", True),
    ("열람실이 뭐예요?", True),
    ("가명정보란 무엇인가요?", True),
    ("데이터 청년 캠퍼스는 뭔가요?", True),
    # what a thing does
    ("센터 분석실은 정확히 뭐하는 방이에여? 그냥 독서실 같은건지", True),
    ("인력양성 일자리연계 서비스는 구체적으로 뭘 해주는거임?", True),
    ("What does K-DATA actually do?", True),
    ("신청하면 뭐하는 거예요?", False),
    ("How do I book a reading room?", False),
    ("열람실은 몇 시까지 열어요?", False),
    ("What is the reading room's fee, and who runs it?", False),
])
def test_a_question_for_what_a_thing_is(question, expected):
    from assistant.kinds import asks_definition

    assert asks_definition(question) is expected
