"""Control characters and insane dates are refused at the boundary, with a clear Dutch message."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from privacyregie.core.validators import (
    SafeInputFormMixin,
    control_character_errors,
    validate_no_control_characters,
    validate_past_date,
    validate_sane_date,
)

REFUSED = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]] + ["\ud800", "\udfff"]
ALLOWED_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\t\n\r"))


@given(before=ALLOWED_TEXT, bad=st.sampled_from(REFUSED), after=ALLOWED_TEXT)
def test_any_control_character_anywhere_is_refused(before, bad, after):
    with pytest.raises(ValidationError) as info:
        validate_no_control_characters(before + bad + after)
    assert "stuurteken" in info.value.messages[0]
    assert f"positie {len(before) + 1}" in info.value.messages[0]


@given(text=ALLOWED_TEXT)
def test_ordinary_text_with_tabs_and_newlines_is_accepted(text):
    validate_no_control_characters(text)
    assert control_character_errors({"a": [text], text: text}) == {}


def test_nested_structures_name_the_path_of_the_bad_value():
    errors = control_character_errors({"case": {"residents": [{"name": "ok"}, {"name": "Jan\x00"}]}})
    assert list(errors) == ["case.residents.1.name"]


def test_very_deep_nesting_does_not_exhaust_the_stack():
    data = "\x00"
    for _ in range(50_000):
        data = [data]
    assert len(control_character_errors(data)) == 1


@pytest.mark.parametrize("value", [datetime.date(236, 3, 1), datetime.date(1899, 12, 31), datetime.date(2999, 1, 1)])
def test_insane_dates_are_refused(value):
    with pytest.raises(ValidationError, match="Vul een datum in tussen 01-01-1900"):
        validate_sane_date(value)


def test_dates_that_already_happened_may_not_lie_in_the_future():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    validate_sane_date(tomorrow)
    with pytest.raises(ValidationError, match="toekomst"):
        validate_past_date(tomorrow)
    validate_past_date(timezone.now())


def test_aware_datetimes_are_checked_on_their_local_date():
    with pytest.raises(ValidationError):
        validate_sane_date(datetime.datetime(236, 3, 1, 10, tzinfo=datetime.UTC))


class _Form(SafeInputFormMixin, forms.Form):
    title = forms.CharField()
    text = forms.CharField(widget=forms.Textarea)
    day = forms.DateField()
    born = forms.DateField(validators=[validate_past_date])


def test_form_mixin_refuses_control_characters_and_insane_dates_per_field():
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    form = _Form({"title": "a\x01b", "text": "regel 1\nregel\t2", "day": "0236-01-01", "born": future})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "day", "born"}
    assert "stuurteken" in form.errors["title"][0]
    assert "toekomst" in form.errors["born"][0]


def test_form_mixin_accepts_good_input():
    form = _Form({"title": "Titel", "text": "regel 1\r\nregel\t2", "day": "2026-05-01", "born": "1980-02-03"})
    assert form.is_valid(), form.errors
