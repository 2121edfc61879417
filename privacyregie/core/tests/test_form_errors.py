"""core.forms: a small form's outcome reaches the person as messages, with or without the field's label."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from privacyregie.core.forms import run_form_action


class NoteForm(forms.Form):
    note = forms.CharField(label="Notitie", max_length=20, error_messages={"required": "Vul een notitie in."})


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _texts(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_a_valid_form_runs_the_action_and_shows_the_success():
    request, seen = _request(), []
    ran = run_form_action(request, NoteForm({"note": "klaar"}), seen.append, "Opgeslagen.")
    assert ran and seen == [{"note": "klaar"}]
    assert _texts(request) == [("success", "Opgeslagen.")]


def test_an_invalid_form_shows_its_errors_and_runs_nothing():
    request, seen = _request(), []
    ran = run_form_action(request, NoteForm({"note": ""}), seen.append, "Opgeslagen.")
    assert not ran and seen == []
    assert _texts(request) == [("error", "Vul een notitie in.")]


def test_labelled_messages_name_the_field():
    request = _request()
    run_form_action(request, NoteForm({"note": ""}), lambda data: None, "Opgeslagen.", labelled=True)
    assert _texts(request) == [("error", "Notitie: Vul een notitie in.")]


def test_a_service_refusal_becomes_a_message_with_its_field_when_labelled():
    def refuse(data):
        raise ValidationError({"note": "Deze notitie bestaat al."})

    plain, labelled = _request(), _request()
    assert not run_form_action(plain, NoteForm({"note": "dubbel"}), refuse, "Opgeslagen.")
    assert not run_form_action(labelled, NoteForm({"note": "dubbel"}), refuse, "Opgeslagen.", labelled=True)
    assert _texts(plain) == [("error", "Deze notitie bestaat al.")]
    assert _texts(labelled) == [("error", "Notitie: Deze notitie bestaat al.")]
