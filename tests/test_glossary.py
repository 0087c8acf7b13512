from pathlib import Path

import pytest

from assistant.glossary import Glossary, GlossaryError, Term, shortened

SMALL = Path(__file__).parent / "fixtures" / "glossary_small.yaml"


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load(SMALL)


def test_english_question_gains_korean_terms(glossary):
    assert glossary.expand("How much is the data voucher for AI processing?") == [
        "데이터바우처", "AI 가공",
    ]


def test_plural_and_case_insensitive_and_variants(glossary):
    assert glossary.expand("Data Vouchers in 2023") == ["데이터바우처"]
    assert glossary.expand("rules for pseudonymized data") == ["가명정보"]
    assert glossary.expand("Where are the data safe zones?") == ["데이터 안심구역"]


def test_korean_question_gains_english_terms(glossary):
    assert glossary.expand("데이터 바우처 청년기업 우대") == ["data voucher", "youth company"]
    assert glossary.expand("안심구역은 어디에 있나요?") == ["data safe zone"]


def test_no_duplicates_and_nothing_already_present(glossary):
    assert glossary.expand("데이터바우처 data voucher 데이터 바우처") == []
    assert glossary.expand("nothing relevant here") == []


def test_word_boundaries(glossary):
    assert glossary.expand("mydatabase") == []
    assert glossary.expand("What is MyData?") == ["마이데이터"]


def test_terms_for(glossary):
    assert glossary.terms_for("가명정보와 MyData") == [
        ("가명정보", "pseudonymised data"), ("마이데이터", "MyData"),
    ]


def test_bad_file(tmp_path):
    bad = tmp_path / "g.yaml"
    bad.write_text("- ko: 하나\n", "utf-8")
    with pytest.raises(GlossaryError, match="entry 1"):
        Glossary.load(bad)
    with pytest.raises(GlossaryError):
        Glossary.load(tmp_path / "missing.yaml")


@pytest.mark.parametrize("text, korean", [
    ("How much is the data voucher for AI processing?",
     "how much is the 데이터바우처 for AI 가공?"),
    ("Data Vouchers and pseudonymized data", "데이터바우처 and 가명정보"),
    ("Where are the data safe zones?", "where are the 데이터 안심구역?"),
    ("데이터 바우처 for a youth company", "데이터 바우처 for a 청년기업"),  # Korean is kept
    ("Nothing here", "nothing here"),
])
def test_english_terms_are_put_in_korean(glossary, text, korean):
    assert glossary.to_korean(text) == korean


@pytest.mark.parametrize(("text", "found"), [
    ("과기정통부 장관이 할 수 있는 조치", [("과기정통부", "과학기술정보통신부")]),
    ("개인정보위에 신고", [("개인정보위", "개인정보보호위원회")]),
    ("안심 구역은 어디", [("안심 구역", "데이터 안심구역")]),  # spaces inside a variant
    ("개인정보보호위원회의 위원", []),  # 보호위원회 inside the main form is not a variant
    ("데이터 안심구역은", []),  # the main form itself
    ("날씨가 좋네요", []),
])
def test_korean_variants_are_found_with_their_main_form(text, found):
    glossary = Glossary.load(Path(__file__).parents[1] / "corpus" / "glossary.yaml")
    assert glossary.korean_variants(text) == found


def test_the_possessive_my_data_is_not_mydata():
    """"my data got leaked" is the asker's data, not the MyData scheme: the corpus glossary
    gives MyData no variant that is an everyday phrase."""
    glossary = Glossary.load(Path(__file__).parents[1] / "corpus" / "glossary.yaml")
    assert "마이데이터" not in glossary.expand("my data got leaked by a shop, what now?")
    assert "마이데이터" in glossary.expand("how much mydata pilot money was there?")
    assert "마이데이터" in glossary.expand("What is MyData?")


