"""The comparison keys of the family-name-or-address rule, as properties: family names compared without
prefixes (tussenvoegsels), case, accents and punctuation; addresses as a keyed hash of postcode and house
number, equal for every way of writing the same address and never the address or a BSN pseudonym."""

import unicodedata
from datetime import date, datetime

from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from privacyregie.detection import address, rules
from privacyregie.detection.rules import AMSTERDAM, Row, Thresholds, aggregate

PREFIXES = ["van", "de", "van der", "van den", "van de", "de la", "ter", "ten", "'t", "in 't", "op den", "von", "du"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0302", "\u0327"]  # acute, grave, diaeresis, circumflex, cedilla

# a base name: letters, not itself a prefix word
base_names = st.text(alphabet=LETTERS, min_size=2, max_size=12).filter(lambda w: w not in rules._PARTICLES)
prefixes = st.sampled_from(PREFIXES)


@examples(max_examples=200, deadline=None)
@given(base_names, prefixes)
def test_a_prefix_before_or_after_the_name_does_not_change_the_key(name, prefix):
    key = rules.name_key(name)
    assert key == name.lower()
    assert rules.name_key(f"{prefix} {name.capitalize()}") == key
    assert rules.name_key(f"{prefix.title()} {name.capitalize()}") == key
    assert rules.name_key(f"{name.capitalize()}, {prefix}") == key  # the register's sort form


@examples(max_examples=200, deadline=None)
@given(base_names, st.lists(st.tuples(st.integers(0, 11), st.sampled_from(ACCENTS)), max_size=4), st.booleans())
def test_case_and_accents_do_not_change_the_key(name, marks, upper):
    chars = list(name)
    for position, mark in marks:
        chars[position % len(chars)] += mark
    accented = unicodedata.normalize("NFC", "".join(chars))
    assert rules.name_key(accented.upper() if upper else accented) == rules.name_key(name)


@examples(max_examples=200, deadline=None)
@given(base_names, base_names, prefixes)
def test_different_names_keep_different_keys(first, second, prefix):
    if first != second:
        assert rules.name_key(f"{prefix} {first}") != rules.name_key(second)
        assert rules.name_key(f"{first}-{second}") != rules.name_key(first)  # a double name is not its half


def test_named_examples():
    assert rules.name_key("van der Berg") == rules.name_key("Berg, van der") == rules.name_key("BERG") == "berg"
    assert rules.name_key("'t Hart") == rules.name_key("Hart")
    assert rules.name_key("Çelik") == rules.name_key("Celik") and rules.name_key("Şahin") == rules.name_key("Sahin")
    assert rules.name_key("Østergaard") == rules.name_key("Ostergaard")
    assert rules.name_key("Vries-de Boer") == "vries boer" != rules.name_key("de Vries")
    assert rules.name_key("中村") == "中村" and rules.name_key("") == ""


postcodes = st.tuples(st.integers(1000, 9999), st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2))
numbers = st.integers(1, 99999)
additions = st.sampled_from(["", "a", "A", " b", "-1", "-3", " hs", " II", "/2", " bis"])


@examples(max_examples=200, deadline=None)
@given(postcodes, numbers, additions, st.booleans(), st.booleans())
def test_every_way_of_writing_an_address_gives_one_key(postcode, number, addition, spaced, lower):
    digits, letters = postcode
    plain = address.address_key(f"{digits}{letters}", str(number))
    written = f"{digits}{' ' if spaced else ''}{letters.lower() if lower else letters}"
    assert plain and address.address_key(written, f"{number}{addition}") == plain
    assert address.address_key(written, address.house_number(f"Kerkstraat {number}{addition}")) == plain
    assert len(plain) == 64 and set(plain) <= set("0123456789abcdef")  # a hash, nothing readable
    assert address.address_key(f"{digits}{letters}", str(number + 1)) != plain


def test_an_address_key_is_keyed_and_not_a_bsn_pseudonym(settings):
    from privacyregie.kernel.services import pseudonymise_bsn

    key = address.address_key("1234 AB", "12")
    assert key != pseudonymise_bsn("111222333") and key != address.address_key("1234 AB", "13")
    settings.PSEUDONYM_KEY = "another-key-for-this-test"
    assert address.address_key("1234 AB", "12") != key  # without the key there is no matching a known address


def test_no_key_for_what_is_not_an_address():
    for postal_code, number in [("", "12"), ("1234", "12"), ("0123 AB", "1"), ("1234 AB", ""), ("1234 AB", "nul"),
                                ("1234 ABC", "1"), ("1234 AB", "0")]:
        assert address.address_key(postal_code, number) == "", (postal_code, number)
    assert address.house_number("2e Oosterparkstraat 10-3") == "10" and address.house_number("Markt") == ""


DAY = date(2026, 11, 17)


def _lookups(pseudonym, n=1):
    return [Row(1, "a", datetime(2026, 11, 17, 10, i, tzinfo=AMSTERDAM), pseudonym) for i in range(n)]


def test_the_rule_finds_a_resident_at_the_employees_address_without_a_shared_name():
    home = address.address_key("1234 AB", "12")
    facts = {"user_names": {1: "jansen"}, "subject_names": {"p-housemate": "bakker", "p-neighbour": "smit"},
             "user_addresses": {1: home},
             "subject_addresses": {"p-housemate": address.address_key("1234ab", "12a"),
                                   "p-neighbour": address.address_key("1234 AB", "14")}}
    rows = _lookups("p-housemate", 2) + _lookups("p-neighbour", 3)
    found = [f for f in rules.evaluate(aggregate(rows), {DAY}, Thresholds(), **facts) if f.rule == rules.FAMILY_NAME]
    assert [(f.subjects, f.value, f.facts["match"]) for f in found] == [(("p-housemate",), 2, "adres")]


def test_name_and_address_together_are_one_finding():
    home = address.address_key("1234 AB", "12")
    facts = {"user_names": {1: "berg"}, "subject_names": {"p": "berg"},
             "user_addresses": {1: home}, "subject_addresses": {"p": home}}
    found = [f for f in rules.evaluate(aggregate(_lookups("p")), {DAY}, Thresholds(), **facts)
             if f.rule == rules.FAMILY_NAME]
    assert len(found) == 1 and found[0].facts["match"] == "naam+adres"
    off = rules.evaluate(aggregate(_lookups("p")), {DAY}, Thresholds(family_enabled=False), **facts)
    assert not [f for f in off if f.rule == rules.FAMILY_NAME]
