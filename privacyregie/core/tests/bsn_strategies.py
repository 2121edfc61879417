"""Hypothesis strategies for the one BSN rule: valid numbers, the representations the rule
accepts, and inputs it refuses (for the rule's own tests and the tests over every entry point)."""

from hypothesis import strategies as st

from privacyregie.core import bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)

# Characters that are not part of a BSN: letters, look-alike digits and separators, other punctuation.
NON_BSN_CHARACTERS = ("A", "a", "x", "O", "l", "/", "_", "+", ",", "*", "\u0661", "\uff11", "\u00a0", "\u2013")


def _with_check_digit(eight: str) -> str | None:
    check = sum(int(d) * w for d, w in zip(eight, WEIGHTS[:8], strict=True)) % 11
    number = eight + str(check)
    return number if check < 10 and number != "000000000" else None


valid_bsns = (st.text(alphabet="0123456789", min_size=8, max_size=8)
              .map(_with_check_digit).filter(lambda n: n is not None))


# Valid numbers that start with 0: the ones an 8-digit input would become if it were zero-padded.
valid_bsns_with_leading_zero = (st.text(alphabet="0123456789", min_size=7, max_size=7)
                                .map(lambda seven: _with_check_digit("0" + seven)).filter(lambda n: n is not None))


@st.composite
def bsn_representations(draw, number: str) -> str:
    """``number`` written as the rule allows: one optional separator between digits, whitespace around."""
    gaps = draw(st.lists(st.sampled_from(["", "", "", " ", ".", "-"]), min_size=8, max_size=8))
    body = number[0] + "".join(gap + digit for gap, digit in zip(gaps, number[1:], strict=True))
    return draw(st.sampled_from(["", " ", "\t"])) + body + draw(st.sampled_from(["", " ", "  "]))


@st.composite
def refused_bsn_inputs(draw) -> str:
    """Inputs with at least one digit (so a search reads them as a BSN) that the rule refuses."""
    number = draw(valid_bsns)
    kind = draw(st.sampled_from(["letter", "short", "long", "checksum", "separators", "text"]))
    if kind == "letter":
        position = draw(st.integers(min_value=1, max_value=8))
        value = number[:position] + draw(st.sampled_from(NON_BSN_CHARACTERS)) + number[position:]
    elif kind == "short":
        value = number[:draw(st.integers(min_value=1, max_value=8))]
    elif kind == "long":
        value = number + draw(st.text(alphabet="0123456789", min_size=1, max_size=5))
    elif kind == "checksum":
        position = draw(st.integers(min_value=0, max_value=8))
        digit = str((int(number[position]) + draw(st.integers(min_value=1, max_value=9))) % 10)
        value = number[:position] + digit + number[position + 1:]
    elif kind == "separators":
        position = draw(st.integers(min_value=1, max_value=8))
        value = number[:position] + draw(st.sampled_from(["..", " -", "--", ". "])) + number[position:]
    else:
        value = draw(st.text(alphabet="0123456789 .-abcXYZ/#", min_size=1, max_size=20))
    value = value if any(ch.isdigit() for ch in value) else value + "1"
    if bsn.is_valid_bsn(value):  # a changed check digit can land on another valid number
        value += "A"
    return value
