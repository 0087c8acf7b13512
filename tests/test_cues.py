"""Answer-type cues: does a sentence hold the kind of fact asked, and is it about the named year.

Hand-written sentences and questions (not golden items), one table per rule.
"""

import pytest

from assistant.compose.cues import (
    OTHER_UNIT,
    TESTABLE,
    asks_money,
    counts_other,
    kind_fit,
    part_fit,
    states_figure,
    year_bonus,
)
from assistant.compose.sentences import Sentence


@pytest.mark.parametrize("text, fit", [
    ("지원 한도는 최대 3,000만 원입니다.", 1.0),
    ("참가비는 2만원입니다.", 1.0),
    ("The cap is 50 million KRW per company.", 1.0),
    ("The fee is KRW 20,000.", 1.0),
    ("총 120명을 선발합니다.", 0.5),  # a figure, but not money
    ("제12조제3항에 따라 신청한다.", 0.0),  # statute references are not figures
    ("② 위원회는 심의한다.", 0.0),
    ("2024년에 시작했습니다.", 0.0),  # a year is not a figure
    ("센터는 분석실을 운영합니다.", 0.0),
])
def test_amount(text, fit):
    assert kind_fit("amount", text) == fit


@pytest.mark.parametrize("text, question, fit", [
    # whether one pays: "free" or a charge answers it, a count of people does not
    ("이 강좌는 무료로 운영됩니다.", "수업 들으려면 돈 내야 해요?", 1.0),
    ("수강료는 5만 원입니다.", "수업 들으려면 돈 내야 해요?", 1.0),
    ("이 강좌에는 40명이 참여합니다.", "수업 들으려면 돈 내야 해요?", 0.0),
    ("The workshop is free of charge.", "Do I have to pay for the workshop?", 1.0),
    ("Forty people joined the workshop.", "Is there a fee for the workshop?", 0.0),
    ("이 강좌는 무료로 운영됩니다.", "지원 한도는 얼마예요?", 0.0),  # not asked: no price cue
    ("이 강좌는 무료로 운영됩니다.", "그 강좌는 얼마 해요?", 1.0),  # "얼마 해요?": what it costs
    ("이 강좌는 무료로 운영됩니다.", "강좌는 얼마나 해요?", 1.0),
])
def test_a_price_question_is_answered_by_free_or_a_charge(text, question, fit):
    assert kind_fit("amount", text, question) == fit


