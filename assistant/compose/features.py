"""Features of a candidate sentence and the weighted sum that ranks it (weights: calibration).

Word-level evidence (`Lexical`), what a sentence opens with (its subject), how much it adds to
the question's own words, whether it talks about the document itself. Tokens from
ingest.keyword (Kiwi); stop words from ingest.text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from os.path import commonprefix

from assistant.calibration import SelectionValues
from assistant.compose.concepts import Concept
from assistant.compose.cues import year_bonus
from assistant.compose.sentences import Sentence
from assistant.counted import asks_total
from ingest.keyword import tokenize, tokens_of
from ingest.text import HANGUL, compact, language_of_text, names_this_year
from ingest.words import is_stop, without_particle

# A sentence about the document itself ("이 안내서는 …을 정리한 자료입니다") answers nothing.
ABOUT_DOCUMENT = re.compile(  # "이 안내서는 …", "… 문서에서 설명합니다", "see the … document"
    r"^(?:이|본|위)\s?(?:안내서|문서|자료|글|페이지|가이드)|이 자료에서|"
    r"(?:문서|자료|안내서)(?:에서 설명합니다|를 참고하세요|를 보세요)|"
    r"(?:문서|자료|안내서)」?에\s?(?:정리|설명|소개)되어\s?있습니다|"  # "… 문서에 정리되어"
    r"^(?:this|these|the present)\s+(?:guide|document|page|material|overview|note)s?\b|"
    r"\b(?:see|refer to) the [\w\s\"“”'-]{0,60}(?:document|guide|page)\b|"
    # a pointer to a document of the collection ("… 원문은 코퍼스의 「개인정보 보호법」 문서에서
    # 확인하세요", "… is in the corpus document"), not a fact about it ("이 코퍼스에 실린 … 판")
    r"코퍼스의\s?「|\bcorpus document\b", re.I)


# Cost bounds of the sentence embedding (the slowest step of an answer). On the calibration
# part, the opening 80 weighted characters of at most 350 per question rank as well as 160 of
# 1,000 did (first_line 0.744 vs 0.737), at a third of the model tokens: ask p95 ~500 -> ~360 ms.
EMBED_CHARS = 80  # weighted characters of each sentence that are embedded (see embedded_part)
EMBED_BUDGET = 350  # weighted characters embedded per question (Hangul counts 1, others 0.4)
MAX_CANDIDATES = 12  # sentences embedded per question (cost bound, not fitted)


def _fifths(ch: str) -> int:
    """A character's weight in fifths: a Hangul syllable 5 (1), any other character 2 (0.4)."""
    return 5 if HANGUL.match(ch) else 2


def embedded_weight(text: str) -> float:
    """Weighted length: a Hangul syllable counts 1, any other character 0.4."""
    return sum(map(_fifths, text)) / 5


def within_budget(order: list[int], texts: list[str]) -> list[int]:
    """The first of `order` (indexes of `texts`, best first) whose embedded parts fit the
    embedding budget: at most MAX_CANDIDATES, EMBED_BUDGET weighted characters in all."""
    chosen, budget = [], EMBED_BUDGET
    for i in order:
        cost = embedded_weight(texts[i])
        if len(chosen) >= MAX_CANDIDATES or (chosen and cost > budget):
            continue
        chosen.append(i)
        budget -= cost
    return chosen


def embedded_part(text: str, units: float = EMBED_CHARS) -> str:
    """The opening of `text` that is embedded: `units` weighted characters (see
    `embedded_weight`: a Korean and an English sentence keep about the same number of model
    tokens)."""
    total, limit = 0, round(units * 5)  # in fifths: exact sums
    for i, ch in enumerate(text):
        total += _fifths(ch)
        if total > limit:
            return text[:i]
    return text


