"""What the serving process owns besides the app: its folder for Gradio's temporary uploads,
the `serve.json` that lets `assistant ask` use it, and the first build of a missing index with
its terminal progress bar. Light imports only: `assistant ask` reads `serve.json` through here."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)
SERVE_FILE = "serve.json"  # in the data dir: {"url", "pid"} of the server using it


UPLOADS_ROOT = Path(tempfile.gettempdir()) / "assistant-uploads"


def upload_folder() -> Path:
    """This process's folder for Gradio's temporary uploads; folders of processes that are
    gone (stopped or killed) are removed first."""
    UPLOADS_ROOT.mkdir(parents=True, exist_ok=True)
    for folder in UPLOADS_ROOT.iterdir():
        pid = int(folder.name) if folder.name.isdigit() else 0
        if pid and pid != os.getpid() and not alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
    folder = UPLOADS_ROOT / str(os.getpid())
    folder.mkdir(exist_ok=True)
    return folder


def alive(pid: int) -> bool:
    """Whether a process with this id runs (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def build_if_missing(settings, workspace) -> None:
    """No index yet (a first `make run`): build it inside this server, publishing it in steps,
    with a progress bar on the terminal; the page shows the progress too."""
    from ingest.store import Generations

    try:
        if Generations(settings.index_dir, settings.chroma, settings.collection).current():
            return
    except Exception as exc:  # noqa: BLE001 (Chroma server down: /readyz says so)
        log.warning("cannot check for an index: %s", exc)
        return
    job_id = workspace.start_ingest(first_build=True)
    threading.Thread(target=_show_progress, args=(workspace, job_id), daemon=True).start()


def _show_progress(workspace, job_id: str, width: int = 30) -> None:
    """A one-line progress bar on stderr (a line every 10 % when it is not a terminal)."""
    tty, shown = sys.stderr.isatty(), -1
    while True:
        job = workspace.job(job_id)
        share = float(job.get("progress") or 0.0)
        percent = int(100 * share)
        bar = "█" * int(width * share) + "░" * (width - int(width * share))
        line = f"indexing the documents {bar} {percent:3d}% {job.get('message') or ''}"
        if tty:
            sys.stderr.write("\r" + line[:100].ljust(100))
        elif percent // 10 != shown // 10:
            sys.stderr.write(line + "\n")
            shown = percent
        if job["status"] in ("done", "failed"):
            sys.stderr.write(("\n" if tty else "") + f"indexing {job['status']}: "
                             f"{job.get('message') or ''}\n")
            sys.stderr.flush()
            return
        sys.stderr.flush()
        time.sleep(0.5)


class Announcement:
    """This process's `serve.json`: written once uvicorn listens, removed on exit if still ours."""

    def __init__(self, path: Path) -> None:
        self.path, self.lock, self.withdrawn = path, threading.Lock(), False

    def when_started(self, server, url: str) -> None:
        """Wait until uvicorn listens (or gives up), then write the file atomically."""
        while not server.started:
            if self.withdrawn or server.should_exit:
                return
            time.sleep(0.05)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with self.lock:
            if self.withdrawn:
                return
            try:
                tmp.write_text(json.dumps({"url": url, "pid": os.getpid()}), "utf-8")
                os.replace(tmp, self.path)
            except OSError as exc:  # a read-only or full disk: `ask` answers by itself
                log.warning("cannot write %s (%s): `assistant ask` will answer by itself",
                            self.path, exc)
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)

    def withdraw(self) -> None:
        """Remove the file if it names this process; nothing is written after this."""
        with self.lock:
            self.withdrawn = True
            with contextlib.suppress(OSError, ValueError, AttributeError):
                if json.loads(self.path.read_text("utf-8")).get("pid") == os.getpid():
                    self.path.unlink()
