"""`assistant.compose.picking`: which ranked sentences make the answer (constructed rankings)."""

from assistant.calibration import default_calibration
from assistant.compose.concepts import Concept
from assistant.compose.picking import closest_to_part, opening, pick
from assistant.compose.select import Ranking, Scored
from assistant.compose.sentences import Sentence

VALUES = default_calibration().selection
QUESTIONS = ("2023년에 바우처가 전체 몇 개였", "그중에 일반가공은 몇 개였어요?")
WANTED = [Concept(frozenset({"일반가공"})), Concept(frozenset({"전체"}))]


def scored(text: str, score: float, met: set[int], part_cosines=(), count=1.0) -> Scored:
    return Scored(Sentence(text, 0), score, 0.0, 0.0, met=frozenset(met), fits={"count": count},
                  part_cosines=tuple(part_cosines))


def ranking(*candidates: Scored) -> Ranking:
    return Ranking(list(candidates), WANTED, frozenset(), ["count"], {})


GENERAL = scored("2023년 일반가공 유형은 250개였습니다.", 1.5, {0}, (0.86, 0.93))
AI = scored("2023년 AI 가공 유형은 1,000개였습니다.", 1.4, set(), (0.87, 0.89))
TOTAL = scored("2023년 데이터바우처는 모두 2,010개가 지원되었습니다.", 1.25, set(), (0.91, 0.85))
BUDGET = scored("2023년 예산은 894억 원이었습니다.", 1.3, set(), (0.95, 0.80), count=0.0)


def test_a_part_whose_words_no_sentence_meets_gets_the_closest_line_of_its_kind():
    lines = pick(ranking(GENERAL, AI, BUDGET, TOTAL), [], VALUES, parts=2, questions=QUESTIONS)
    assert lines[0] is GENERAL and TOTAL in lines  # "전체" is met by no sentence: "모두 2,010개"
    assert BUDGET not in lines  # closer in meaning, but no count: not the answer to "몇 개"


def test_closest_to_part_needs_a_checkable_kind_and_a_score_near_the_best():
    candidates = [GENERAL, AI, BUDGET, TOTAL]
    assert closest_to_part(candidates, 0, QUESTIONS[0], floor=1.0) is TOTAL
    assert closest_to_part(candidates, 0, QUESTIONS[0], floor=1.3) is AI  # TOTAL too far below
    assert closest_to_part(candidates, 1, "what happens if they do not answer?", 0.0) is None
    assert closest_to_part([scored("x", 1.0, set())], 0, QUESTIONS[0], 0.0) is None  # not embedded


def test_a_single_question_is_not_given_lines_by_closeness():
    lines = pick(ranking(GENERAL, AI, BUDGET, TOTAL), [], VALUES)
    assert lines[0] is GENERAL and TOTAL not in lines


def test_each_year_a_question_compares_gets_its_line():
    late_2020 = scored("2020년 하반기 AI 가공은 1건당 최대 7,000만 원까지 지원했다.", 1.57, {0})
    cases = scored("2020년 하반기 AI 가공은 587건이 지원되었습니다.", 1.5, {0})
    in_2023 = scored("2023년 AI 가공은 1,000개였고, 최대 6,000만 원까지 지원했다.", 1.29, {0})
    no_cap = scored("2023년 데이터바우처는 모두 2,010개가 지원되었습니다.", 1.45, set(), count=0.0)
    candidates = ranking(late_2020, cases, no_cap, in_2023)
    lines = pick(candidates, [], VALUES, years=(2020, 2023))
    assert lines[:2] == [late_2020, in_2023]  # 2023's cap, not its total that holds none
    assert in_2023 not in pick(candidates, [], VALUES, years=(2020,))


def test_another_years_figure_does_not_open_the_answer_when_the_asked_year_has_one():
    other = Scored(Sentence("In 2025, 460 companies were selected.", 0), 1.3, 0.0, 0.0,
                   fit=0.0, parts={"year": -1.0})
    unstated = Scored(Sentence("The 2024 figures are not confirmed here.", 0), 1.2, 0.0, 0.0,
                      fit=1.0, parts={"year": 1.0})
    unrelated = Scored(Sentence("The 2024 call opens in March.", 0), 1.25, 0.0, 0.0, fit=0.0,
                       parts={"year": 1.0})
    assert opening([other, unrelated, unstated]) is unstated
    assert opening([other, unrelated]) is other  # no sentence of that year holds the fact
    assert opening([unrelated, other]) is unrelated