@dataclass
class Lexical:
    """Word-level evidence per candidate sentence (see `SentenceSelector._lexical`)."""

    scores: list[float]  # IDF-weighted share of the question's concepts met
    met: list[frozenset[int]]  # concepts met by the sentence
    head_met: list[frozenset[int]]  # ... by its heading
    wanted: list[Concept]
    topic: frozenset[int]  # concepts most candidates meet
    subject: list[float]  # an asked concept opens the sentence (is what it is about)
    novel: list[float]  # share of the sentence's words the question does not hold


# A Korean sentence's topic: what stands before its first topic particle, when it comes
# early: "보육공간은 분석실, 강의실과 함께 …" is about the childcare space, not the room it names
# next.
_KO_TOPIC = re.compile(r"^(.{1,13}?[가-힣](?:은|는))\s")


def opening(text: str) -> str:
    """The first words of a sentence, where its subject stands."""
    if language_of_text(text) == "ko":
        topic = _KO_TOPIC.match(text)
        return topic.group(1) if topic else text[:14]
    return " ".join(text.split()[:5])


_EOJEOL = re.compile(r"[가-힣]{2,}")


def specific_names(wanted: list[Concept]) -> list[str]:
    """The Korean forms of the question's glossary terms of several words, spaces removed
    (what `sibling` compares a sentence's opening with), without those inside another one
    ("분쟁조정" of "데이터분쟁조정위원회": a sibling committee names it too)."""
    names = [c.term[0].replace(" ", "") for c in wanted
             if c.term and c.parts and len(c.parts[0]) > 1]
    return [n for n in names if not any(n != other and n in other for other in names)]


def sibling(text: str, named: list[str], question: str) -> float:
    """1.0 when a Korean sentence opens with another thing of the kind a specific name of the
    question is ("전문위원회는 …" on the 국가데이터정책위원회, "데이터분석제공사업자는 …" on
    the 데이터거래사업자): a compound ending like the name (its head, of two or more
    syllables) with another modifier, neither named by the question nor a short form of the
    name. `named`: the question's Korean names of several words, spaces removed."""
    words = _EOJEOL.findall(" ".join(text.split()[:3]))  # its first words, whole
    asked = compact(question)
    if not words or any(name in compact(text) for name in named):
        return 0.0
    for word in map(without_particle, words):
        for name in named:
            common = len(commonprefix([word[::-1], name[::-1]]))  # the head they share
            if 2 <= common < len(word) and common < len(name) and word not in asked \
                    and not name.endswith(word):
                return 1.0
    return 0.0


# a figure said to be a total ("모두 1,640개", "a total of"), what a question for one wants
_TOTAL = re.compile(r"모두|전체|합계|합쳐|(?<![가-힣])총|\bin total\b|\ba total of\b|"
                    r"\baltogether\b|\boverall\b|\btotal\b", re.I)


def states_total(text: str) -> bool:
    """Whether `text` says a figure is a total ("모두 1,640개"): of the figures that answer
    "전부 해서 몇 개?" (`counted.asks_total`), the total, not one type's count (the caller knows
    that `text` holds a figure of the kind asked)."""
    return bool(_TOTAL.search(text))


def totals_asked(sentences, fits: list[dict[str, float]], met: list[float], question: str,
                 parts: tuple[str, ...] = ()) -> list[bool]:
    """Per sentence, whether the question asks a total it may state: "전부 해서 몇 개"
    (`counted.asks_total`), or one count (not several parts) that several sentences about the
    same years (one year's guide: a count per type and a total) state while meeting the
    question best (`met`): a question naming no type ("how many vouchers were issued in
    2019?") asks the total."""
    if asks_total(question):
        return [True] * len(sentences)
    if len(parts) > 1:
        return [False] * len(sentences)
    counts = [m if row.get("count", 0.0) >= 1 else None for m, row in zip(met, fits, strict=True)]
    best = max((c for c in counts if c is not None), default=0.0)
    tied = [c is not None and c >= best - 0.01 for c in counts]
    # ... beside another count of those years, of the thing asked or of another ("6,179건의
    # 신청" beside "모두 2,580개가 지원")
    others = [row.get("count", 0.0) > 0 and m >= best - 0.01 for m, row in zip(met, fits,
                                                                               strict=True)]
    return [t and any(o and j != i and sentences[j].years == sentences[i].years
                      for j, o in enumerate(others)) for i, t in enumerate(tied)]