def test_a_long_english_name_is_found_with_one_inner_word_left_out():
    terms = [Term("광주 인공지능 산업융합 집적단지", "Gwangju AI industry convergence complex"),
             Term("개인정보 보호법", "Personal Information Protection Act"),
             Term("개인정보보호위원회", "Personal Information Protection Commission"),
             Term("데이터 안심구역", "data safe zone")]
    for t in terms:
        t.ko_forms, t.en_forms = [t.ko], [t.en]
    g = Glossary(terms)
    assert g.terms_for("Where is the Gwangju AI industry complex?") == [
        ("광주 인공지능 산업융합 집적단지", "Gwangju AI industry convergence complex")]
    assert g.terms_for("the Personal Information Commission") == [
        ("개인정보보호위원회", "Personal Information Protection Commission")]
    # the first and last words stay, three-word names stay whole, one word only is left out
    assert g.terms_for("the Gwangju complex") == g.terms_for("a data zone") == []
    # a name of five words or more is found without its first word, when no other form is
    assert g.terms_for("Where in Gwangju is the AI industry convergence complex?") == [
        ("광주 인공지능 산업융합 집적단지", "Gwangju AI industry convergence complex")]
    assert g.terms_for("the Information Protection Act") == []  # four words: whole
    assert shortened(["Personal Information Protection Act"],
                     {"personal information act"}) == ["personal protection act"]


def test_a_name_found_only_inside_a_longer_one_is_not_named_on_its_own():
    terms = [Term("광주 인공지능 산업융합 집적단지", "Gwangju AI industry convergence complex",
                  ["광주 인공지능 산업융합 집적단지"], ["Gwangju AI industry convergence complex",
                                                  "Gwangju AI complex"]),
             Term("광주광역시", "Gwangju Metropolitan City", ["광주광역시"],
                  ["Gwangju Metropolitan City", "Gwangju"]),
             Term("한국데이터산업진흥원", "Korea Data Industry Promotion Agency",
                  ["한국데이터산업진흥원"], ["Korea Data Industry Promotion Agency", "K-DATA"])]
    g = Glossary(terms)
    complex_ = ("광주 인공지능 산업융합 집적단지", "Gwangju AI industry convergence complex")
    city = ("광주광역시", "Gwangju Metropolitan City")
    assert g.outermost("Where is the Gwangju AI industry complex built?") == [complex_]
    assert g.outermost("What does K-DATA do in Gwangju?") == [
        ("한국데이터산업진흥원", "Korea Data Industry Promotion Agency"), city]
    # named once inside the complex's name and once on its own: named
    assert set(g.outermost("Is the Gwangju AI complex run by Gwangju?")) == {complex_, city}
    # the word the complex's name was found without is the complex's, not the city
    assert g.outermost("Where in Gwangju is the AI industry convergence complex?") == [complex_]


def test_names_in_the_asking_clause_keep_their_small_words():
    from assistant.question import analyse

    glossary = Glossary([
        Term("국립중앙도서관", "National Library of Korea", ["국립중앙도서관"],
             ["National Library of Korea"]),
        Term("대출", "book lending", ["대출"], ["book lending"]),  # not a name
    ])
    names = glossary.names_in(analyse(
        "When did the National Library of Korea start book lending?").focus_text)
    assert names == ["National Library of Korea"]


def test_an_english_plural_in_ies_names_the_term(glossary):
    assert glossary.terms_for("How many youth companies were selected?") == [
        ("청년기업", "youth company")]
    assert glossary.terms_for("two data vouchers") == [("데이터바우처", "data voucher")]


def test_a_possessive_names_the_term(glossary):
    assert glossary.terms_for("What is MyData's scope?") == [("마이데이터", "MyData")]
    zone = [("데이터 안심구역", "data safe zone")]
    assert glossary.terms_for("the data safe zone’s rules") == zone


