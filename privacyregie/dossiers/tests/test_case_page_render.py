"""The case page's content, rendered by Jinja2 in the Django shell (ADR 0134): what the page showed before,
escaped, in Dutch time, in both languages, and every form with its CSRF token."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.urls import reverse

from privacyregie.dossiers.models import Case, CaseNote

pytestmark = pytest.mark.django_db


def _page(client, lang="nl"):
    case = Case.objects.get(reference="C-2026-0001")
    response = client.get(reverse("dossiers:case_detail", kwargs={"uuid": case.uuid}), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return case, response.content.decode()


def test_texts_of_residents_and_users_are_escaped(client, login):
    user = login("consulent.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    CaseNote.objects.create(case=case, author=user, text='<script>alert("x")</script>\nregel & <b>twee</b>')
    _case, page = _page(client)
    assert "<script>alert" not in page and "<b>twee</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>regel &amp; &lt;b&gt;twee&lt;/b&gt;" in page
    assert page.count("<script") == page.count('<script src="')  # only the shell's own script


def test_moments_are_shown_in_dutch_time(client, login):
    user = login("consulent.jeugd")
    case = Case.objects.get(reference="C-2026-0001")
    note = CaseNote.objects.create(case=case, author=user, text="zomertijd")
    CaseNote.objects.filter(pk=note.pk).update(created_at=datetime(2026, 7, 1, 10, 5, tzinfo=UTC))
    winter = CaseNote.objects.create(case=case, author=user, text="wintertijd")
    CaseNote.objects.filter(pk=winter.pk).update(created_at=datetime(2026, 1, 15, 23, 30, tzinfo=UTC))
    _case, page = _page(client)
    assert "01-07-2026 12:05" in page  # CEST, UTC+2
    assert "16-01-2026 00:30" in page  # CET, UTC+1: the next day


@pytest.mark.parametrize(("lang", "heading", "notes", "since"), [
    ("nl", "Casus C-2026-0001", "Notities", "sinds "), ("en", "Case C-2026-0001", "Notes", "since ")])
def test_the_page_in_both_languages(client, login, lang, heading, notes, since):
    login("consulent.jeugd")
    _case, page = _page(client, lang)
    assert f"<h1>{heading}: " in page and f"<h2>{notes}</h2>" in page and since in page
    other = {"nl": "<h2>Notes</h2>", "en": "<h2>Notities</h2>"}[lang]
    assert other not in page


def test_every_form_posts_with_one_csrf_token(client, login):
    login("consulent.jeugd")
    _case, page = _page(client)
    forms = re.findall(r'<form method="post".*?</form>', page, flags=re.S)
    assert len(forms) >= 6  # status, note, document, outcome, consent, withdrawal(s), language, logout
    for form in forms:
        assert 'name="csrfmiddlewaretoken"' in form, form[:120]
    content = page[page.index('<main id="main"'):page.index("</main>")]
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', content))
    # the content's forms share the one token masked for this render (the retention panel's form included)
    assert len(tokens) == 1


def test_a_posted_form_of_the_page_is_accepted(client, login):
    """The token the page gives is one Django's CSRF check accepts (the client enforces it here)."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    login("consulent.jeugd", strict)
    case, page = _page(strict)
    token = unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    response = strict.post(reverse("dossiers:note_create", kwargs={"uuid": case.uuid}),
                           {"text": "met het token van de pagina", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert CaseNote.objects.filter(case=case, text="met het token van de pagina").exists()
    refused = strict.post(reverse("dossiers:note_create", kwargs={"uuid": case.uuid}), {"text": "zonder token"})
    assert refused.status_code == 403
    assert not CaseNote.objects.filter(case=case, text="zonder token").exists()


def test_the_team_lead_sees_the_assignment_form_and_no_contents(client, login):
    login("teamleider.jeugd")
    _case, page = _page(client)
    assert 'name="user"' in page and 'name="role"' in page and ">Toewijzen</button>" in page
    assert "<h2>Notities</h2>" not in page and "U ziet als teamleider" in page