@pytest.mark.parametrize("text, question, fit", [
    ("총 120명을 선발합니다.", "몇 명을 뽑나요?", 1.0),
    ("총 120명을 선발합니다.", "How many people are selected?", 1.0),
    ("모두 35개 기업이 참여했습니다.", "How many people are selected?", OTHER_UNIT),  # another unit
    ("모두 35개 기업이 참여했습니다.", "참여 기업은 몇 곳인가요?", 1.0),  # no unit rule: any count
    ("경쟁률은 7.5 대 1이었습니다.", "경쟁률은 어땠나요?", 1.0),
    ("The share was 12%.", "What was the share of startups?", 1.0),
    ("모두 35개 기업이 참여했습니다.", "What was the share of startups?", OTHER_UNIT),
    ("Three zones were designated.", "How many zones are there?", 1.0),
    ("세 가지 유형이 있습니다.", "유형은 몇 가지인가요?", 1.0),
    ("제5조에 따른다.", "몇 개인가요?", 0.0),
    ("2023년에 열렸습니다.", "몇 개인가요?", 0.0),
    ("센터는 분석실을 운영합니다.", "몇 개인가요?", 0.0),
    # the unit the question names: days and years (a bug in cues._COUNT when these fail)
    ("심사에는 30일이 걸립니다.", "How many days does the review take?", 1.0),
    ("교육은 40시간 이상으로 한다.", "How many hours of training are needed?", 1.0),
    ("경력이 3년 이상일 것", "How many hours of training are needed?", OTHER_UNIT),
    ("접수 기간은 4~5주입니다.", "접수는 몇 주 받아요?", 1.0),
    ("유효기간은 3개월입니다.", "How many months is it valid?", 1.0),
    ("경력이 5년 이상이어야 합니다.", "How many years of experience are needed?", 1.0),
    # an age is counted in 세 / 살 (the counters the question side shares)
    ("대표자가 만 39세 이하인 기업입니다.", "나이 기준이 몇 살이에요?", 1.0),
    ("할당 비율은 30%였습니다.", "나이 기준이 몇 살이에요?", OTHER_UNIT),
    ("The founder must be 39 years old or younger.", "How old can the founder be?", 1.0),
    ("분석실은 두 군데 있습니다.", "몇 군데 있어요?", 0.0),  # no figure: not a count
    ("분석실은 2군데 있습니다.", "몇 군데 있어요?", 1.0),
    # the unit is what "how many" / "number of" counts, not any word of the question
    ("위원은 9명 이내로 구성한다.", "What is the maximum number of members of the board?", 1.0),
    ("회의 7일 전까지 알려야 한다.", "What is the maximum number of members of the board?",
     OTHER_UNIT),
    ("위원의 임기는 2년으로 한다.", "How long is the term of a member of the board?", 1.0),
    ("위원은 9명 이내로 구성한다.", "How long is the term of a member of the board?", OTHER_UNIT),
    ("교육은 10주 동안 진행됩니다.", "교육 기간은 얼마나 돼요?", 1.0),
    ("교육생은 300명입니다.", "교육은 얼마 동안 해요?", OTHER_UNIT),
    # "how quickly / how soon" asks for a time span, not any figure
    ("72시간 이내에 통지해야 한다.", "How quickly must the members be told?", 1.0),
    ("위원은 9명 이내로 구성한다.", "How soon must the members be told?", OTHER_UNIT),
    # a span of time or an age is no count of things, unless the question names that unit
    ("지정의 유효기간은 3년으로 한다.", "지정된 곳이 몇 군데예요?", OTHER_UNIT),
    ("The course ran for 10 weeks.", "How many people took the course?", OTHER_UNIT),
    ("대표자가 만 39세 이하인 기업", "How many companies took part?", OTHER_UNIT),
    ("데이터 안심구역은 지난 2년 동안 12곳이 지정되었다.", "몇 군데예요?", 1.0),
    ("매년 1회 실시한다.", "몇 번 해요?", 1.0),
    # counts of one class answer only that class: things, pages, points, times
    ("발표 자료는 최대 10쪽으로 안내되었습니다.", "올해는 몇 개 기업을 뽑아요?", OTHER_UNIT),
    ("올해는 모두 2,010개가 지원되었습니다.", "올해는 몇 개 기업을 뽑아요?", 1.0),
    ("인증기관은 10명 이상의 전문인력을 갖추어야 합니다.",
     "How many companies hold the certification?", OTHER_UNIT),
    ("Three zones were designated.", "How many zones are there?", 1.0),
    ("세 곳이 지정되었습니다.", "몇 군데예요?", 1.0),
    ("청년기업은 평가에서 1점의 가점을 받았습니다.", "가점은 몇 점이에요?", 1.0),
    ("청년기업은 민간부담금 10% 면제 혜택을 받았습니다.", "가점은 몇 점이에요?", OTHER_UNIT),
    ("교육은 3개월 동안 진행됩니다.", "몇 개월 해요?", 1.0),  # 몇 개월 asks months, not things
])
def test_count_with_the_unit_the_question_names(text, question, fit):
    assert kind_fit("count", text, question) == fit


