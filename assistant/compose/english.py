"""An English line for an English question answered from Korean evidence, and figure checks.

When only a Korean sentence states the answer, the English reader still gets a line they can
use: the figures, dates and statute articles of the cited sentence, copied exactly and labelled
("Article 16 (제16조)", "60 million KRW (6,000만 원)", "13 October 2022 (2022년 10월 13일)"), or
the glossary's English names of what the sentence is about. `figures_supported` is the check that
every figure such a line (or an LLM sentence) states occurs in its source, compared by value so
"60 million KRW" meets "6,000만 원". Plain `re`; templates from `prompts/`.
"""

from __future__ import annotations

import re

from assistant.glossary import Glossary
from assistant.prompts import render
from ingest.figures import MONTHS

# "6,000만 원", "1억 5,000만 원", "3천만원", "4천5백만 원": digit groups with Korean units.
_KO_AMOUNT = re.compile(
    r"(?P<cap>최대|최고|최소|up to)?\s*(?P<num>\d[\d,]*(?:\.\d+)?\s*[조억천백십만]"
    r"(?:\s*\d[\d,]*(?:\.\d+)?\s*[조억천백십만]|[조억천백십만])*)\s*원")
_KO_PART = re.compile(r"(\d[\d,]*(?:\.\d+)?)?\s*([조억천백십만])")
_KO_DATE = re.compile(r"(?P<y>\d{4})\s?년(?:\s?(?P<m>\d{1,2})\s?월(?:\s?(?P<d>\d{1,2})\s?일)?)?")
_ARTICLE = re.compile(r"제\s?(\d+)\s?조(?:\s?의\s?(\d+))?(?:\s?제\s?(\d+)\s?항)?")
_ACT_ARTICLE = re.compile(r"(?<=법 )" + _ARTICLE.pattern)
_EN_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(billion|million|thousand)\b", re.I)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_UNIT = {"billion": 1e9, "million": 1e6, "thousand": 1e3}
_BIG = {"조": 1e12, "억": 1e8, "만": 1e4}
_SMALL = {"천": 1e3, "백": 1e2, "십": 10}
# A Korean counter in English, for one and for several ("1 person", "15 people")
_COUNTERS = {"%": ("%", "%"), "명": ("person", "people"), "개": ("", ""), "건": ("case", "cases"),
             "곳": ("place", "places"), "가지": ("kind", "kinds"), "종": ("kind", "kinds"),
             "분야": ("field", "fields"), "개월": ("month", "months"), "일": ("day", "days"),
             "년": ("year", "years"), "배": ("times", "times"), "점": ("point", "points"),
             "시간": ("hour", "hours"), "쪽": ("page", "pages"), "회": ("time", "times"),
             "번": ("time", "times"), "주": ("week", "weeks"), "세": ("years old", "years old")}
# ... not when a word goes on: "점포", "회의", "번째", "주년", "세대"
_NOT_AFTER = {"점": "(?!포)", "회": "(?!의|사)", "번": "(?!째)", "주": "(?!년|관)", "세": "(?!대)"}
_KO_COUNT = re.compile(  # not a year ("2025년") nor part of a longer number
    r"(?<![\d,.])(?!(?:19|20)\d\d\s?년)(?P<n>\d[\d,]*(?:\.\d+)?(?:\s?~\s?\d[\d,]*)?)\s*"
    "(?P<u>" + "|".join(re.escape(u) + _NOT_AFTER.get(u, "") for u in _COUNTERS) + ")")


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def korean_number(written: str) -> float:
    """Value of a Korean-unit number: "4천5백만" -> 45,000,000, "1억 5,000만" -> 150,000,000."""
    total, group = 0.0, 0.0
    for digits, unit in _KO_PART.findall(written):
        if unit in _SMALL:
            group += (_num(digits) if digits else 1.0) * _SMALL[unit]
        else:
            total += (group + (_num(digits) if digits else 0.0)) * _BIG[unit]
            group = 0.0
    return total + group


def _words(value: float) -> str:
    """60000000 -> "60 million", 2e10 -> "20 billion", 8.94e10 -> "89.4 billion"."""
    for name, size in (("billion", 1e9), ("million", 1e6)):
        if value >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{value:,.0f}"


def amounts(text: str) -> list[tuple[str, float, bool]]:
    """(as written, value in won, stated as a cap) for each Korean money amount in `text`."""
    out = []
    for m in _KO_AMOUNT.finditer(text):
        written = m.group(0)[len(m["cap"] or ""):].strip()
        out.append((written, korean_number(m["num"]), bool(m["cap"])))
    return out


def money(text: str) -> list[tuple[str, float]]:
    """(as written, value in won or the stated unit) of each money amount in `text`: Korean
    amounts ("6,000만 원") and English ones ("60 million")."""
    out = [(written, value) for written, value, _ in amounts(text)]
    out += [(m.group(0), _num(m.group(1)) * _UNIT[m.group(2).lower()])
            for m in _EN_AMOUNT.finditer(text)]
    return out


