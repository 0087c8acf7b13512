"""A statute paragraph that leaves its detail to a decree, and the decree sentence that defines
it (assistant/compose/delegation.py); sentences as the statutes in corpus/policies word them."""

from assistant.compose.delegation import delegated
from assistant.compose.sentences import Sentence

LAW = Sentence("② 제1항에 따라 데이터거래사로 등록하려는 사람은 대통령령으로 정하는 "
               "데이터 거래의 경력 및 자격 등의 기준을 갖추어야 한다.", 0, article="제23조")
DEFINES = Sentence('법 제23조제2항에서 "대통령령으로 정하는 데이터 거래의 경력 및 자격 등의 '
                   '기준"이란 다음 각 호의 어느 하나에 해당하는 기준을 말한다.', 1,
                   article="제22조")
MENTIONS = Sentence("② 장관은 법 제23조제2항에 따른 등록기준을 충족했다고 인정하는 경우에는 "
                    "등록증을 발급해야 한다.", 2, article="제21조")
OTHER_PARAGRAPH = Sentence('법 제23조제4항에서 "대통령령으로 정하는 사유"란 다음 각 호의 '
                           "경우를 말한다.", 3, article="제24조")
SUB_ARTICLE = Sentence('법 제23조의2제2항에서 "대통령령으로 정하는 기준"이란 다음 각 호를 '
                       "말한다.", 4, article="제25조")


def test_the_decree_sentence_that_defines_the_delegated_detail_follows_its_paragraph():
    assert delegated(LAW, [MENTIONS, OTHER_PARAGRAPH, SUB_ARTICLE, DEFINES]) is DEFINES


def test_a_decree_sentence_that_only_mentions_the_paragraph_or_another_one_is_no_definition():
    # "법 제23조제2항에 따른 등록기준을 충족했다고": cites it, defines nothing
    assert delegated(LAW, [MENTIONS, OTHER_PARAGRAPH, SUB_ARTICLE]) is None


def test_a_paragraph_that_delegates_nothing_or_is_no_statute_has_no_decree_sentence():
    plain = Sentence("① 데이터 거래에 관한 전문지식이 있는 사람은 데이터거래사로 등록할 수 "
                     "있다.", 0, article="제23조")
    assert delegated(plain, [DEFINES]) is None
    prose = Sentence("자격 기준은 대통령령으로 정하는 바에 따릅니다.", 0)  # no article
    assert delegated(prose, [DEFINES]) is None


def test_a_definition_that_names_no_paragraph_links_by_its_article():
    unnumbered = Sentence("법 제23조에 따른 교육은 다음 각 호와 같다.", 1, article="제23조")
    assert delegated(LAW, [unnumbered]) is unnumbered
    assert delegated(LAW, [unnumbered, DEFINES]) is DEFINES  # naming the paragraph is surer