@pytest.mark.parametrize("kind, text, fit", [
    ("date", "신청 마감은 3월 15일입니다.", 1.0),
    ("date", "The call opens in April 2024.", 1.0),
    ("date", "접수 기한은 공고에 따릅니다.", 1.0),
    ("date", "센터는 분석실을 운영합니다.", 0.0),
    ("hours", "이용 시간은 오전 9시부터 오후 6시까지입니다.", 1.0),
    ("hours", "Open 09:00 to 18:00 on weekdays.", 1.0),
    ("hours", "분석실은 누구나 쓸 수 있습니다.", 0.0),
    ("hours", "교육은 40시간 이상으로 한다.", 0.0),  # a duration is no opening hours
    ("hours", "Training takes 40 hours.", 0.0),
    ("hours", "Opening hours are announced by the library.", 1.0),
    ("article", "제28조의2에 따라 처리할 수 있다.", 1.0),
    ("article", "Article 16 sets the rule.", 1.0),
    ("article", "가명정보는 안전하게 처리한다.", 0.0),
    ("where", "센터는 포항테크노파크 안에 있습니다.", 1.0),
    ("where", "도서관은 시청 옆에 문을 연 공공 기관입니다.", 1.0),  # beside it, opened there
    ("where", "신청은 기간 안에 해야 합니다.", 0.0),  # within a period is no place
    ("where", "The zone is located in Daegu.", 1.0),
    ("where", "센터는 2022년에 개소했습니다.", 0.0),
    ("who", "The library was opened by the deputy mayor, Kim Min-su.", 1.0),  # a person named
    ("who", "개관식에는 최영희 부시장이 참석했습니다.", 1.0),
    ("who", "The library opened in May.", 0.0),
    ("what", "최대 3,000만 원입니다.", 0.0),  # kinds without a test never fit
    # who: a body or an office holder is named
    ("who", "최대 3,000만 원입니다.", 0.0),
    ("who", "이 사업은 한국도서진흥원이 운영합니다.", 1.0),
    ("who", "신고는 문화체육관광부 장관에게 합니다.", 1.0),
    ("who", "The library is run by the City of Pohang.", 1.0),
    ("who", "The program is run by KOICA.", 1.0),
    ("who", "개관식에는 포스텍 총장이 참석했습니다.", 1.0),
    ("count", "1천명 이상의 회원이 등록된 경우", 1.0),  # a magnitude in words before the unit
    ("who", "바우처는 나중에 지급하는 후지급 방식입니다.", 0.0),  # 바우처 does not end in a body
    # "…기관" is a class of body (전문기관, 인증기관), not one named: no answer to "which body"
    ("who", "도서 인증기관은 2023년 7월에 지정되었습니다.", 0.0),
    ("who", "도서 인증기관은 한국도서협회와 KOLAS 두 곳입니다.", 1.0),
    ("who", "The voucher is paid after delivery.", 0.0),
])
def test_other_kinds(kind, text, fit):
    assert kind_fit(kind, text) == fit


@pytest.mark.parametrize("kind, text, fit", [
    # a statute's amendment note dates the text, not the fact the article states
    ("date", "⑦ 장관은 지정한 경우에는 그 사실을 통보해야 한다. <신설 2024.10.16>", 0.0),
    ("date", "② 위원회는 지체 없이 알려야 한다. <개정 2013.3.23, 2020.2.4>", 0.0),
    ("date", "③ 삭제 <2023.3.14>", 0.0),
    ("date", "이 법은 2020년 8월 5일부터 시행한다. <개정 2020.2.4>", 1.0),
    ("count", "② 위원회는 15명 이내의 위원으로 구성한다. <전문개정 2023.3.14>", 1.0),
    ("amount", "과태료는 부과할 수 있다. <개정 2023.3.14>", 0.0),
])
def test_an_amendment_note_is_no_date_or_figure(kind, text, fit):
    assert kind_fit(kind, text) == fit


def test_testable_kinds():
    assert {"amount", "count", "date", "hours", "article", "where", "who"} == TESTABLE


def sentence(text, heading="", years=()):
    return Sentence(text, 0, heading=heading, years=years)


W = 0.3


@pytest.mark.parametrize("wanted, s, bonus", [
    ({2023}, sentence("2023년 예산은 894억 원이었습니다."), W),
    ({2023}, sentence("예산은 894억 원이었습니다.", heading="2023년 사업 규모"), W),
    ({2023}, sentence("예산은 894억 원이었습니다.", years=(2023,)), 0.7 * W),  # its document's year
    ({2022, 2023}, sentence("예산은 894억 원이었습니다.", years=(2023,)), 0.7 * W),
    ({2023}, sentence("2022년 예산은 1,241억 원이었습니다."), -W),
    ({2023}, sentence("예산은 1,241억 원이었습니다.", years=(2022,)), -W),
    ({2023}, sentence("2022년 예산은 1,241억 원이었습니다.", years=(2023,)), -W),  # says another
    ({2023}, sentence("센터는 분석실을 운영합니다."), -W / 3),  # about no year
    (set(), sentence("2022년 예산은 1,241억 원이었습니다."), 0.0),  # no year asked
])
def test_year_bonus(wanted, s, bonus):
    assert year_bonus(wanted, s, W) == pytest.approx(bonus)


