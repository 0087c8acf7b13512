"""scripts/fit_selection.py: the listwise loss, its gradient, the fit and the file rewrite
(on made-up candidates; the collection step is the real `assistant eval` path)."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fitter():
    return load_script("fit_selection")


def made_up(n_features: int, seed: int = 3):
    """Items whose positive candidate is the one with the highest first feature."""
    rng = np.random.default_rng(seed)
    data = []
    for i in range(30):
        x = rng.random((6, n_features))
        y = np.zeros(6, dtype=bool)
        y[int(np.argmax(x[:, 0]))] = True
        data.append((x, y, f"item-{i}"))
    return data


def test_the_gradient_is_the_derivative_of_the_loss(fitter):
    n = len(fitter.FEATURES)
    data, w0 = made_up(n), np.full(n, 0.1)
    w = w0 + 0.05
    _, grad = fitter.loss(w, data, w0)
    step = 1e-6
    for k in range(n):
        e = np.zeros(n)
        e[k] = step
        numeric = (fitter.loss(w + e, data, w0)[0] - fitter.loss(w - e, data, w0)[0]) / (2 * step)
        assert grad[k] == pytest.approx(numeric, rel=1e-3, abs=1e-6)


def test_the_fit_finds_the_feature_that_ranks_the_answer(fitter):
    n = len(fitter.FEATURES)
    data, w0 = made_up(n), np.full(n, 0.1)
    before = fitter.top_is_positive(w0, data)
    w = fitter.fit(data, w0)
    assert fitter.top_is_positive(w, data) >= max(0.85, before + 0.3)  # the L2 pull keeps
    # the other weights near w0, so a few near ties remain
    assert (w >= 0).all() and int(np.argmax(w)) == 0


def test_write_replaces_only_the_weights(fitter, tmp_path):
    path = tmp_path / "calibration.yaml"
    shutil.copy(ROOT / "assistant" / "calibration.yaml", path)
    before = path.read_text(encoding="utf-8")
    fitter.write({"lexical": 0.45, "cosine": 0.4}, path)
    after = path.read_text(encoding="utf-8")
    assert "  w_lexical: 0.45 " in after and "  w_cosine: 0.4 " in after
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert len(changed) == 2
    with pytest.raises(SystemExit, match="w_nothing"):
        fitter.write({"nothing": 1.0}, path)


def test_folds_leave_one_set_out_or_split_at_random(fitter):
    data = [(None, None, f"{name}/item-{i}") for i, name in
            enumerate(["golden", "dev24_everyday", "golden", "dev25_policy", "dev24_everyday"])]
    names, folds = fitter.folds_of(data, 5, by_set=True)
    assert names == ["dev24_everyday", "dev25_policy", "golden"]
    assert folds == [{1, 4}, {3}, {0, 2}]
    names, folds = fitter.folds_of(data, 2, by_set=False)
    assert names == [] and len(folds) == 2 and set().union(*folds) == set(range(5))
    assert not folds[0] & folds[1]
