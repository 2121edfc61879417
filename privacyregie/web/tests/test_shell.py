"""The web shell: page titles, the start page of a user without a role, login buttons in Enter order."""

import pytest

from privacyregie.web.templatetags.web_tags import page_title


def test_page_title_puts_the_page_before_the_product():
    assert page_title("Verwerkingslogboek") == "Verwerkingslogboek – Privacyregie"
    assert page_title("  \n Casus   C-1 \n") == "Casus C-1 – Privacyregie"
    assert page_title("") == "Privacyregie"


@pytest.mark.django_db
def test_rendered_title_is_separated_from_the_product_name(client, login):
    login("fg")
    content = client.get("/start/").content.decode()
    assert "<title>Start – Privacyregie</title>" in content


@pytest.mark.django_db
def test_user_without_role_is_told_whom_to_ask_not_sent_in_a_circle(client, login):
    login("zonder.rol")
    response = client.get("/start/")
    content = response.content.decode()
    assert response.status_code == 403
    assert "U heeft nog geen rol" in content
    assert "functioneel beheerder" in content
    assert "Naar de startpagina" not in content
    assert 'action="/account/uitloggen/"' in content or "Uitloggen" in content


@pytest.mark.django_db
def test_login_code_step_has_the_confirm_button_first(client):
    from privacyregie.core.demo import DEMO_PASSWORD

    response = client.post("/account/inloggen/", {"login_view-current_step": "auth", "auth-username": "ciso",
                                                  "auth-password": DEMO_PASSWORD})
    content = response.content.decode()
    first_submit = content.index('type="submit"')
    assert content.index("Bevestigen") < content.index("Terug")
    assert content.index("Bevestigen") > first_submit - 200


@pytest.mark.django_db
def test_the_start_page_counts_unread_notifications_with_the_organisation(client, login):
    from privacyregie.core.models import User
    from privacyregie.core.services import notify

    login("fg")
    officer = User.objects.get(username="fg")
    officer.notifications.update(read_at=None)
    before = officer.notifications.filter(read_at__isnull=True).count()
    notify([officer], "Eerste", "Tekst")
    notify([officer], "Tweede", "Tekst")
    content = client.get("/start/").content.decode()
    assert f'<span class="count" aria-label="{before + 2} ongelezen">{before + 2}</span>' in content
    officer.notifications.update(read_at=officer.date_joined)
    assert 'class="count"' not in client.get("/start/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "welcome", "where"), [("nl", "Welkom, ", "Waar kunt u naartoe?"),
                                                        ("en", "Welcome, ", "Where can you go?")])
def test_the_start_page_content_escapes_names_and_speaks_both_languages(client, login, lang, welcome, where):
    """The start page's content is Jinja2 (ADR 0134): a name with markup is text, the panels and the link
    groups are there, every panel numbered for its heading, in Dutch and English."""
    from privacyregie.core.models import User

    User.objects.filter(username="fg").update(first_name='<img src=x onerror="alert(1)">')
    login("fg")
    response = client.get("/start/", HTTP_ACCEPT_LANGUAGE=lang)
    content = response.content.decode()
    assert "<img src=x" not in content and f"<h1>{welcome}&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</h1>" in content
    assert f'<h2 id="where-to" class="card__title">{where}</h2>' in content
    panels = response.context["panels"]
    assert len(panels) > 5
    for number, panel in enumerate(panels, start=1):
        assert f'aria-labelledby="panel-{number}"' in content and f'<h2 id="panel-{number}"' in content
