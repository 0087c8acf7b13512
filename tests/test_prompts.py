import re

import pytest

from assistant.prompts import PROMPTS_DIR, PromptError, render, variables
from ingest.errors import AssistantError


def test_render_fills_variables(tmp_path):
    (tmp_path / "hello.txt").write_text("Hello $name, ${count} items, $$5", "utf-8")
    assert render("hello", prompts_dir=tmp_path, name="Kim", count=3) == "Hello Kim, 3 items, $5"


def test_missing_variable_names_template_and_variable(tmp_path):
    (tmp_path / "hello.txt").write_text("Hello $name and $other", "utf-8")
    with pytest.raises(PromptError) as err:
        render("hello", prompts_dir=tmp_path, name="Kim")
    assert "hello" in str(err.value) and "other" in str(err.value)
    assert isinstance(err.value, AssistantError)


def test_unknown_template_is_an_error(tmp_path):
    with pytest.raises(PromptError, match="unknown template"):
        render("nope", prompts_dir=tmp_path)
    with pytest.raises(PromptError):
        render("../etc/passwd")


def test_extra_variables_are_ignored(tmp_path):
    (tmp_path / "plain.txt").write_text("no variables", "utf-8")
    assert render("plain", prompts_dir=tmp_path, unused=1) == "no variables"


def test_shipped_templates_render_with_their_documented_variables():
    values = dict(body="B", year_note="Y", quote_note="", references="R", years="2023",
                  source_language="Korean", answer_language="Korean", audience_guide="G",
                  sources="S", question="Q", history="H", reason="x", count=1, next_step="N",
                  facts="F", terms="T", lead="L", quote="Q", n="1", entity="E",
                  attribute="A", title="T", where="W", document="D", url="U",
                  figures="F")
    names = sorted(p.stem for p in PROMPTS_DIR.glob("*.txt"))
    assert len(names) >= 20
    for name in names:
        assert variables(name) <= set(values), name
        assert render(name, **values).strip()


def test_no_template_invents_contact_details():
    phone = re.compile(r"\d{2,4}[-. ]\d{3,4}[-. ]\d{4}")
    for path in PROMPTS_DIR.glob("*.txt"):
        text = path.read_text("utf-8")
        assert "@" not in text and not phone.search(text), path.name
