"""assistant.ui.gradio_import: gradio imported without its stub rewrite, and still working."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[1]


def run_fresh(code: str) -> dict:
    """Run `code` in a new interpreter (gradio not yet imported); its last line is JSON."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_first_import_skips_the_stub_writer_and_components_still_work():
    out = run_fresh("""
        import json, sys
        from assistant.ui import gradio_import
        calls = []
        real = gradio_import.keep_stubs
        gradio_import.keep_stubs = lambda *a, **k: calls.append(a[1])
        gr = gradio_import.import_gradio()
        import gradio.component_meta as meta
        with gr.Blocks() as demo:
            box = gr.Textbox(label="질문")
            gr.Button("보내기").click(lambda q: q, box, box)
        print(json.dumps({
            "replaced": getattr(meta, gradio_import.STUB_WRITER) is not real,
            "classes": len(calls), "textbox": "Textbox" in calls,
            "finder_left": any(type(f).__name__ == "_SkipStubWriter" for f in sys.meta_path),
            "blocks": len(demo.blocks), "fns": len(demo.fns)}))
    """)
    assert out["replaced"], "gradio's stub writer was not replaced: was it renamed upstream?"
    # every component class gradio defines at import went through the no-op instead
    assert out["classes"] > 50 and out["textbox"]
    assert not out["finder_left"]
    assert out["blocks"] >= 2 and out["fns"] == 1


def test_gradio_already_imported_is_returned_as_it_is():
    out = run_fresh("""
        import json, sys
        import gradio, gradio.component_meta as meta
        before = meta.create_or_modify_pyi
        from assistant.ui.gradio_import import import_gradio
        same = import_gradio() is gradio
        print(json.dumps({"same": same, "untouched": meta.create_or_modify_pyi is before,
                          "finders": sum(type(f).__name__ == "_SkipStubWriter"
                                         for f in sys.meta_path)}))
    """)
    assert out == {"same": True, "untouched": True, "finders": 0}
