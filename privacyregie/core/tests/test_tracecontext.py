"""W3C Trace Context, exactly (issue 10, section 5): traceparent of any version with the version-00
fields, never version ff or all-zero ids, the incoming sampled flag kept, tracestate passed on."""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from privacyregie.core.middleware import TraceContextMiddleware
from privacyregie.core.tracecontext import (
    format_traceparent,
    format_tracestate,
    parse_traceparent,
    parse_tracestate,
)

HEX = "0123456789abcdef"
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"


def hexes(n):
    return st.text(HEX, min_size=n, max_size=n)


versions = hexes(2).filter(lambda v: v != "ff")
trace_ids = hexes(32).filter(lambda v: v != "0" * 32)
parent_ids = hexes(16).filter(lambda v: v != "0" * 16)
flags = st.integers(0, 255)
# what a future version may append: a dash and anything
suffixes = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40).map(lambda s: "-" + s)


@given(versions, trace_ids, parent_ids, flags)
def test_valid_traceparent_of_any_version_is_parsed_into_its_fields(version, trace_id, parent_id, flag):
    parsed = parse_traceparent(f"{version}-{trace_id}-{parent_id}-{flag:02x}")
    assert parsed is not None
    assert (parsed.version, parsed.trace_id, parsed.parent_id, parsed.flags) == (version, trace_id, parent_id, flag)
    assert parsed.sampled == bool(flag & 1)


@given(versions.filter(lambda v: v != "00"), trace_ids, parent_ids, flags, suffixes)
def test_a_future_version_may_append_fields_after_a_dash(version, trace_id, parent_id, flag, suffix):
    parsed = parse_traceparent(f"{version}-{trace_id}-{parent_id}-{flag:02x}{suffix}")
    assert parsed is not None and (parsed.trace_id, parsed.parent_id, parsed.flags) == (trace_id, parent_id, flag)


@given(trace_ids, parent_ids, flags, suffixes)
def test_version_00_has_exactly_four_fields(trace_id, parent_id, flag, suffix):
    assert parse_traceparent(f"00-{trace_id}-{parent_id}-{flag:02x}{suffix}") is None


@given(trace_ids, parent_ids, flags, st.one_of(st.just(""), suffixes))
def test_version_ff_is_rejected(trace_id, parent_id, flag, suffix):
    assert parse_traceparent(f"ff-{trace_id}-{parent_id}-{flag:02x}{suffix}") is None


@given(versions, parent_ids, flags)
def test_all_zero_trace_id_is_rejected(version, parent_id, flag):
    assert parse_traceparent(f"{version}-{'0' * 32}-{parent_id}-{flag:02x}") is None


@given(versions, trace_ids, flags)
def test_all_zero_parent_id_is_rejected(version, trace_id, flag):
    assert parse_traceparent(f"{version}-{trace_id}-{'0' * 16}-{flag:02x}") is None


@given(st.text(max_size=80))
def test_anything_the_parser_accepts_is_well_formed(header):
    parsed = parse_traceparent(header)
    if parsed is not None:
        assert re.fullmatch(r"[0-9a-f]{2}", parsed.version) and parsed.version != "ff"
        assert re.fullmatch(r"[0-9a-f]{32}", parsed.trace_id) and parsed.trace_id != "0" * 32
        assert re.fullmatch(r"[0-9a-f]{16}", parsed.parent_id) and parsed.parent_id != "0" * 16
        assert 0 <= parsed.flags <= 255


@given(versions, trace_ids, parent_ids, flags, st.integers(0, 54))
def test_a_cut_or_altered_header_is_rejected(version, trace_id, parent_id, flag, position):
    header = f"{version}-{trace_id}-{parent_id}-{flag:02x}"
    assert parse_traceparent(header[:position]) is None
    altered = header[:position] + ("g" if header[position] != "-" else "0") + header[position + 1:]
    assert parse_traceparent(altered) is None


@pytest.mark.parametrize("header", [
    f"00-{TRACE.upper()}-{PARENT}-01",  # uppercase hex is not allowed
    f"00-{TRACE}-{PARENT}-1",
    f"0-{TRACE}-{PARENT}-01",
    f"00_{TRACE}_{PARENT}_01",
    f"00-{TRACE}-{PARENT}",
    f"cc-{TRACE}-{PARENT}-01.",  # a future version's extra fields follow a dash
])
def test_malformed_traceparent_is_rejected(header):
    assert parse_traceparent(header) is None


