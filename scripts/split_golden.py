"""Assign every golden question to `calibration` or `test` and write it into the file.

    .venv/bin/python scripts/split_golden.py [PATH] [--check]

The split is a pure function of the items (never of a previous split): items are sorted by id,
shuffled with random.Random(SEED), the ones in the rarest strata are placed first, and each is
put where it keeps the test share of all its strata closest to TEST_SHARE. A stratum is every
tag, "refusal" (expect_refusal), "followup" (non-empty history), each language and each
audience; a repair pass makes sure each stratum of two or more items has both parts.

The file is edited textually: a `  split: ...` line right after each `- id:` line (inserted or
updated) and one header comment naming this script and the seed; every other byte is kept, so
comments and formatting survive and a second run changes nothing. `--check` only reports
whether the file is up to date (exit 1 if not).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

SEED = 2026
TEST_SHARE = 0.45
SPLITS = ("calibration", "test")
ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "corpus" / "eval" / "golden.yaml"
HEADER = f"# split: scripts/split_golden.py, seed {SEED}; tune only on `calibration`\n"
HEADER_LINE = re.compile(r"^# split: scripts/split_golden\.py\b.*$")
ID_LINE = re.compile(r"""^- id:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$""")
SPLIT_LINE = re.compile(r"^  split:.*$")


def strata(item: dict) -> list[str]:
    """The groups an item belongs to; each must be represented in both parts."""
    keys = [f"tag:{tag}" for tag in item.get("tags") or []]
    if item.get("expect_refusal"):
        keys.append("refusal")
    if item.get("history"):
        keys.append("followup")
    keys.append(f"language:{item.get('language')}")
    keys.append(f"audience:{item.get('audience')}")
    return keys


def assign(items: list[dict]) -> dict[str, str]:
    """id -> "calibration" | "test"; depends only on the items' ids, tags and fields, and SEED."""
    rng = random.Random(SEED)
    order = sorted(items, key=lambda item: str(item["id"]))
    rng.shuffle(order)
    size = Counter(key for item in order for key in strata(item))
    order.sort(key=lambda item: min(size[key] for key in strata(item)))  # stable: rarest first
    seen: Counter[str] = Counter()
    tests: Counter[str] = Counter()
    is_test: dict[str, bool] = {}

    def cost(keys: list[str], put_in_test: bool) -> float:
        return sum((tests[k] + put_in_test - TEST_SHARE * (seen[k] + 1)) ** 2 / size[k]
                   for k in keys)

    for item in order:
        keys = strata(item)
        to_test, to_cal = cost(keys, True), cost(keys, False)
        choice = to_test < to_cal if to_test != to_cal else rng.random() < TEST_SHARE
        is_test[str(item["id"])] = choice
        for key in keys:
            seen[key] += 1
            tests[key] += choice
    _repair(order, is_test, size)
    return {item_id: SPLITS[flag] for item_id, flag in is_test.items()}


def _repair(order: list[dict], is_test: dict[str, bool], size: Counter[str]) -> None:
    """Flip items so that every stratum of two or more items has both parts."""
    for _ in range(len(order)):
        tests = Counter(k for item in order if is_test[str(item["id"])] for k in strata(item))
        missing = sorted(k for k, n in size.items() if n >= 2 and tests[k] in (0, n))
        if not missing:
            return
        key = missing[0]
        want_test = tests[key] == 0  # the part the stratum lacks
        for item in sorted(order, key=lambda i: str(i["id"])):
            item_id = str(item["id"])
            if key not in strata(item) or is_test[item_id] == want_test:
                continue
            # flip only if no other stratum of this item loses its last member of the old part
            safe = all(
                (tests[k] if not want_test else size[k] - tests[k]) >= 2
                for k in strata(item) if k != key and size[k] >= 2
            )
            if safe:
                is_test[item_id] = want_test
                break
        else:
            raise SystemExit(f"cannot give stratum {key!r} both parts")
    raise SystemExit("repair did not converge")


def render(text: str, splits: dict[str, str]) -> str:
    """The file text with one `  split:` line after each `- id:` line and the header comment."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    header_done = False
    for line in lines:
        if HEADER_LINE.match(line.rstrip("\n")):
            if not header_done:
                out.append(HEADER)
                header_done = True
            continue
        out.append(line)
    if not header_done:
        top = 0
        while top < len(out) and out[top].startswith("#"):
            top += 1
        out.insert(top, HEADER)
    result: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(out):
        line = out[i]
        result.append(line)
        match = ID_LINE.match(line.rstrip("\n"))
        i += 1
        if not match:
            continue
        item_id = match.group(1)
        if item_id not in splits:
            raise SystemExit(f"{item_id}: in the text but not in the parsed items")
        seen.add(item_id)
        if i < len(out) and SPLIT_LINE.match(out[i].rstrip("\n")):
            i += 1  # replaced below
        result.append(f"  split: {splits[item_id]}\n")
    if seen != set(splits):
        raise SystemExit(f"items without a `- id:` line: {sorted(set(splits) - seen)}")
    return "".join(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=GOLDEN)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not up to date")
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    items = yaml.safe_load(text)
    splits = assign(items)
    new = render(text, splits)
    counts = Counter(splits.values())
    print(f"{len(items)} items: {counts['test']} test, {counts['calibration']} calibration "
          f"(seed {SEED})")
    if args.check:
        if new != text:
            print(f"{args.path} is not up to date: run scripts/split_golden.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
