"""`assistant.compose.parallel`: a sentence and its translation share their evidence (cases
written for this file, not golden items)."""

import numpy as np

from assistant.calibration import default_calibration
from assistant.compose.features import score_of
from assistant.compose.parallel import figures, share_evidence, translation_of
from assistant.compose.select import Ranking, Scored
from assistant.compose.sentences import Sentence

VALUES = default_calibration().selection


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=float)
    return v / np.linalg.norm(v)


def _scored(text: str, index: int, vector, **parts) -> Scored:
    base = {"lexical": 0.0, "subject": 0.0, "novel": 0.0, "rank": 1 / (1 + index), "item": 0.0,
            "hit": 0.0, "kind": 0.0, "year": 0.0, "article": 0.0, "language": 0.0,
            "generic": 0.0, "topic_only": 0.0, "position": 0.0, "dense": 0.5, "cosine": 0.8}
    base.update(parts)
    return Scored(Sentence(text, index), score_of(base, VALUES), base["lexical"], base["dense"],
                  vector, base["cosine"], parts=base, fits={"date": base["kind"]},
                  fit=base["kind"])


def test_figures_ignore_single_digits_and_read_english_months():
    assert figures("1인 기업은 2,500만 원") == {"2500"}
    assert figures("opens in October 2026") == {"10", "2026"}
    assert figures("opens in October 2026", years=False) == {"10"}


def test_a_translation_has_the_same_figures_and_a_close_vector():
    ko = _scored("진흥원은 2009년에 진흥원이 되었습니다.", 0, _unit(1, 0.1))
    en = _scored("It became an agency in 2009.", 1, _unit(1, 0.2))
    other_year = _scored("It was founded in 1993.", 1, _unit(1, 0.2))
    far = _scored("In 2009 the weather was fine.", 1, _unit(0.2, 1))
    assert translation_of(en, [other_year, far, ko], 0.83) is ko
    assert translation_of(en, [other_year, far], 0.83) is None
    assert translation_of(_scored("x 2009", 1, None), [ko], 0.83) is None  # not embedded


def test_the_question_language_version_takes_its_twins_retrieval_and_word_evidence():
    """The Korean chunk ranked first, the English sentence holds the asked words: the English
    sentence of the asked fact now opens, above a Korean sentence of another fact."""
    other_fact = _scored("진흥원은 1993년 출발했습니다.", 0, _unit(0, 1), lexical=0.2, kind=1.0,
                         dense=1.0, cosine=0.93)
    ko = _scored("진흥원은 2009년에 진흥원이 되었습니다.", 0, _unit(1, 0.1), lexical=0.2, kind=1.0,
                 dense=0.86, cosine=0.91)
    en = _scored("It became an agency in 2009.", 1, _unit(1, 0.15), lexical=0.56, kind=1.0,
                 dense=0.75, cosine=0.90, language=1.0, hit=-0.08, topic_only=1.0)
    ranking = Ranking(sorted([other_fact, ko, en], key=lambda s: -s.score), [], frozenset(),
                      ["date"], {})
    assert ranking.ranked[0] is other_fact
    out = share_evidence(ranking, ["kdata", "kdata"], "en", VALUES)
    assert out.ranked[0] is en
    assert en.parts["rank"] == 1.0 and en.parts["hit"] == 0.0 and en.parts["topic_only"] == 0.0
    assert en.parts["dense"] == 0.75 and en.parts["cosine"] == 0.90  # its own meaning scores
    assert ko.parts["lexical"] == 0.2  # the other version keeps its own


def test_sentences_of_different_documents_or_of_one_language_share_nothing():
    ko = _scored("진흥원은 2009년에 진흥원이 되었습니다.", 0, _unit(1, 0.1), lexical=0.2)
    en = _scored("It became an agency in 2009.", 1, _unit(1, 0.15), lexical=0.56)
    before = en.score
    share_evidence(Ranking([ko, en], [], frozenset(), [], {}), ["kdata", "voucher"], "en",
                   VALUES)
    assert en.score == before
    share_evidence(Ranking([ko, en], [], frozenset(), [], {}), [None, None], "en", VALUES)
    assert en.score == before
