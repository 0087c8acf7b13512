from ingest.keyword import KeywordIndex, tokenize


def test_korean_morphemes_drop_particles_and_keep_articles():
    toks = tokenize("가명정보는 제28조의2에 따라 처리할 수 있나요?")
    assert "가명정보" in toks or "가명" in toks
    assert "는" not in toks and "제28조의2" in toks


def test_english_tokens_are_lowercased_singular_without_stopwords():
    assert tokenize("What are the Data Safe Zones?") == ["data", "safe", "zone"]


def test_numbers_lose_thousands_separators():
    assert "6000" in tokenize("최대 6,000만 원")


def test_index_finds_particle_and_spacing_variants(tmp_path):
    ids = ["a", "b", "c"]
    texts = ["데이터바우처 지원 사업 안내", "가명정보의 결합 절차", "data safe zone 안심구역"]
    index = KeywordIndex.build(ids, texts)
    index.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.search("데이터 바우처는 뭔가요")[0][0] == "a"
    assert loaded.search("가명 정보를 결합하려면")[0][0] == "b"
    assert loaded.search("safe zones")[0][0] == "c"
    assert loaded.search("날씨") == []


def test_empty_index_is_searchable(tmp_path):
    index = KeywordIndex.build([], [])
    index.save(tmp_path / "kw")
    assert KeywordIndex.load(tmp_path / "kw").search("무엇") == []


def test_rebuilding_from_the_same_chunks_ranks_the_same(tmp_path):
    """Server replicas rebuild the keyword index from the collection: they must agree with the
    index ingest saved."""
    ids = ["a", "b", "c", "d"]
    texts = ["데이터바우처 지원 한도", "바우처 신청 절차와 서류", "data voucher limit", "센터 공간"]
    KeywordIndex.build(ids, texts).save(tmp_path / "kw")
    saved, rebuilt = KeywordIndex.load(tmp_path / "kw"), KeywordIndex.build(ids, texts)
    for query in ("바우처 한도는?", "voucher limits", "신청 서류"):
        assert saved.search(query) == rebuilt.search(query)


def test_a_batch_gives_the_same_tokens_as_one_text_at_a_time():
    from ingest.keyword import tokenize_many

    texts = ["데이터바우처는 제28조의2에 따라 AI 가공을 지원합니다.", "The center opened in 2022.",
             "", "포항 빅데이터 AI 혁신센터 강의실", "개인정보 보호법 Article 16 (제16조)"] * 3
    assert tokenize_many(texts) == [tokenize(t) for t in texts]
    assert tokenize_many([]) == []


def test_remembered_tokens_are_the_same_and_cannot_be_changed_by_a_caller():
    from ingest.keyword import tokens_of

    text = "데이터바우처는 제28조의2에 따라 AI 가공을 지원합니다."
    assert tokens_of(text) == tuple(tokenize(text))
    assert tokens_of(text, False) == tuple(tokenize(text, bigrams=False))
    assert tokens_of(text) is tokens_of(text)  # remembered, and a tuple: immutable


def test_a_prefix_glued_to_its_noun_is_also_the_whole_word():
    # Kiwi reads "가점은" as 가 (prefix) + 점, but "가점을" as 가점
    assert "가점" in tokenize("청년기업 가점은 몇 점이었어요?")
    assert "가점" in tokenize("청년기업은 1점의 가점을 받았습니다.")
    assert "영리" in tokenize("비영리 법인") and "비영리" in tokenize("비영리 법인")


def test_english_es_plurals():
    assert tokenize("the company taxes, sure") == ["company", "tax", "sure"]
    assert tokenize("K-DATA branches and businesses") == ["k", "data", "branch", "business"]
    assert tokenize("services sizes") == ["service", "size"]  # only the "s" is the ending


def test_an_english_clitic_is_no_token():
    # "s" of every possessive matched every other one: "children's" ranked a surcharge question
    assert tokenize("what's the children's surcharge? don't") == ["children", "surcharge", "don"]
    assert tokenize("the company’s fines") == ["company", "fine"]


def test_a_term_repeated_in_the_query_counts_once():
    """A glossary expansion repeats the question's own words ("분쟁 조정 위원회" after
    "데이터분쟁조정위원회"); counted each time, they outweigh the one rare word that finds the
    passage (공무원)."""
    ids = ["committee", "fiction"]
    texts = ["분쟁조정위원회의 위원은 분쟁 조정을 맡습니다. 분쟁조정위원회는 회의를 엽니다.",
             "분쟁조정위원회의 위원은 벌칙을 적용할 때 공무원으로 본다."]
    index = KeywordIndex.build(ids, texts)
    once = index.search("분쟁조정위원회 위원 공무원")
    assert index.search("분쟁조정위원회 위원 공무원 분쟁 조정 위원회 분쟁 조정 위원회") == once
    assert once[0][0] == "fiction"