def test_everyday_words_meet_the_term_and_search_it_but_are_not_rewritten(tmp_path):
    """`said`: words people say that the documents never use ("공짜" for 무료). A question
    saying one meets the term and is searched with its forms; the question is not rewritten
    (that is for `variants`), and an entry of everyday words only needs no English and names
    nothing."""
    path = tmp_path / "g.yaml"
    path.write_text("- ko: 무료\n  en: free of charge\n  said: [공짜]\n"
                    "- ko: 과학기술정보통신부\n  en: Ministry of Science and ICT\n"
                    "  variants: [과기정통부]\n"
                    "- ko: 이용자\n  said: [유저]\n", "utf-8")
    g = Glossary.load(path)
    assert g.terms_for("강의실 공짜예요?") == [("무료", "free of charge")]
    assert g.expand("강의실 공짜예요?") == ["무료", "free of charge"]
    assert g.korean_variants("강의실 공짜예요? 과기정통부는요?") == [
        ("과기정통부", "과학기술정보통신부")]
    assert g.terms_for("유저가 몇 명이에요?") == [("이용자", "")]
    assert g.expand("유저가 몇 명이에요?") == ["이용자"]
    assert g.names_in("유저가 몇 명이에요?") == []
    assert g.terms_for("이용자가 몇 명이에요?") == []  # its own word is no term of its own
    with pytest.raises(GlossaryError, match="entry 1"):
        bad = tmp_path / "bad.yaml"
        bad.write_text("- ko: 무료\n  variants: [공짜]\n", "utf-8")
        Glossary.load(bad)


@pytest.mark.parametrize(("text", "names"), [
    ("How much MyData pilot funding was there in 2021?", ["MyData"]),
    ("how much mydata pilot money was there?", ["MyData"]),  # one word: the name, in lower case
    ("MY DATA pilots?", ["MyData"]),  # capitals: written as a name
    # a spelling variant in other words, all in lower case, is a phrase
    ("Where can I find a registered supplier for my data voucher project?", []),
    ("what is on the data store?", ["Data Store"]),  # as many words as the name
    ("what does k-data do", ["Korea Data Industry Promotion Agency"]),
])
def test_an_english_text_names_a_term_only_as_a_name_is_written(tmp_path, text, names):
    path = tmp_path / "names.yaml"
    path.write_text("- ko: 마이데이터\n  en: MyData\n  variants: [마이 데이터, my data]\n"
                    "- ko: 데이터스토어\n  en: Data Store\n"
                    "- ko: 한국데이터산업진흥원\n  en: Korea Data Industry Promotion Agency\n"
                    "  variants: [K-DATA]\n", "utf-8")
    assert Glossary.load(path).names_in(text) == names


def test_how_an_english_text_writes_a_name(glossary):
    g = Glossary([Term("광주광역시", "Gwangju Metropolitan City", ["광주광역시"],
                       ["Gwangju Metropolitan City", "Gwangju"])])
    assert g.written("how big is the gwangju ai data center?", "Gwangju Metropolitan City") == [
        "gwangju"]
    assert g.written("What about Busan?", "Gwangju Metropolitan City") == []


def test_a_text_read_again_gives_the_same_terms_from_memory(glossary):
    first = glossary.terms_for("How much is the data voucher?")
    assert glossary.terms_for("How much is the data voucher?") == first
    assert "How much is the data voucher?" in glossary._seen


def test_a_noun_of_an_action_is_met_by_the_verb_or_adjective_it_comes_from():
    glossary = Glossary([Term("지정", "designation", ["지정"], ["designation"]),
                         Term("경쟁", "competition", ["경쟁"], ["competition"]),
                         Term("가공", "processing", ["가공"], ["processing"]),
                         Term("사람", "person", ["사람"], ["person"])])
    assert glossary.terms_for("How does a site get designated?") == [("지정", "designation")]
    assert glossary.terms_for("How competitive was it?") == [("경쟁", "competition")]
    # only nouns of an action or a quality (-ion, -al) are met so: "processed" is no
    # "processing", "personal" no "person"
    assert glossary.terms_for("When is my application processed?") == []
    assert glossary.terms_for("Is personal data covered?") == []


