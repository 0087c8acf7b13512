"""List the statutes' nouns the glossary does not hold yet, most frequent first, with a line that
uses each: the candidates for the glossary's statute section (`corpus/glossary.yaml`, after the
"statutes' legal vocabulary" marker). A person (or a helper) picks the legal terms among them,
translates each as the statute's English heading titles (`headings_en`) do, and adds the
variants users type; tests/test_corpus.py checks every such term occurs in a statute.

    .venv/bin/python scripts/statute_terms.py [--top 260] > candidates.tsv
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import yaml

from ingest.text import kiwi

ROOT = Path(__file__).resolve().parent.parent
LAWS = sorted((ROOT / "corpus" / "policies").glob("law-*.md"))


def glossary_forms() -> set[str]:
    """Every Korean form (and variant) of the glossary, spaces removed."""
    entries = yaml.safe_load((ROOT / "corpus" / "glossary.yaml").read_text("utf-8"))
    return {str(f).replace(" ", "") for e in entries for f in [e["ko"], *e.get("variants", [])]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=260)
    top = parser.parse_args().top
    known, counts, example = glossary_forms(), collections.Counter(), {}
    for path in LAWS:
        body = path.read_text("utf-8").split("\n---", 2)[-1]  # without the front matter
        for line in body.splitlines():
            for token in kiwi().tokenize(line):
                if token.tag == "NNG" and len(token.form) >= 2 and token.form not in known:
                    counts[token.form] += 1
                    example.setdefault(token.form, line.strip()[:120])
    for word, n in counts.most_common(top):
        print(f"{word}\t{n}\t{example[word]}")


if __name__ == "__main__":
    main()