@given(trace_ids, parent_ids, st.booleans())
def test_formatted_traceparent_parses_back(trace_id, span_id, sampled):
    parsed = parse_traceparent(format_traceparent(trace_id, span_id, sampled))
    assert (parsed.version, parsed.trace_id, parsed.parent_id, parsed.sampled) == ("00", trace_id, span_id, sampled)


# --- tracestate ---------------------------------------------------------------------------------

keys = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_\-*/]{0,20}", fullmatch=True),
    st.from_regex(r"[a-z0-9][a-z0-9_\-*/]{0,10}@[a-z][a-z0-9_\-*/]{0,13}", fullmatch=True),
)
values = st.from_regex(r"[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,20}[\x21-\x2b\x2d-\x3c\x3e-\x7e]", fullmatch=True)


@given(st.lists(st.tuples(keys, values), max_size=32, unique_by=lambda m: m[0]))
def test_valid_tracestate_is_kept_in_order(members):
    assert parse_tracestate(",".join(f"{k}={v}" for k, v in members)) == members
    assert parse_tracestate(" , ".join(f"{k}={v}" for k, v in members) + ",") == members  # whitespace, empty members


@pytest.mark.parametrize("header", ["Rojo=1", "rojo", "rojo=1,rojo=2", "rojo=a,b", "=1", "rojo=a=b", "rojo=x\ty",
                                    ",".join(f"k{n}=v" for n in range(33))])
def test_invalid_tracestate_is_dropped(header):
    assert parse_tracestate(header) is None


def test_long_tracestate_is_cut_by_members_longest_first():
    members = [("a", "x" * 100), ("big", "y" * 200), *((f"k{n}", "z" * 60) for n in range(6))]
    text = format_tracestate(members)
    assert len(text) <= 512 and "big=" not in text and text.startswith("a=")


# --- the middleware -----------------------------------------------------------------------------


def _through_middleware(**headers):
    request = RequestFactory().get("/", **{f"HTTP_{k.upper()}": v for k, v in headers.items()})
    response = TraceContextMiddleware(lambda r: HttpResponse())(request)
    return request, response


@pytest.mark.parametrize("flag", ["00", "01"])
def test_incoming_sampled_flag_is_kept(flag):
    request, response = _through_middleware(traceparent=f"00-{TRACE}-{PARENT}-{flag}")
    assert response["traceparent"] == f"00-{TRACE}-{request.span_id}-{flag}"
    assert request.parent_span_id == PARENT and request.span_id != PARENT


def test_only_the_sampled_flag_is_propagated():
    _, response = _through_middleware(traceparent=f"00-{TRACE}-{PARENT}-03")
    assert response["traceparent"].endswith("-01")


def test_a_future_version_continues_the_trace_answering_version_00():
    request, response = _through_middleware(traceparent=f"cc-{TRACE}-{PARENT}-00-what-the-future-adds")
    assert response["traceparent"] == f"00-{TRACE}-{request.span_id}-00"


@pytest.mark.parametrize("header", [f"ff-{TRACE}-{PARENT}-01", f"00-{'0' * 32}-{PARENT}-01",
                                    f"00-{TRACE}-{'0' * 16}-01", f"00-{TRACE}-{PARENT}-01-extra"])
def test_invalid_traceparent_starts_a_new_sampled_trace_and_drops_tracestate(header):
    request, response = _through_middleware(traceparent=header, tracestate="congo=t61rcWkgMzE")
    assert request.trace_id != TRACE and request.parent_span_id == ""
    assert response["traceparent"] == f"00-{request.trace_id}-{request.span_id}-01"
    assert "tracestate" not in response and request.tracestate == ""


def test_tracestate_is_passed_on():
    state = "congo=t61rcWkgMzE,rojo@vendor=00f067aa0ba902b7"
    request, response = _through_middleware(traceparent=f"00-{TRACE}-{PARENT}-01", tracestate=state)
    assert request.tracestate == state and response["tracestate"] == state


def test_invalid_tracestate_is_not_passed_on():
    request, response = _through_middleware(traceparent=f"00-{TRACE}-{PARENT}-01", tracestate="Rojo=1")
    assert request.tracestate == "" and "tracestate" not in response