@pytest.mark.parametrize("text, question, fit", [
    # "언제부터" / "since when" wants the start, "언제까지" / "by when" the end
    ("새 제도는 2027년 8월부터 시행됩니다.", "새 제도 언제부터 시행돼요?", 1.0),
    ("새 제도는 2027년 2월 10일 의결되었습니다.", "새 제도 언제부터 시행돼요?", 0.5),
    ("The rule applies from March 2027.", "Since when does the rule apply?", 1.0),
    ("The rule was passed on 3 March 2027.", "Since when does the rule apply?", 0.5),
    ("계획은 매년 6월 30일까지 제출한다.", "계획은 언제까지 내야 하나요?", 1.0),
    ("계획은 2027년 1월에 처음 수립되었다.", "계획은 언제까지 내야 하나요?", 0.5),
    ("Plans are due by 30 June each year.", "By when is the plan due?", 1.0),
    ("계획은 2027년 1월에 처음 수립되었다.", "계획은 언제 수립됐어요?", 1.0),  # no bound asked
    ("계획은 매년 수립한다.", "계획은 언제까지 내야 하나요?", 0.0),  # no date at all
])
def test_date_with_the_bound_the_question_asks(text, question, fit):
    assert kind_fit("date", text, question) == fit


@pytest.mark.parametrize("text, fit", [
    ("The agency was founded in 1993.", 1.0),  # the first part's date: no bound
    ("It has run the store since 2012.", 1.0),  # the second part's: from a date
    ("The store opened on 3 May 2012.", 1.0),  # a date, and the first part takes any
])
def test_each_part_of_a_question_tests_its_own_kind(text, fit):
    question = "When was it founded, and since when has it run the store?"
    parts = ("When was it founded", "since when has it run the store?")
    assert part_fit("date", text, parts, question) == fit


def test_a_bound_of_the_only_part_that_asks_a_kind_still_applies():
    question = "What does it cost, and since when is it open?"
    parts = ("What does it cost", "since when is it open?")
    assert part_fit("date", "It opened on 3 May 2012.", parts, question) == 0.5
    assert part_fit("date", "It is open from May 2012.", parts, question) == 1.0
    assert part_fit("date", "It opened on 3 May 2012.", (), "When did it open?") == 1.0


@pytest.mark.parametrize("text, question, fits", [
    # the year the question names is its own word, not the date it asks
    ("2026년 접수 기간은 4~5주 정도로 안내되었습니다.", "When does the 2026 call come out?", 0.0),
    ("2026년 공고는 1월 말에서 2월 초 사이에 나옵니다.", "When does the 2026 call come out?", 1.0),
    ("23년 선정 규모는 2,010개입니다.", "23년 공고는 언제 나왔어요?", 0.0),
    ("2023년 공고는 2023년 1월에 나왔습니다.", "23년 공고는 언제 나왔어요?", 1.0),
    # another year is a date
    ("센터는 2022년에 문을 열었습니다.", "When did the center open?", 1.0),
    ("센터는 2022년에 문을 열었습니다.", "2023년에 문을 열었나요, 언제죠?", 1.0),
])
def test_the_year_a_question_names_is_not_the_date_it_asks(text, question, fits):
    assert kind_fit("date", text, question) == fits


@pytest.mark.parametrize("text, fits", [
    ("광주 인공지능 산업융합 집적단지는 광주 첨단3지구에 조성됩니다.", 1.0),
    ("센터는 포항인공지능연구원 안에 있습니다.", 1.0),
    ("The complex is being built in Cheomdan 3 District.", 1.0),
    ("집적단지는 2021년 11월 22일 착공했습니다.", 0.0),  # when, not where
    ("The complex was announced in 2020.", 0.0),
])
def test_where_something_is_built_is_a_place(text, fits):
    assert kind_fit("where", text, "Where is it?") == fits


@pytest.mark.parametrize("text, fits", [
    ("The reading room is on the 3rd floor.", 1.0),
    ("열람실은 3층에 있습니다.", 1.0),
    ("The reading room is inside the main library.", 0.0),  # a building, no floor
    ("The library has 12 rooms.", OTHER_UNIT),  # a figure, not a floor
])
def test_which_floor_is_answered_by_a_floor(text, fits):
    assert kind_fit("count", text, "Which floor is the reading room on?") == fits


