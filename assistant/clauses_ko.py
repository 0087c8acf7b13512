"""Where a Korean question's clauses end and what each does, read from Kiwi tokens: a final
ending or a question mark ends one, a background connective (…인데요, …려고) makes it the
asker's situation, a request (…알려 주세요) or a question ending (…나요, …ㄹ까) makes it ask.
Used by `assistant.question`."""

from __future__ import annotations

# Korean connective endings that close a clause about the asker's situation ("…인데요, …").
BACKGROUND_ENDINGS = frozenset(
    "는데 ㄴ데 ᆫ데 은데 는데요 ㄴ데요 ᆫ데요 은데요 려고 으려고 려는데 니까 으니까 어서 아서 여서 "
    "지만 는데도 길래 다가 던데 더니".split()
)
# Kiwi tags of the words a clause can name (nouns, Latin and Chinese letters, numerals).
NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "NR")


def example_of_next(clause, i: int) -> bool:
    """Whether the noun at `i` is given as an example of a noun right after it: "X 같은 Y",
    "X 등(의) Y"."""
    after = clause[i + 1:i + 4]
    forms = [(t.form, t.tag) for t in after]
    if forms[:2] == [("같", "VA"), ("은", "ETM")]:
        rest = after[2:]
    elif forms[:1] == [("등", "NNB")]:
        rest = after[2:] if forms[1:2] == [("의", "JKG")] else after[1:]
    else:
        return False
    return bool(rest) and rest[0].tag.startswith(NOUN_TAGS)


def misread_connective(tokens, i: int) -> bool:
    """Kiwi reads the connective 는데 written without a space before the next word as a
    modifier and the bound noun 데 ("넘기는데 회원들한테" -> 넘기/는/데): a 데 right after the
    modifier ending, not followed by a particle, ends a background clause ("가는 데 시간이"
    and "쓰는 데에" are the noun)."""
    tok, before = tokens[i], tokens[i - 1] if i else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (tok.form == "데" and tok.tag == "NNB" and before is not None
            and before.tag == "ETM" and tok.start == before.start + before.len
            and (after is None or not after.tag.startswith(("J", "VCP"))))


# Final endings that only ask (Kiwi's EF forms): "-ㄴ가", "-나", "-니", "-냐", "-ㄹ까"; not "-요",
# which states as often as it asks.
_QUESTION_ENDINGS = ("ᆫ가", "는가", "나", "니", "냐", "까")


def is_question(clause) -> bool:
    """Whether a clause is a question: it ends in a question mark, or it is a request ("…알려
    주세요", "정리해 줘": a verb, then 주 and a final ending)."""
    ends = [t for t in clause if t.tag not in ("SF", "SP", "SE", "SS", "SW", "SO")]
    if ends and ends[-1].tag == "EF" and ends[-1].form.endswith(_QUESTION_ENDINGS):
        return True  # "…되는 건가", "되나", "있을까" ask without a question mark
    return any(t.form == "?" for t in clause) or (
        len(ends) > 1 and ends[-1].tag == "EF" and ends[-2].form == "주"
        and ends[-2].tag.startswith("VX"))


def is_background(clause) -> bool:
    """Whether a clause ends in a connective of the asker's situation (…려고, …는데)."""
    ends = [t for t in clause if t.tag not in ("SF", "SP", "SE", "SS")]
    return bool(ends) and ends[-1].tag == "EC" and background_ending(ends[-1].form)


_LONG_ENDINGS = tuple(e for e in BACKGROUND_ENDINGS if len(e) > 1)


def background_ending(form: str) -> bool:
    """Whether a connective ending (Kiwi's EC form) is one of `BACKGROUND_ENDINGS`, also inside
    reported speech: "돌려준다는데" (ᆫ다는데), "된다던데" (다던데), "하라니까"."""
    return form in BACKGROUND_ENDINGS or form.endswith(_LONG_ENDINGS)


def span(text: str, tokens) -> str:
    """The part of `text` a run of Kiwi tokens covers."""
    if not tokens:
        return ""
    return text[tokens[0].start : tokens[-1].start + tokens[-1].len].strip()
