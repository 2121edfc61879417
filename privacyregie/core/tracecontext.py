"""W3C Trace Context (Recommendation, level 1): parse ``traceparent`` and ``tracestate`` exactly.

* ``traceparent`` = version "-" trace-id "-" parent-id "-" trace-flags, lowercase hex only.
  Version ``ff`` is invalid. A version above ``00`` is parsed with the version-00 fields; it may
  carry more fields after a dash. Version ``00`` has exactly these four fields. An all-zero
  trace-id or parent-id is invalid.
* The sampled flag (bit 0 of trace-flags) is kept; the other bits are not propagated.
* ``tracestate`` is passed on only with a valid ``traceparent``; a header that does not parse is
  dropped whole, and more than 512 characters are cut by removing members (longest over 128 first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEX = "0-9a-f"
_TRACEPARENT = re.compile(rf"^([{_HEX}]{{2}})-([{_HEX}]{{32}})-([{_HEX}]{{16}})-([{_HEX}]{{2}})(-.*)?\Z", re.DOTALL)
_KEY = re.compile(r"^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$")
_VALUE = re.compile(r"^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$")
MAX_TRACESTATE_MEMBERS = 32
MAX_TRACESTATE_LENGTH = 512
SAMPLED = 0x01


@dataclass(frozen=True)
class TraceParent:
    version: str
    trace_id: str
    parent_id: str
    flags: int

    @property
    def sampled(self) -> bool:
        return bool(self.flags & SAMPLED)


def parse_traceparent(header: str | None) -> TraceParent | None:
    """The traceparent's fields, or None when the header is not valid W3C trace context."""
    if not header:
        return None
    value = header.strip(" \t")
    match = _TRACEPARENT.match(value)
    if match is None:
        return None
    version, trace_id, parent_id, flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest is not None):
        return None
    if trace_id == "0" * 32 or parent_id == "0" * 16:
        return None
    return TraceParent(version, trace_id, parent_id, int(flags, 16))


def format_traceparent(trace_id: str, span_id: str, sampled: bool) -> str:
    """The version-00 traceparent we send: only the sampled flag is propagated."""
    return f"00-{trace_id}-{span_id}-{'01' if sampled else '00'}"


def parse_tracestate(header: str | None) -> list[tuple[str, str]] | None:
    """The tracestate's members in order, or None when the header is not valid (then it is dropped)."""
    if header is None:
        return None
    members, seen = [], set()
    for part in header.split(","):
        part = part.strip(" \t")
        if not part:
            continue  # empty list members are allowed
        key, sep, value = part.partition("=")
        if not sep or not _KEY.match(key) or not _VALUE.match(value) or key in seen:
            return None
        seen.add(key)
        members.append((key, value))
    if len(members) > MAX_TRACESTATE_MEMBERS:
        return None
    return members


def format_tracestate(members: list[tuple[str, str]]) -> str:
    members = list(members)
    text = ",".join(f"{k}={v}" for k, v in members)
    while len(text) > MAX_TRACESTATE_LENGTH and members:
        long = [m for m in members if len(m[0]) + 1 + len(m[1]) > 128]
        members.remove(long[0] if long else members[-1])
        text = ",".join(f"{k}={v}" for k, v in members)
    return text