def novelty(text: str, asked: set[str]) -> float:
    """Share of the sentence's content words that the question does not already hold."""
    words = [w for w in tokens_of(text, False) if not is_stop(w)]
    return sum(w not in asked for w in words) / len(words) if words else 0.0


def year_scores(wanted: set[int], sentences: list[Sentence], asked: str,
                this_year: int | None = None) -> list[float]:
    """Each sentence's year feature (`year_bonus`): about a year the question names (1), about
    another (-1), about none (-1/3). A question that names no year but "올해" / "this year"
    (`asked`: its asking words; `this_year`: today's unless given) gets the penalties and no
    bonus: another year's date does not answer "올해 모집은 언제예요?", and a document of this
    year is not, for that, about what is asked."""
    if wanted or not names_this_year(asked):
        return [year_bonus(wanted, s, 1.0) for s in sentences]
    year = this_year or date.today().year
    return [min(year_bonus({year}, s, 1.0), 0.0) for s in sentences]


def score_of(parts: dict[str, float], v: SelectionValues) -> float:
    """The weighted sum of a candidate's features (without an embedder, lexical takes the dense
    weight too)."""
    dense = parts.get("dense")
    w_lexical = v.w_lexical + (v.w_dense if dense is None else 0.0)
    return (w_lexical * parts["lexical"] + v.w_dense * (dense or 0.0) + v.w_hit * parts["hit"]
            + v.w_kind * parts["kind"] + v.w_year * parts["year"] + v.w_article * parts["article"]
            + v.w_language * parts["language"] - v.w_generic * parts["generic"]
            - v.w_topic_only * parts["topic_only"] + v.w_subject * parts["subject"]
            - v.w_sibling * parts.get("sibling", 0.0) - v.w_unmet * parts.get("unmet", 0.0)
            + v.w_total * parts.get("total", 0.0) + v.w_extreme * parts.get("extreme", 0.0)
            + v.w_novel * parts["novel"] + v.w_rank * parts["rank"] + v.w_item * parts["item"]
            + v.w_cosine * parts.get("cosine", 0.0) - 0.002 * parts["position"])


def redundancy(candidate, picked: list, threshold: float = 0.95) -> float:
    """Penalty growing with the closest already-picked sentence's similarity (`Scored`
    candidates of assistant.compose.select: a sentence and its vector when embedded)."""
    worst = 0.0
    figures = set(re.findall(r"\d[\d,.]*", candidate.sentence.text))
    for other in picked:
        if figures != set(re.findall(r"\d[\d,.]*", other.sentence.text)):
            continue  # embeddings barely see numbers: different figures are different facts
        if candidate.vector is not None and other.vector is not None:
            sim = float(candidate.vector @ other.vector)
            worst = max(worst, max(0.0, sim - threshold) / (1 - threshold))
        else:
            a, b = set(tokenize(candidate.sentence.text)), set(tokenize(other.sentence.text))
            jaccard = len(a & b) / max(len(a | b), 1)
            worst = max(worst, max(0.0, jaccard - 0.6) / 0.4)
    return worst


def own_concepts(wanted: list[Concept], topic: frozenset[int],
                 questions: tuple[str, ...]) -> list[frozenset[int]]:
    """Per sub-question of a question asking several in a row, the indexes of the question's
    concepts (`wanted`) that only it names, without the `topic` every candidate shares."""
    if len(questions) < 2:
        return []
    tokens = [set(tokenize(q, bigrams=False)) for q in questions]
    named = [frozenset(k for k, c in enumerate(wanted)
                       if (c.tokens | frozenset().union(*c.parts)) & t) for t in tokens]
    return [n - topic - frozenset().union(*(m for m in named if m is not n)) for n in named]
