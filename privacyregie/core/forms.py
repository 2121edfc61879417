"""Small helpers every app's views share to turn a form's or a service's errors into what the person sees.

A service refuses with a ``ValidationError``; a view either puts it on the form (shown next to the field) or,
for the small forms of a detail page that redirect back, turns the errors into flash messages. These helpers
only move error texts around: they never validate, save or log anything themselves.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when it names no field of it)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_messages(request, error: ValidationError) -> None:
    """Show each text of a service's ValidationError as an error message."""
    for message in error.messages:
        messages.error(request, message)


def form_error_messages(request, form, *, labelled: bool = False) -> None:
    """Show each error of a bound form as an error message, for a form that redirects instead of re-rendering.

    ``labelled`` puts the field's label in front ("Reden: Dit veld is verplicht."), for pages with several
    small forms where the text alone does not say which field it is about.
    """
    for field, errors in form.errors.items():
        label = form.fields[field].label if labelled and field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def run_form_action(request, form, action, success: str, *, labelled: bool = False) -> bool:
    """For a small form that redirects back: when the form is valid, run ``action(cleaned_data)`` and show
    ``success``; otherwise (or when the service refuses with a ValidationError) show the errors as messages.
    Returns whether the action ran. Any other exception (a kernel refusal) is the caller's to handle.

    ``labelled``: the service's errors go onto the form's fields first and every message names its field.
    """
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            if not labelled:
                error_messages(request, error)
                return False
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return True
    form_error_messages(request, form, labelled=labelled)
    return False