def test_a_paragraph_that_delegates_its_detail_is_followed_by_the_decree_that_defines_it():
    law = Scored(Sentence("② 등록하려는 사람은 대통령령으로 정하는 경력 기준을 갖추어야 한다.", 0,
                          article="제23조"), 1.5, 0.0, 0.0)
    other = Scored(Sentence("① 전문지식이 있는 사람은 등록할 수 있다.", 0, article="제23조"),
                   1.45, 0.0, 0.0)
    decree = Scored(Sentence('법 제23조제2항에서 "대통령령으로 정하는 경력 기준"이란 다음 각 호의 '
                             "기준을 말한다.", 1, article="제22조"), 0.4, 0.0, 0.0)
    asks_nothing = Ranking([law, other, decree], WANTED, frozenset(), [], {})
    assert [p.sentence for p in pick(asks_nothing, [], VALUES)][:2] == [law.sentence,
                                                                        decree.sentence]
    # the opening line holds the asked figure itself: what it delegates was not asked
    law.fit = 1.0
    asks_count = Ranking([law, other, decree], WANTED, frozenset(), ["count"], {})
    assert decree not in pick(asks_count, [], VALUES)


def _in_passage(text: str, score: float, hit: int, fit: float) -> Scored:
    return Scored(Sentence(text, hit), score, 0.0, 0.0, fit=fit, fits={"count": fit},
                  parts={"year": 0.0})


def test_the_asked_figure_of_the_best_passage_opens_before_its_intro():
    """"How many members does the club have?": the passage's first paragraph names the club
    and scores best, its second holds the count; the count opens, the intro follows."""
    intro = _in_passage("① 클럽을 둔다.", 1.30, 0, 0.0)
    count = _in_passage("② 클럽은 15명 이상 50명 이하의 회원으로 구성한다.", 1.24, 0, 1.0)
    elsewhere = _in_passage("다른 클럽은 30명이다.", 1.27, 1, 1.0)
    lines = pick(Ranking([intro, elsewhere, count], [], frozenset(), ["count"], {}), [], VALUES)
    assert lines[:2] == [count, intro]
    # a figure of another passage does not displace it, nor one scoring far below
    lines = pick(Ranking([intro, elsewhere], [], frozenset(), ["count"], {}), [], VALUES)
    assert lines[0] is intro
    far = _in_passage("② 클럽은 15명 이상으로 구성한다.", 0.9, 0, 1.0)
    assert opening([intro, far], VALUES.extra_margin) is intro
    # a line holding a fact of the asked kind in another unit (0.5) keeps its place
    half = _in_passage("① 클럽은 2024년 7월에 생겼다.", 1.30, 0, 0.5)
    assert opening([half, count], VALUES.extra_margin) is half


def test_the_asked_figure_of_a_better_passage_opens_before_a_line_of_a_weaker_one():
    """"클럽은 몇 곳이 지정돼 있어요?": the best line (how clubs are designated) is from the
    second passage, the count from the first, better retrieved: the count opens."""
    how = _in_passage("클럽은 신청을 받아 지정됩니다.", 1.39, 1, 0.0)
    count = _in_passage("2025년 5월 기준 클럽은 14곳입니다.", 1.37, 0, 1.0)
    assert opening([how, count], VALUES.extra_margin) is count
    weaker = _in_passage("2025년 5월 기준 클럽은 14곳입니다.", 1.37, 2, 1.0)
    assert opening([how, weaker], VALUES.extra_margin) is how


