"""Retention periods: one pair of functions for words and ISO 8601, and the register shows words."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from privacyregie.register import importing, periods
from privacyregie.register.tests.test_register import GOOD, _csv, _upload

amount = st.integers(min_value=0, max_value=999)
iso_periods = st.one_of(
    st.tuples(st.none() | amount, st.none() | amount, st.none() | amount)
    .filter(lambda t: any(v is not None for v in t))
    .map(lambda t: "P" + "".join(f"{v}{u}" for v, u in zip(t, "YMD", strict=True) if v is not None)),
    amount.map(lambda n: f"P{n}W"),
)


@given(iso_periods)
def test_words_read_back_to_the_same_period(value):
    assert periods.parse(periods.to_words(value)) == value


@given(iso_periods)
def test_words_never_show_iso(value):
    assert not periods.to_words(value).startswith("P")


@pytest.mark.parametrize(("text", "iso"), [
    ("10 jaar", "P10Y"), ("6 maanden", "P6M"), ("1 maand", "P1M"), ("2 jaar en 6 maanden", "P2Y6M"),
    ("P10Y", "P10Y"), ("p15y", "P15Y"), ("3 weken", "P3W"), ("", ""),
])
def test_parse_reads_words_and_iso(text, iso):
    assert periods.parse(text) == iso


@pytest.mark.parametrize("text", ["vijftien jaar", "10", "10 eeuwen", "1 jaar en 2 jaar"])
def test_parse_refuses_other_text_in_dutch(text):
    with pytest.raises(ValidationError, match="is geen bewaartermijn"):
        periods.parse(text)


@pytest.mark.django_db
def test_import_accepts_readable_periods_and_stores_iso():
    from privacyregie.core.tests.factories import OrganisationFactory

    org = OrganisationFactory()
    report = importing.parse(org, _upload(_csv([{**GOOD, "retention_period": "2 jaar en 6 maanden"}]), "r.csv"))
    assert report.ok, [r.errors for r in report.rows]
    assert report.rows[0].data["retention_period"] == "P2Y6M"


@pytest.mark.django_db
def test_register_page_shows_periods_in_words(client, login):
    login("fg")
    from django.urls import reverse

    content = client.get(reverse("register:index")).content.decode()
    assert "jaar" in content
    assert ">P20Y<" not in content and ">P15Y<" not in content
