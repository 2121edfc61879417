"""What the bench scripts share: a free port, gunicorn started as production runs it, and writing results
into docs/benchmarks.md (one section between two equal markers: re-running a benchmark replaces its own
section and leaves the rest of the page alone; a section seen for the first time is appended).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(cwd, env: dict, port: int, workers: int, access_log: str = "/dev/null",
                   timeout_s: float = 60) -> subprocess.Popen:
    """gunicorn on ``port`` with ``workers`` sync workers; returns once it accepts connections."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "privacyregie.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--access-logfile", access_log, "--log-level", "warning", "--timeout", "120"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def replace_section(path: Path, marker: str, section: str, heading: str = "") -> None:
    """``section`` starts and ends with ``marker`` (the end followed by a newline)."""
    text = path.read_text() if path.exists() else ""
    if marker in text:
        before, _, rest = text.partition(marker)
        _, _, after = rest.partition(marker + "\n")
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + (f"{heading}\n\n" if heading else "") + section
    path.write_text(text)
