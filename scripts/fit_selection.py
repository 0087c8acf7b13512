"""Fit the sentence-selection weights (`selection.w_*` in assistant/calibration.yaml) to the
calibration part of the golden set, instead of choosing them by hand.

    .venv/bin/python scripts/fit_selection.py [--golden PATH ...] [--folds 5] [--write]
    .venv/bin/python scripts/fit_selection.py --golden corpus/eval/golden.yaml \
        --golden corpus/eval/dev/dev14_en.yaml ... --by-set

With several `--golden` files (the dev sets' items are all `split: calibration`), `--by-set`
cross-validates by leaving one set out at a time (its en and ko files together) instead of
k random folds: a weight that helps only the sets it was fitted on shows up there.

For every answerable calibration item the assistant is asked as `assistant eval` asks it, and
each candidate sentence of the final ranking is recorded with its features (the `parts` that
`assistant.compose.features.score_of` sums). A candidate is a positive when it holds one of the
item's expected strings (as `assistant eval` matches them). The weights minimise a listwise loss
(softmax cross-entropy of the positives among the question's candidates, scores divided by
TEMPERATURE) plus an L2 pull towards the current weights, so that the score keeps its scale
(the margins that admit further lines are in score units). Only items with both positive and
negative candidates teach anything.

It prints the share of items whose top candidate is a positive (a proxy of `first_line`):
current weights, fitted weights in-sample, and fitted weights under k-fold cross-validation
within the calibration part (the honest figure). The test part is never read. `--write`
replaces the fitted weights in assistant/calibration.yaml (other lines and comments kept);
then re-run `assistant eval --split calibration` and `--split test` and report both.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.evaluation import load_golden, normalise  # noqa: E402

# Feature name -> sign in score_of (the penalties are subtracted).
FEATURES = {"lexical": 1, "dense": 1, "hit": 1, "kind": 1, "year": 1, "article": 1,
            "language": 1, "generic": -1, "topic_only": -1, "subject": 1, "novel": 1,
            "rank": 1, "item": 1, "cosine": 1}
TEMPERATURE = 0.05  # score units: a candidate 0.05 above another is e times as likely first
L2 = 2.0  # pull towards the current weights (per squared weight unit)
CALIBRATION = ROOT / "assistant" / "calibration.yaml"


def collect(goldens: list[Path]) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """(features of each candidate, positive or not, "set/item id") per answerable calibration
    item of each file (a set is a file's name without its language: dev24_everyday)."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings())
    assistant.warm_up()
    selector = assistant.extractive.selector
    seen = []
    rank = selector.rank

    def recording(*args, **kwargs):
        ranking = rank(*args, **kwargs)
        seen.append(ranking)
        return ranking

    selector.rank = recording
    out = []
    for golden in goldens:
        out += _collect(assistant, golden, seen)
    return out


def _collect(assistant, golden: Path, seen: list) -> list[tuple[np.ndarray, np.ndarray, str]]:
    name = re.sub(r"_(?:en|ko)$", "", golden.stem)
    out = []
    for item in load_golden(golden):
        if item.split != "calibration" or item.expect_refusal or not item.expected:
            continue
        seen.clear()
        assistant.ask(item.question, audience=item.audience, history=item.history)
        if not seen:
            continue
        ranked = seen[-1].ranked
        wanted = [normalise(x) for x in item.expected]
        x = np.array([[s.parts.get(f, 0.0) * sign for f, sign in FEATURES.items()]
                      for s in ranked])
        y = np.array([any(w in normalise(s.sentence.text) for w in wanted) for s in ranked])
        out.append((x, y, f"{name}/{item.id}"))
    return out


def current_weights() -> np.ndarray:
    from assistant.calibration import load_calibration

    values = load_calibration(CALIBRATION).selection
    return np.array([getattr(values, f"w_{f}") for f in FEATURES])


def loss(w: np.ndarray, data, w0: np.ndarray) -> tuple[float, np.ndarray]:
    """Listwise cross-entropy of the positives, plus the L2 pull; and its gradient."""
    total, grad = 0.0, np.zeros_like(w)
    for x, y, _ in data:
        s = x @ w / TEMPERATURE
        s -= s.max()
        p = np.exp(s) / np.exp(s).sum()
        pos = p[y].sum()
        total -= np.log(pos)
        q = np.where(y, p / pos, 0.0)  # gradient of -log sum_pos softmax
        grad -= (q - p) @ x / TEMPERATURE
    n = max(len(data), 1)
    total, grad = total / n, grad / n
    total += L2 * float((w - w0) @ (w - w0))
    grad += 2 * L2 * (w - w0)
    return total, grad


def fit(data, w0: np.ndarray) -> np.ndarray:
    """Weights minimising `loss`, each kept >= 0 (its sign is in FEATURES)."""
    bounds = [(0.0, None)] * len(w0)  # every feature keeps the direction its name says
    result = minimize(loss, w0, args=(data, w0), jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x


def top_is_positive(w: np.ndarray, data) -> float:
    """Share of items whose best-scored candidate holds an expected string."""
    return float(np.mean([y[int(np.argmax(x @ w))] for x, y, _ in data])) if data else 0.0


def folds_of(data, k: int, by_set: bool) -> tuple[list[str], list[set[int]]]:
    """The held-out item indices of each cross-validation fold: one per set ("dev24_everyday"
    of "dev24_everyday/d24-…"), named, when `by_set`; else `k` seeded random folds, unnamed."""
    if by_set:
        sets = sorted({key.split("/")[0] for _, _, key in data})
        return sets, [{i for i, d in enumerate(data) if d[2].split("/")[0] == name}
                      for name in sets]
    order = list(range(len(data)))
    random.Random(2026).shuffle(order)
    return [], [set(order[j::k]) for j in range(k)]


def write(weights: dict[str, float], path: Path = CALIBRATION) -> None:
    """Replace the `w_<name>:` values in the calibration file, keeping every other byte."""
    text = path.read_text(encoding="utf-8")
    for name, value in weights.items():
        text, n = re.subn(rf"(?m)^(\s+w_{name}:\s*)[-\d.]+", rf"\g<1>{value:.3g}", text)
        if n != 1:
            raise SystemExit(f"w_{name} not found once in {path}")
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden", type=Path, action="append",
                        help="a golden or dev YAML file (repeatable; default: golden.yaml)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--by-set", action="store_true",
                        help="cross-validate leaving one set (file, both languages) out")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    goldens = args.golden or [ROOT / "corpus" / "eval" / "golden.yaml"]
    data = [d for d in collect(goldens) if d[1].any() and not d[1].all()]
    w0 = current_weights()
    print(f"{len(data)} calibration items with positive and negative candidates")
    w = fit(data, w0)
    print(f"top candidate holds an expected string: current {top_is_positive(w0, data):.3f}, "
          f"fitted in-sample {top_is_positive(w, data):.3f}")
    sets, folds = folds_of(data, args.folds, args.by_set)
    hits = []
    for k, held in enumerate(folds):
        train = [d for i, d in enumerate(data) if i not in held]
        test = [d for i, d in enumerate(data) if i in held]
        wk = fit(train, w0)
        got = [y[int(np.argmax(x @ wk))] for x, y, _ in test]
        was = [y[int(np.argmax(x @ w0))] for x, y, _ in test]
        hits += got
        if sets:
            print(f"  held out {sets[k]:<16} {sum(was):4d} -> {sum(got):4d} of {len(test)}")
    how = "leaving one set out" if args.by_set else f"{args.folds}-fold"
    print(f"fitted, cross-validated ({how}): {np.mean(hits):.3f}")
    fitted = dict(zip(FEATURES, (round(float(v), 3) for v in w), strict=True))
    for name, old in zip(FEATURES, w0, strict=True):
        print(f"  w_{name:<11} {old:6.3f} -> {fitted[name]:6.3f}")
    if args.write:
        write(fitted)
        print(f"written to {CALIBRATION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
