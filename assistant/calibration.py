"""Every fitted number of the read path, loaded from one versioned YAML file (PyYAML).

Modules read their thresholds, weights and boosts from a `Calibration`; none keeps a fitted
constant of its own. The file names the embedder it was fitted with: similarity scores of another
embedder live on another scale, so `check_embedder` says so clearly instead of silently
mis-deciding. Unknown or missing keys are errors: a typo must not fall back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import AssistantError

DEFAULT_PATH = Path(__file__).with_name("calibration.yaml")
VERSION = 2


class CalibrationError(AssistantError):
    """The calibration file cannot be read or does not match the expected keys."""


@dataclass(frozen=True)
class RefusalValues:
    """When the evidence may not be used to answer (assistant.refusal)."""

    ko_unknown_share: float
    unknown_focus_dense: float
    en_unknown_share: float
    en_dense: float
    weak_dense: float
    weak_keyword: float
    uncovered_cosine: float
    fit_cosine_span: float


@dataclass(frozen=True)
class SelectionValues:
    """How evidence sentences are scored and how many are quoted (assistant.compose.select)."""

    w_lexical: float
    w_dense: float
    w_hit: float
    w_article: float
    w_language: float
    w_kind: float
    w_year: float
    w_generic: float
    w_topic_only: float
    w_subject: float
    w_sibling: float
    w_unmet: float
    w_total: float
    w_extreme: float
    w_novel: float
    w_rank: float
    w_item: float
    w_cosine: float
    dense_span: float
    focus_weight: float
    margin: float
    extra_margin: float
    redundant_cosine: float
    bigram_credit: float
    stem_credit: float
    max_lines: int
    same_fact_cosine: float
    cross_language_cosine: float


@dataclass(frozen=True)
class RetrievalValues:
    """Re-ranking boosts after fusion (assistant.retrieval)."""

    named_document_boost: float
    year_boost: float
    other_year_factor: float
    cross_language_dense_factor: float = 2.0
    cross_language_dense_ranks: int = 3
    year_mention_share: float = 0.5
    per_document: int = 4


@dataclass(frozen=True)
class GroundingValues:
    """Support thresholds of the LLM grounding check (assistant.compose.grounding)."""

    lexical: float
    cross_lexical: float
    dense: float
    cross_dense: float


@dataclass(frozen=True)
class Calibration:
    """The fitted values, by the stage that uses them, and the embedder they were fitted for."""

    version: int
    embedder: str
    fitted_on: str
    refusal: RefusalValues
    selection: SelectionValues
    retrieval: RetrievalValues
    grounding: GroundingValues

    def check_embedder(self, identity: str) -> str:
        """A warning when the index's embedder is not the one these values were fitted for."""
        if identity == self.embedder:
            return ""
        return (f"calibration was fitted for embedder {self.embedder!r}, but the index uses "
                f"{identity!r}: refusal thresholds and weights may not fit; re-fit "
                f"assistant/calibration.yaml on the golden calibration part "
                f"(assistant eval --split calibration) or set ASSISTANT_CALIBRATION")


_SECTIONS = {"refusal": RefusalValues, "selection": SelectionValues,
             "retrieval": RetrievalValues, "grounding": GroundingValues}


def _section(name: str, raw: Any, where: Path):
    cls = _SECTIONS[name]
    if not isinstance(raw, dict):
        raise CalibrationError(f"{where}: `{name}` must be a mapping of values")
    wanted = {f.name: f.type for f in fields(cls)}
    unknown, missing = set(raw) - set(wanted), set(wanted) - set(raw)
    if unknown or missing:
        raise CalibrationError(
            f"{where}: `{name}` has unknown keys {sorted(unknown)} and lacks {sorted(missing)}")
    values = {}
    for key, kind in wanted.items():
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CalibrationError(f"{where}: `{name}.{key}` must be a number, not {value!r}")
        values[key] = int(value) if kind == "int" else float(value)
    return cls(**values)


def load_calibration(path: Path | None = None) -> Calibration:
    """Read and check a calibration file (default: the one shipped with the assistant)."""
    path = Path(path or DEFAULT_PATH)
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CalibrationError(f"cannot read calibration file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CalibrationError(f"{path}: expected a mapping with version, embedder and sections")
    if raw.get("version") != VERSION:
        raise CalibrationError(
            f"{path}: version {raw.get('version')!r} is not {VERSION}; update the file's keys")
    if not raw.get("embedder"):
        raise CalibrationError(f"{path}: `embedder` (the identity it was fitted for) is missing")
    extra = set(raw) - {"version", "embedder", "fitted_on", *_SECTIONS}
    if extra:
        raise CalibrationError(f"{path}: unknown top-level keys {sorted(extra)}")
    return Calibration(
        version=VERSION, embedder=str(raw["embedder"]), fitted_on=str(raw.get("fitted_on", "")),
        **{name: _section(name, raw.get(name), path) for name in _SECTIONS},
    )


@lru_cache(maxsize=1)
def default_calibration() -> Calibration:
    """The shipped calibration (read once)."""
    return load_calibration(DEFAULT_PATH)
