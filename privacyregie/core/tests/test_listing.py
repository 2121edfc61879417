"""The list-page helpers give what Django's own rendering gives, faster (core.listing)."""

from datetime import UTC, datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from privacyregie.core.listing import CappedPaginator, Row, label, labels, stamp, widget_html
from privacyregie.kernel.forms import LogFilterForm
from privacyregie.kernel.models import ProcessingLogEntry


class _Mixed(forms.Form):
    name = forms.CharField(required=True, help_text="hulp", widget=forms.TextInput(attrs={"class": "x", "data-a": '"<'}))
    colour = forms.ChoiceField(choices=[("", "–"), ("Kleur", [("r", "rood <b>"), ("g", "groen")])])
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False)


@pytest.mark.parametrize("data", [
    None,
    {},
    {"bsn": "999900079", "purpose": "controle", "date_from": "2026-01-02", "action": "view", "emergency": "on",
     "user": 'a"<b>&'},
    {"bsn": "12", "date_from": "gisteren", "date_to": "2026-01-01"},
])
def test_widget_html_is_djangos_markup(data):
    for form in (LogFilterForm(data), _Mixed(data)):
        if data is not None:
            form.is_valid()
        for field in form:
            assert widget_html(field) == field.as_widget(), field.name


def test_stamp_is_the_date_filter():
    template = Template('{{ v|date:"d-m-Y H:i:s" }}')
    for value in (datetime(2026, 12, 1, 7, 5, 9, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)):
        for language in ("nl", "en"):
            with translation.override(language):
                assert stamp(value) == template.render(Context({"v": value}))
    assert stamp(None) == ""


def test_labels_are_the_display_values():
    entry = ProcessingLogEntry(action="view", purpose="controle", legal_basis="wettelijke_taak", outcome="denied")
    for language in ("nl", "en"):
        with translation.override(language):
            for field in ("action", "purpose", "legal_basis", "outcome"):
                assert label(labels(ProcessingLogEntry, field), getattr(entry, field)) == \
                    getattr(entry, f"get_{field}_display")()
    assert label(labels(ProcessingLogEntry, "action"), "onbekend") == "onbekend"


def test_capped_paginator_counts_up_to_the_cap():
    small = CappedPaginator(list(range(120)), 50, cap=200)
    assert (small.count, small.num_pages, small.capped) == (120, 3, False)
    large = CappedPaginator(list(range(1000)), 50, cap=200)
    assert large.capped and large.num_pages == 4
    assert list(large.get_page(99).object_list) == list(range(150, 200))  # the last page within the cap
    uneven = CappedPaginator(list(range(1000)), 50, cap=120)
    assert uneven.num_pages == 3 and list(uneven.get_page(3).object_list) == list(range(100, 120))


def test_row_reads_as_attributes():
    row = Row(id=3, emergency=True)
    assert (row.pk, row.emergency, row["emergency"]) == (3, True, True)
    with pytest.raises(AttributeError):
        row.missing  # noqa: B018
