"""The pages: share from the case in a few steps (post-redirect-get), the partner's view and answer."""

from privacyregie.core.tests.utils import post_with_token
from privacyregie.exchange.models import Exchange

from .factories import PDF


def test_share_from_the_case_redirects_to_the_new_exchange(client, login, world):
    login(world.worker)
    url = f"/uitwisseling/delen/?casus={world.case.uuid}&partner={world.partner.pk}"
    assert client.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = post_with_token(client, url, {"recipients": [world.gp.pk], "data_categories": ["ondersteuning"],
                                             "subject": "Verwijzing",
                                 "text": "Zie bijlage", "days": 14, "files": [SimpleUploadedFile("brief.pdf", PDF)]})
    exchange = Exchange.objects.get(organisation=world.org)
    assert response.status_code == 302 and response["Location"] == f"/uitwisseling/{exchange.uuid}/"


def test_a_refused_share_shows_the_reason_and_creates_nothing(client, login, world):
    from datetime import timedelta

    from django.utils import timezone

    world.agreement.ends_on = timezone.localdate() - timedelta(days=2)
    world.agreement.save()
    login(world.worker)
    response = post_with_token(client, f"/uitwisseling/delen/?casus={world.case.uuid}&partner={world.partner.pk}",
                               {"recipients": [world.gp.pk], "data_categories": ["ondersteuning"], "subject": "x",
                                "text": "y", "days": 14})
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert not Exchange.objects.filter(organisation=world.org).exists()


def test_the_partner_sees_and_answers_and_the_case_page_counts_it(client, login, world, share):
    exchange = share()
    login(world.gp)
    assert exchange.subject in client.get("/uitwisseling/").content.decode()
    assert client.get(f"/uitwisseling/{exchange.uuid}/").status_code == 200
    assert client.post(f"/uitwisseling/{exchange.uuid}/antwoorden/", {"text": "Ontvangen"}).status_code == 302
    login(world.worker)
    page = client.get(f"/dossiers/casus/{world.case.uuid}/").content.decode()
    assert "1 nieuw antwoord" in page
    assert f'<a href="/uitwisseling/{exchange.uuid}/">{exchange.subject}</a>' in page
    english = client.get(f"/dossiers/casus/{world.case.uuid}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 new answer" in english and "Shared with chain partners" in english


def test_a_partner_user_trying_an_exchange_that_is_not_theirs_is_refused(client, login, world, share):
    exchange = share()
    login(world.other_gp)
    assert client.get(f"/uitwisseling/{exchange.uuid}/").status_code == 403
    assert client.get("/uitwisseling/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_the_same_share_posted_twice_is_sent_once(client, login, world):
    from privacyregie.core.tests.utils import form_token

    login(world.worker)
    url = f"/uitwisseling/delen/?casus={world.case.uuid}&partner={world.partner.pk}"
    data = {"recipients": [world.gp.pk], "data_categories": ["ondersteuning"], "subject": "Twee keer", "text": "x",
            "days": 14, "form_token": form_token(client.get(url).content.decode())}
    client.post(url, data)
    assert client.post(url, data).status_code == 302
    assert Exchange.objects.filter(organisation=world.org, subject="Twee keer").count() == 1


def test_a_share_without_form_token_shares_nothing(client, login, world):
    login(world.worker)
    response = client.post(f"/uitwisseling/delen/?casus={world.case.uuid}&partner={world.partner.pk}",
                           {"recipients": [world.gp.pk], "data_categories": ["ondersteuning"], "subject": "x",
                            "text": "y", "days": 14})
    assert response.status_code == 400 and "formulierkenmerk" in response.content.decode()
    assert not Exchange.objects.filter(organisation=world.org).exists()