@pytest.mark.parametrize("question, text, fits", [
    # where to look, apply or register: the platform or channel named for it answers
    ("전자책 목록은 어디서 찾아요?", "전자책 목록은 도서관 누리집에서 검색할 수 있습니다.", 1.0),
    ("참가 신청서는 어디서 받아요?", "참가 신청서는 행사 누리집에서 받습니다.", 1.0),
    ("Where do I register for the marathon?", "Runners register on the City Sports portal.", 1.0),
    ("Where can I check my score?", "Scores are published on the exam board's website.", 1.0),
    ("Where can I check my score?", "Scores are sent by post.", 0.0),
    # a sentence that says it is not stated there answers no where-question
    ("전자책 목록은 어디서 찾아요?", "전자책 목록은 이 안내서에서 확인되지 않았습니다.", 0.0),
    # a where-question about being somewhere asks a place, not a channel
    ("도서관은 어디에 있어요?", "전자책 목록은 도서관 누리집에서 검색할 수 있습니다.", 0.0),
    ("Where is the library?", "Runners register on the City Sports portal.", 0.0),
])
def test_where_to_find_or_apply_is_answered_by_the_channel(question, text, fits):
    assert kind_fit("where", text, question) == fits


def test_a_question_for_a_limit_wants_a_figure_stated_with_that_bound():
    """"the maximum number" / "최소 몇 명": a figure with that bound answers it, another figure of
    the right unit only half (cases written for this test)."""
    asked = "What is the maximum number of members of the club?"
    assert kind_fit("count", "위원은 30명 이내로 구성한다.", asked) == 1.0
    assert kind_fit("count", "간사 2명을 둔다.", asked) == 0.5
    assert kind_fit("count", "간사 2명을 둔다.", "How many members does the club have?") == 1.0
    assert kind_fit("count", "회원은 15명 이상으로 한다.", "최소 몇 명이 있어야 하나요?") == 1.0
    assert kind_fit("count", "회원은 15명으로 한다.", "최소 몇 명이 있어야 하나요?") == 0.5
    assert kind_fit("amount", "up to 60 million won per company", "최대 얼마 받아요?") == 1.0
    # a statute says "up to" as "…을 초과하지 아니하는 범위에서"
    capped = "회비는 월 소득의 100분의 2를 초과하지 아니하는 범위에서 정한다."
    assert kind_fit("count", capped, "회비 상한은 소득의 몇 퍼센트예요?") == 1.0
    assert kind_fit("count", "회비는 월 소득의 100분의 2로 정한다.",
                    "회비 상한은 소득의 몇 퍼센트예요?") == 0.5


def test_a_question_for_a_persons_name_wants_a_name_beside_the_office():
    """"총장님 성함이 뭐였죠?" asks who holds the office: a sentence naming a body does not
    hold that, a name beside another office ("부시장") neither (cases written for this test)."""
    asked = "그 대학 총장님 성함이 뭐였죠?"
    assert kind_fit("who", "행사에는 홍길동 대학 총장이 참석했습니다.", asked) == 1.0
    assert kind_fit("who", "대학과 시청은 운영을 맡습니다.", asked) == 0.0
    assert kind_fit("who", "행사에는 김철수 부시장이 참석했습니다.", asked) == 0.0
    assert kind_fit("who", "도서관은 포항시청이 운영합니다.", "누가 운영해요?") == 1.0


@pytest.mark.parametrize("text, fit", [
    ("도서관은 2021년 11월 22일 문을 열었습니다.", 0.0),  # a calendar date counts nothing
    ("The library opened on 13 October 2022.", 0.0),
    ("The library opened on October 13.", 0.0),
    ("개정 2023.3.14 시행", 0.0),
    # a number of days is a span of time, a figure but no count of branches
    ("신청을 받은 날부터 45일 이내에 답한다.", OTHER_UNIT),
    ("11월에 3곳이 선정되었습니다.", 1.0),  # a month before another figure leaves it a count
])
def test_a_calendar_date_is_not_a_count(text, fit):
    assert kind_fit("count", text, "How many branches are there?") == fit


@pytest.mark.parametrize("text, question, fit", [
    # the figure the question gives is not the one it asks
    ("시범사업에는 5개 서비스가 선정되었습니다.", "5개 서비스 중 교육 분야는 몇 개예요?", 0.0),
    ("The fund had 1,500 applications in 2020.", "Of the 1,500 applications, how many won?", 0.0),
    ("시범사업에는 5개 서비스가 선정되었습니다.", "시범사업 서비스는 몇 개예요?", 1.0),
    # ... the same small number in another unit is another figure
    ("도서관에는 12개 열람실이 있습니다.", "직원 12명인 회사인데 열람실은 몇 개예요?", 1.0),
    # ... but a figure of three digits or more is the same in any unit
    ("도서관에는 1,200권의 책이 있습니다.", "직원이 1,200명인데 책은 몇 권이에요?", 0.0),
])
def test_a_figure_the_question_gives_is_no_answer(text, question, fit):
    assert kind_fit("count", text, question) == fit