def figure_values(text: str) -> set[float]:
    """Every figure of `text` by value: money amounts as whole values, other numbers as written."""
    values: set[float] = set()
    rest = text
    for pattern in (_KO_AMOUNT, _EN_AMOUNT):
        for m in pattern.finditer(rest):
            if pattern is _KO_AMOUNT:
                value = korean_number(m["num"])
            else:
                value = _num(m.group(1)) * _UNIT[m.group(2).lower()]
            values.add(round(value, 2))
        rest = pattern.sub(" ", rest)
    values.update(_num(n) for n in _NUMBER.findall(rest))
    return values


def figures_supported(line: str, source: str) -> bool:
    """Every figure `line` states occurs in `source`, by value (numbers of the source count both
    as written and as parts of its amounts)."""
    wanted = figure_values(line)
    have = figure_values(source) | {_num(n) for n in _NUMBER.findall(source)}
    return wanted <= have


def _article(m: re.Match) -> str:
    """"Article 16 (제16조)"; "Act Article 34(1) (법 제34조제1항)" where a decree's sentence
    names the Act's article, not its own."""
    act = m.string[max(0, m.start() - 2):m.start()] == "법 "
    label = f"Article {m[1]}" + (f"-{m[2]}" if m[2] else "") + (f"({m[3]})" if m[3] else "")
    return f"Act {label} (법 {m.group(0)})" if act else f"{label} ({m.group(0)})"


def _date(m: re.Match) -> str:
    if m["d"]:
        english = f"{int(m['d'])} {MONTHS[int(m['m']) - 1]} {m['y']}"
    elif m["m"]:
        english = f"{MONTHS[int(m['m']) - 1]} {m['y']}"
    else:
        return m["y"]
    return f"{english} ({m.group(0)})"


def facts(kind: str, sentence: str, units: tuple[str, ...] = ()) -> list[str]:
    """The facts of a Korean sentence in English labels with the Korean written form kept; of
    the counts, those in the `units` the question counts in (figure patterns of
    `assistant.compose.asked_figures.units_named`) when any is."""
    found: list[str] = []
    if kind == "article" or (kind not in ("amount", "date", "count") and _ARTICLE.search(sentence)):
        found += [_article(m) for m in _ARTICLE.finditer(sentence)]
    if kind == "count":  # "how many …": the count, not a sum the sentence also states
        dates = [m.span() for m in _KO_DATE.finditer(sentence)]
        counts = [m for m in _KO_COUNT.finditer(sentence)
                  if not any(start <= m.start() < end for start, end in dates)]  # not a day
        # "how many bonus points": 1점, not 10% or 30%
        counts = [m for m in counts if any(re.search(u, m.group(0)) for u in units)] or counts
        for m in counts:
            unit = _COUNTERS[m["u"]][m["n"] != "1"]
            number = f"{m['n']}{'' if unit in ('%', '') else ' '}{unit}"
            found.append(f"{number} ({m.group(0)})")
    if kind in ("amount", "what", "yesno", "list") or not found:
        for written, value, cap in amounts(sentence):
            found.append(("up to " if cap else "") + f"{_words(value)} KRW ({written})")
    if kind in ("date", "what") or (kind not in ("amount",) and not found):
        found += [_date(m) for m in _KO_DATE.finditer(sentence) if m["m"] or kind == "date"]
    return list(dict.fromkeys(found))


def english_lead(kind: str, sentence: str, glossary: Glossary | None, article: str = "",
                 units: tuple[str, ...] = ()) -> str:
    """What an English reader needs first from a Korean sentence: its facts with the Korean
    written form kept ("Article 16 (제16조)"), or the glossary's English names of what it is
    about; "" when neither can be said."""
    stated = facts(kind, sentence, units)
    if kind == "article" and article:
        # the article it is part of, not another it refers to ("제32조에 따라"), unless a
        # decree's sentence names the Act's ("법 제15조에 따라": what a question on the Act asks)
        acts = [m.group(0) for m in _ACT_ARTICLE.finditer(sentence)]
        stated = facts(kind, " ".join(acts) if acts else article)
    if stated:
        return render("english_lead_facts", facts="; ".join(stated)).strip()
    terms = [(ko, en) for ko, en in glossary.terms_for(sentence) if en] if glossary else []
    if not terms:
        return ""
    named = ", ".join(f"{en} ({ko})" for ko, en in terms[:3])
    return render("english_lead_topic", terms=named).strip()


def english_line(kind: str, sentence: str, n: int, glossary: Glossary | None,
                 article: str = "", units: tuple[str, ...] = ()) -> str:
    """The cited line that opens an English answer drawn from a Korean sentence: the English
    lead, then the sentence quoted verbatim, then `[n]`; "" when no lead can be said.
    `article`: the statute article the sentence belongs to (its citation's), which a
    which-article question asks when the sentence does not name it; `units`: the units the
    question counts in (which counts to state)."""
    lead = english_lead(kind, sentence, glossary, article, units)
    if not lead:
        return ""
    return render("english_line", lead=lead, quote=sentence, n=str(n)).strip()
