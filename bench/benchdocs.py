"""Writing a benchmark's results into docs/benchmarks.md: one section between two equal markers.

Shared by the bench scripts so that re-running a benchmark replaces its own section and leaves the rest of
the page alone; a section seen for the first time is appended (after ``heading`` when given).
"""

from __future__ import annotations

from pathlib import Path


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