@pytest.mark.parametrize("text, question, fit", [
    # a sum counts nothing, unless the question asks a sum
    ("시범사업에는 50억 원이 투입되었습니다.", "시범사업 서비스 수가 궁금해요", 0.5),
    # ... nor a count of things when the question names their counter
    ("시범사업에는 50억 원이 투입되었습니다.", "시범사업 서비스는 몇 개예요?", OTHER_UNIT),
    ("시범사업에는 50억 원이 5개 서비스에 투입되었습니다.", "시범사업 서비스는 몇 개예요?", 1.0),
    ("시범사업에는 50억 원이 투입되었습니다.", "시범사업에 몇 억 원이 들었어요?", 1.0),
    ("The pilot was given 5 billion won.", "How many won did the pilot receive?", 1.0),
    ("The pilot was given 5 billion won.", "How many services did the pilot fund?", 0.5),
])
def test_a_sum_of_money_is_no_count(text, question, fit):
    assert kind_fit("count", text, question) == fit


@pytest.mark.parametrize("text, fit", [
    ("과징금은 매출액의 100분의 3을 넘지 못한다.", 1.0),  # a statute's share is a percentage
    ("과징금은 매출액의 3%를 넘지 못한다.", 1.0),
    ("과징금은 50억원을 넘지 못한다.", OTHER_UNIT),  # a sum of money is no share
])
def test_a_statutes_fraction_answers_a_question_for_a_percentage(text, fit):
    assert kind_fit("count", text, "Is the fine calculated as a % of revenue?") == fit


@pytest.mark.parametrize("question, fit", [
    ("where do i even find course teachers?", 1.0),  # an adverb before the verb still asks
    ("Where can we actually check the list?", 1.0),  # where to look
    ("Where is the library?", 0.0),  # a place: a platform is no answer
])
def test_where_to_find_something_is_answered_by_the_platform_named(question, fit):
    assert kind_fit("where", "Teachers are listed on the Course Portal.", question) == fit


@pytest.mark.parametrize("text, asked, other", [
    # the sentence names the thing counted, but its figure counts another
    ("데이터스토어는 공급기업을 14개 분야로 나누어 보여 줍니다.", ["공급기업"], True),
    ("The Data Store lists registered suppliers in 14 categories.", ["supplier", "companies"],
     True),
    # the figure counts the thing (a compound holds it; an English plural is one stem)
    ("모두 35개 기업이 참여했습니다.", ["기업"], False),
    ("데이터스토어에는 120개 공급기업이 등록되어 있습니다.", ["기업"], False),
    ("위원회는 9명의 위원으로 구성한다.", ["위원"], False),
    ("In 2025, 4,699 companies applied for the data voucher.", ["companies", "applied"], False),
    # a bound or an ending after the figure is no thing counted
    ("위원은 30명 이내로 구성한다.", ["위원"], False),
    ("기업은 15개 이상이어야 한다.", ["기업"], False),
    # the thing is not named (a synonym, another language): not judged
    ("1,000개 기업을 선정했습니다.", ["회사"], False),
    ("The Data Store lists suppliers in 14 categories.", ["공급기업"], False),
    ("데이터스토어는 공급기업을 14개 분야로 나누어 보여 줍니다.", [], False),
])
def test_a_figure_that_counts_another_thing(text, asked, other):
    assert counts_other(text, asked) is other


def test_a_count_of_another_thing_fits_half():
    question = "공급기업이 몇 개 등록되어 있어요?"
    fields = "데이터스토어는 공급기업을 14개 분야로 나누어 보여 줍니다."
    suppliers = "데이터스토어에는 120개 공급기업이 등록되어 있습니다."
    assert kind_fit("count", fields, question) == 0.5
    assert kind_fit("count", suppliers, question) == 1.0
    # what is counted, in the other language, comes from the caller (the glossary)
    english = "How many supplier companies are registered?"
    assert kind_fit("count", fields, english) == 1.0
    both = ["supplier", "companies", "공급기업"]
    assert kind_fit("count", fields, english, lambda q: both) == 0.5


