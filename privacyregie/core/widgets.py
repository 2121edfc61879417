"""Widgets every app's forms share."""

from __future__ import annotations

from django import forms

# HTML's <input type="date"> holds an ISO date ("a valid date string", yyyy-mm-dd) in every language. A browser
# shows a value in another form, such as Django's Dutch "02-12-2026", as an empty field, and submitting the form
# then sends no date at all: an edit form would clear the dates it was meant to keep.
HTML_DATE_FORMAT = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A date field's browser date picker, its value written as HTML requires (``HTML_DATE_FORMAT``). What the
    browser sends back is that same ISO date, which every language's ``DATE_INPUT_FORMATS`` reads."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=HTML_DATE_FORMAT)