def test_a_word_inside_a_longer_name_with_another_korean_name_is_not_that_word():
    terms = [Term("데이터거래사", "data broker"), Term("브로커", "broker"),
             Term("위원회", "committee"),
             Term("국가데이터정책위원회", "National Data Policy Committee")]
    for t in terms:
        t.ko_forms, t.en_forms = [t.ko], [t.en]
    g = Glossary(terms)
    # "broker" in "data broker" (데이터거래사) is no 브로커: neither searched nor a concept
    assert g.nested("What is a data broker?") == {("브로커", "broker")}
    assert "브로커" not in g.expand("What is a data broker?")
    assert "데이터거래사" in g.expand("What is a data broker?")
    # ... while a word whose Korean name the longer one holds is that word (위원회)
    assert g.nested("Who chairs the National Data Policy Committee?") == set()
    # ... and a broker named on its own is one
    assert g.nested("What did they say about brokers and data brokers?") == set()



def test_a_clipped_name_is_read_as_the_entry_it_shortens():
    """"데산법" is no variant of any entry: it clips 데이터산업법, so it names that entry (the
    form and the main form); of two entries a clipped name fits, the one it leaves least out
    of; a tie names none."""
    glossary = Glossary([
        Term("데이터 산업진흥 및 이용촉진에 관한 기본법", "Data Industry Act",
             ko_forms=["데이터 산업진흥 및 이용촉진에 관한 기본법", "데이터산업법"]),
        Term("개인정보보호위원회", "PIPC", ko_forms=["개인정보보호위원회"]),
        Term("개인정보 분쟁조정위원회", "mediation committee",
             ko_forms=["개인정보 분쟁조정위원회"]),
        Term("가나다라마", "a", ko_forms=["가나다라마"]),
        Term("가나다바마", "b", ko_forms=["가나다바마"]),
    ])
    act = "데이터 산업진흥 및 이용촉진에 관한 기본법"
    assert glossary.unclipped("데산법") == ("데이터산업법", act)
    assert glossary.unclipped("개보위") == ("개인정보보호위원회", "개인정보보호위원회")
    assert glossary.unclipped("가나마") is None  # two entries, equally long
    assert glossary.unclipped("김치찌") is None


def _every_entry_tried(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    """`terms_for` as it was before entries were looked up by their first characters and
    words: every form of every entry tried on the text."""
    from assistant.glossary import compact, english_pattern, without_idioms

    lowered, squashed = without_idioms(text.lower()), compact(text)
    found = []
    for term, forms, ko, said in zip(glossary.terms, glossary._en, glossary._ko,
                                     glossary._said, strict=True):
        if any(first in lowered and english_pattern(f).search(lowered) for first, f in forms) \
                or term.en and any(f in squashed for f in ko) or any(f in squashed for f in said):
            found.append((term.ko, term.en))
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("text", [
    "데이터 바우처 신청", "바우처",  # a variant; a form of one word
    "Which data vouchers and datasets?",  # an English first word also inside a longer word
    "the K-DATA data store", "AI 가공 바우처", "공짜로 돼요?", "㉠ 한 글자", "",
    "2023년 data voucher 결과", "MyData와 my-data",
])
def test_entries_looked_up_by_their_first_letters_are_those_every_form_finds(text):
    glossary = Glossary([
        Term("데이터바우처", "data voucher", ["데이터바우처", "데이터 바우처", "바우처"],
             ["data voucher"]),
        Term("데이터", "data", ["데이터"], ["data", "dataset"]),
        Term("한국데이터산업진흥원", "K-DATA", ["한국데이터산업진흥원"], ["K-DATA", "kdata"]),
        Term("데이터스토어", "Data Store", ["데이터스토어"], ["Data Store"]),
        Term("AI 가공", "AI processing", ["AI 가공", "AI가공"], ["AI processing"]),
        Term("무료", "free of charge", ["무료"], ["free of charge"], ["공짜"]),
        Term("마이데이터", "MyData", ["마이데이터"], ["MyData", "my-data"]),
        Term("한", "one", ["한"], ["one"]),  # a one-character form
    ])
    assert glossary.terms_for(text) == _every_entry_tried(glossary, text)
