"""The date picker's value is an ISO date in every language (HTML's date input shows nothing else)."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

from privacyregie.core.widgets import DateInput


class Period(forms.Form):
    starts_on = forms.DateField(widget=DateInput())
    ends_on = forms.DateField(widget=DateInput(attrs={"class": "x"}), required=False)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_value_is_written_and_read_as_an_iso_date(language):
    with translation.override(language):
        html = str(Period(initial={"starts_on": date(2026, 12, 2)})["starts_on"])
        assert 'type="date"' in html and 'value="2026-12-02"' in html
        bound = Period({"starts_on": "2026-03-29", "ends_on": ""})
        assert bound.is_valid() and bound.cleaned_data["starts_on"] == date(2026, 3, 29)
        assert 'value="2026-03-29"' in str(bound["starts_on"])  # shown again as sent (a form with errors)
        assert 'class="x"' in str(bound["ends_on"]) and 'type="date"' in str(bound["ends_on"])


@pytest.mark.django_db
def test_the_case_pages_outcome_form_proposes_today_in_the_date_picker(client, login):
    from django.utils import timezone

    from privacyregie.dossiers.models import Case

    login("consulent.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    page = client.get(f"/dossiers/casus/{case.uuid}/").content.decode()
    assert f'name="bewaren-term_starts_on" value="{timezone.localdate().isoformat()}"' in page