def test_a_question_how_something_began_opens_with_its_earliest_dated_fact():
    """"처음에 언제, 무슨 이름으로 생겼어요?": of three dated lines about the club scoring close,
    the earliest opens and the best follows; a plain question keeps the best first."""
    renamed = _in_passage("클럽은 2016년에 이름을 바꾸었습니다.", 1.30, 0, 1.0)
    founded = _in_passage("클럽은 1993년 독서회로 출발했습니다.", 1.27, 0, 1.0)
    grew = _in_passage("클럽은 2009년에 협회가 되었습니다.", 1.26, 0, 1.0)
    origin = Ranking([renamed, founded, grew], [], frozenset(), ["date"], {}, origin=True)
    assert pick(origin, [], VALUES)[:2] == [founded, renamed]
    plain = Ranking([renamed, founded, grew], [], frozenset(), ["date"], {})
    assert pick(plain, [], VALUES)[0] is renamed
    far = _in_passage("클럽 건물은 1970년에 지어졌습니다.", 0.5, 1, 0.0)  # far below: not read
    assert pick(Ranking([renamed, far], [], frozenset(), ["date"], {}, origin=True), [],
                VALUES)[0] is renamed


def test_a_sentence_about_the_document_itself_does_not_open_for_its_passage():
    """"이 문서의 일정은 블로그의 2026년 안내를 바탕으로 한 것입니다" holds a year, but it is
    about the document, not the fact asked: the best line keeps its place."""
    best = _in_passage("정확한 일정은 공고에서 확인하세요.", 1.30, 0, 0.0)
    about = _in_passage("이 문서의 일정은 2026년 안내를 바탕으로 한 것입니다.", 1.24, 0, 1.0)
    about.parts["generic"] = 1.0
    assert opening([best, about], VALUES.extra_margin) is best
    about.parts["generic"] = 0.0
    assert opening([best, about], VALUES.extra_margin) is about


def test_where_an_unstated_fact_is_published_opens_before_a_figure_of_another_kind():
    """"2022년 클럽 회비 최대 얼마?": no line states the fee; the best holds a count (half a
    fit), a weaker passage says the fee is not given here (a full fit): that answers."""
    count = _in_passage("2022년 클럽 회원은 1,000명이었습니다.", 1.22, 0, 0.5)
    unstated = _in_passage("2022년 클럽의 회비 한도는 이 안내서에서 확인되지 않았습니다.", 1.04, 2,
                           1.0)
    assert opening([count, unstated], VALUES.extra_margin) is unstated
    far = _in_passage("2022년 클럽의 회비 한도는 이 안내서에서 확인되지 않았습니다.", 0.9, 2, 1.0)
    assert opening([count, far], VALUES.extra_margin) is count


def test_a_sentence_continuing_the_one_before_is_quoted_with_it_and_does_not_open():
    from assistant.compose.picking import with_antecedents

    rule = Sentence("① 피해를 입은 자는 손해배상을 청구할 수 있다.", 0, position=3)
    proviso = Sentence("이 경우 위반한 자는 과실이 없음을 입증해야 한다.", 0, position=4)
    other = Sentence("② 법원은 상당한 손해액을 인정할 수 있다.", 0, position=5)
    lines = [Scored(s, score, 0.0, 0.0) for s, score in ((proviso, 1.0), (rule, 0.95),
                                                        (other, 0.9))]
    # the best line qualifies a rule: a line within the margin that does not opens
    assert opening(lines, margin=0.1) is lines[1]
    assert opening(lines, margin=0.01) is lines[0]
    joined = with_antecedents(lines, [rule, proviso, other])
    assert [p.sentence.text for p in joined] == [rule.text + " " + proviso.text, other.text]
    # at a chunk's start the sentence before is not known: the line stays as it is
    assert with_antecedents(lines[:1], [proviso]) == lines[:1]


def test_a_question_for_what_a_thing_is_opens_with_the_sentence_about_it():
    listing = Scored(Sentence("Two kinds of members use the library: readers and lenders.", 0),
                     1.2, 0.0, 0.0, parts={"subject": 0.0})
    defined = Scored(Sentence("A lender gives books to the library.", 0), 1.15, 0.0, 0.0,
                     parts={"subject": 1.0})
    assert opening([listing, defined], margin=0.1, defines=True) is defined
    assert opening([listing, defined], margin=0.1) is listing  # not for other questions
    assert opening([listing, defined], margin=0.01, defines=True) is listing  # too far below