@pytest.mark.parametrize("text, question, fit", [
    # "how big" with no word for money asks a size: a figure in any unit states it
    ("집적단지의 AI 데이터센터는 88.5 PF(페타플롭스) 규모입니다.",
     "How big is the AI data center, in computing power?", 1.0),
    ("센터 면적은 3,000㎡입니다.", "센터 규모가 어느 정도예요?", 1.0),
    ("집적단지는 광주 첨단3지구에 조성됩니다.", "How big is the complex?", 0.0),  # a name's digit
    # ... a word for money makes it a sum
    ("집적단지의 AI 데이터센터는 88.5 PF(페타플롭스) 규모입니다.",
     "센터 예산 규모가 얼마예요?", 0.0),
    ("센터 예산은 200억 원입니다.", "센터 예산 규모가 얼마예요?", 1.0),
])
def test_a_size_is_stated_by_a_figure_in_any_unit(text, question, fit):
    assert kind_fit("amount", text, question) == fit


@pytest.mark.parametrize("question", [
    "When does the decree take effect?", "When did the Act come into force?",
    "시행령은 언제 시행돼요?"])
def test_taking_effect_asks_when_a_rule_starts_to_apply(question):
    assert kind_fit("date", "시행령은 2026년 8월부터 시행됩니다.", question) == 1.0
    assert kind_fit("date", "시행령은 2026년 2월 10일 의결되었습니다.", question) == 0.5


@pytest.mark.parametrize("text, fit", [
    ("1천명 이상의 회원이 등록된 경우", 1.0),  # "1천명": the magnitude in words, then the unit
    ("위원 2명 이상이 요청한 경우", 1.0),
    ("3만 개의 책을 소장합니다", OTHER_UNIT),  # a figure in another unit than the one asked
])
def test_a_korean_figure_with_its_magnitude_in_words_is_in_the_asked_unit(text, fit):
    assert kind_fit("count", text, "몇 명 이상부터인가요?") == fit


@pytest.mark.parametrize("text", [
    "표시를 한 자에게는 3천만원 이하의 과태료를 부과한다.",  # a magnitude word before 원
    "1억 5천만 원 이하의 벌금",
    "최대 6,000만 원까지 지원",
])
def test_a_sum_with_korean_magnitude_words_is_money(text):
    assert kind_fit("amount", text, "과태료 얼마 물어요?") == 1.0


def test_a_share_asked_by_a_percent_sign_is_not_answered_by_a_sum_or_a_count():
    question = "what was the self-funding % for the 2020 voucher?"
    assert kind_fit("count", "2020년 예산은 575억 원이었습니다.", question) == OTHER_UNIT
    assert kind_fit("count", "자부담 비율은 20%였습니다.", question) == 1.0


def test_a_percentage_is_not_answered_by_a_ratio_of_one_to_another():
    question = "자기 돈으로 몇 퍼센트를 부담해야 했나요?"
    ratio = "2022년 경쟁률은 3.9대 1이었습니다."
    assert kind_fit("count", ratio, question) == OTHER_UNIT
    assert kind_fit("count", ratio, "경쟁률이 어땠어요? 몇 대 1?") == 1.0


def test_a_statutes_name_answers_which_law_but_not_which_article():
    sentence = "그 행위에 관한 사항은 「부정경쟁방지 및 영업비밀보호에 관한 법률」에서 정한다."
    assert kind_fit("article", sentence, "Which law applies to the misuse of data assets?") == 1.0
    assert kind_fit("article", "그 사항은 따로 정한다.", "Which law applies?") == 0.0
    assert kind_fit("article", sentence, "Which article covers it?") == 0.0


@pytest.mark.parametrize("text, stated", [
    ("The data center has 88.5 PF of computing power.", True),  # a figure in any unit
    ("도서관에는 세 곳의 열람실이 있습니다.", True),  # in words
    ("도서관은 2021년 11월 22일 문을 열었습니다.", False),  # a date is no figure
    ("법 제28조의9제1항에 따라 정한다.", False),  # nor a statute reference
    ("도서관은 시민에게 열려 있습니다.", False),
])
def test_a_sentence_that_states_a_figure(text, stated):
    assert states_figure(text) == stated


@pytest.mark.parametrize("question, money", [
    ("예산은 얼마예요?", True),
    ("시범사업에 몇 억 원이 들었어요?", True),
    ("How much is the fee?", True),
    ("How powerful is the data center?", False),
    ("좌석은 몇 개예요?", False),
])
def test_a_question_that_asks_a_sum_of_money(question, money):
    assert asks_money(question) == money
