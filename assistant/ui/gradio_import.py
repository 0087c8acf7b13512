"""gradio, imported without rewriting its type stubs.

At every import gradio's component metaclass re-derives the `.pyi` stub of each of its 77
component classes (`gradio.component_meta.create_or_modify_pyi`: the class's source file read
and parsed with `ast`, a Jinja template rendered, the stub in site-packages compared and
rewritten when it differs). The stubs only serve editors' type hints, never a running app, yet
this is about 1.2 s of the 3 s `import gradio` takes on this machine and so a quarter of
`assistant serve`'s start-up (docs/benchmarks.md, `serve_ready_s`). gradio has no setting for
it, so `import_gradio` loads `gradio.component_meta` with that one function replaced by a
no-op before any component class is defined. Nothing else of gradio changes, and the stubs
shipped in its wheel stay as they are. If a gradio release renames the function, the import is
just slower again (tests/test_gradio_import.py then fails, to say so).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

TARGET = "gradio.component_meta"
STUB_WRITER = "create_or_modify_pyi"


def keep_stubs(*args: object, **kwargs: object) -> None:
    """Stands in for gradio's stub writer: leaves the installed stubs as they are."""


class _SkipStubWriter(importlib.abc.MetaPathFinder):
    """Finds `gradio.component_meta` as usual and swaps its stub writer right after it runs.

    It removes itself at its first use, so it is consulted for one import only."""

    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if hasattr(module, STUB_WRITER):
                setattr(module, STUB_WRITER, keep_stubs)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def import_gradio() -> ModuleType:
    """The `gradio` module; its first import in this process skips the stub rewrite.

    When gradio is already imported (a test importing `assistant.ui.app` first), it is
    returned as it is."""
    if "gradio" not in sys.modules and not any(
            isinstance(finder, _SkipStubWriter) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubWriter())
    import gradio

    return gradio
