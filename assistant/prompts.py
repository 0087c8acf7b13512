"""Prompt and answer templates: files in `prompts/` filled with `string.Template` ($name).

A template that uses a variable the caller did not give is an error (PromptError), never an
empty string; variables given but not used are fine. See prompts/README.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from string import Template

from ingest.errors import AssistantError

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_NAME = re.compile(r"^[a-z0-9_]+$")


class PromptError(AssistantError):
    """A template is missing, or it needs a variable that was not given."""


@lru_cache(maxsize=128)
def _read(path: Path) -> str:
    return path.read_text("utf-8")


def load(name: str, prompts_dir: Path | None = None) -> Template:
    """The template `prompts/<name>.txt` as a `string.Template`."""
    folder = Path(prompts_dir) if prompts_dir else PROMPTS_DIR
    if not _NAME.match(name):
        raise PromptError(f"bad template name {name!r}: use lower-case letters, digits and _")
    path = folder / f"{name}.txt"
    if not path.is_file():
        raise PromptError(f"unknown template {name!r}: no file {path}")
    return Template(_read(path))


def variables(name: str, prompts_dir: Path | None = None) -> set[str]:
    """Names of the variables template `name` uses."""
    return set(load(name, prompts_dir).get_identifiers())


def render(name: str, /, prompts_dir: Path | None = None, **values: object) -> str:
    """Fill template `name` with `values`; a variable it uses but not given is a PromptError."""
    template = load(name, prompts_dir)
    missing = sorted(set(template.get_identifiers()) - set(values))
    if missing:
        raise PromptError(
            f"template {name!r} needs variable(s) {', '.join(missing)} that were not given"
        )
    try:
        return template.substitute({k: str(v) for k, v in values.items()})
    except ValueError as exc:  # a stray `$` in the file
        raise PromptError(f"template {name!r} is malformed: {exc} (write $$ for a dollar)") from exc
