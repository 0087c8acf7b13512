"""Kiwi's tokens of a question, put back together where Kiwi cuts a word it does not know:
a hyphenated Latin name ("K-DATA" is K, -, DATA to Kiwi) and a compound of one-syllable nouns
("물회집" = 물 + 회 + 집). Used by `assistant.question` to find a question's words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    """A Latin name Kiwi cut at its hyphens, whole again ("K-DATA", "COVID-19")."""

    form: str
    start: int
    len: int
    tag: str = "SL"


def names_whole(tokens) -> list:
    """Kiwi's tokens with each hyphenated Latin name as one token: "K-DATA" is K, -, DATA to
    Kiwi, and its words would be "data" alone, as if the question asked about data."""
    out: list = []
    for tok in tokens:
        if len(out) > 1 and out[-1].tag == "SO" and out[-1].form == "-" \
                and tok.tag in ("SL", "SN") and out[-2].tag in ("SL", "SN") \
                and "SL" in (tok.tag, out[-2].tag) \
                and out[-2].start + out[-2].len == out[-1].start == tok.start - 1:
            first = out[-2]
            out[-2:] = [Name(first.form + "-" + tok.form, first.start,
                              tok.start + tok.len - first.start)]
        else:
            out.append(tok)
    return out


def syllable_runs(clause) -> list[list]:
    """Runs of two or more one-syllable nouns written as one word ("물회집" = 물 + 회 + 집):
    Kiwi cuts a compound it does not know into syllables, each too short to be a word."""
    runs: list[list] = [[]]
    for tok in clause:
        single = tok.tag == "NNG" and tok.len == 1
        if single and runs[-1] and runs[-1][-1].start + 1 == tok.start:
            runs[-1].append(tok)
        elif single:
            runs.append([tok])
        else:
            runs.append([])
    return [r for r in runs if len(r) > 1]
