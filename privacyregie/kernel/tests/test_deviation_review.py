"""The privacy officer judges motivated deviations (R4): recorded, then reviewed 'terecht' or 'onterecht'."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacyregie.core.models import Organisation, User
from privacyregie.kernel.models import Deviation
from privacyregie.kernel.services import review_deviation


def _deviation(org):
    return Deviation.objects.create(organisation=org, actor_username="consulent.jeugd", action="share",
                                    purpose="gegevensdeling", target_type="dossiers.case", target_id="x",
                                    target_label="casus C-1 → Jeugdzorg Gooi (contact)",
                                    motivation="Acuut veiligheidsrisico; ouders niet bereikbaar.")


@pytest.mark.django_db
def test_review_needs_a_comment_when_improper_and_happens_once():
    org = Organisation.objects.get(slug="bel")
    officer = User.objects.get(username="fg")
    deviation = _deviation(org)
    with pytest.raises(ValidationError):
        review_deviation(officer, deviation, "onterecht")
    with pytest.raises(ValidationError):
        review_deviation(officer, deviation, "misschien")
    deviation.refresh_from_db()
    assert deviation.review == "open"
    review_deviation(officer, deviation, "onterecht", "Er was een convenant-route via Veilig Thuis.")
    assert deviation.review == "onterecht" and deviation.reviewed_by == officer and deviation.reviewed_at
    with pytest.raises(ValidationError):
        review_deviation(officer, deviation, "terecht")
    other = User.objects.get(username="fg.haren")
    with pytest.raises(ValidationError):
        review_deviation(other, _deviation(org), "terecht")


@pytest.mark.django_db
def test_the_deviations_page_reviews_with_post_redirect_get(client, login):
    deviation = _deviation(Organisation.objects.get(slug="bel"))
    login("fg")
    page = client.get(reverse("kernel:deviations")).content.decode()
    assert "Jeugdzorg Gooi" in page and reverse("kernel:deviation_review", args=[deviation.pk]) in page
    url = reverse("kernel:deviation_review", args=[deviation.pk])
    missing = client.post(url, {f"d{deviation.pk}-verdict": "onterecht"})
    assert missing.status_code == 400 and "Licht toe" in missing.content.decode()
    done = client.post(url, {f"d{deviation.pk}-verdict": "terecht"})
    assert done.status_code == 302
    deviation.refresh_from_db()
    assert deviation.review == "terecht"


@pytest.mark.django_db
def test_start_page_shows_open_deviations_to_the_privacy_officer_only(client, login):
    org = Organisation.objects.get(slug="bel")
    Deviation.objects.filter(organisation=org).delete()
    _deviation(org)
    login("fg")
    page = client.get(reverse("web:home")).content.decode()
    assert "Gemotiveerde afwijkingen te beoordelen" in page and reverse("kernel:deviations") in page
    client.logout()
    login("consulent.jeugd")
    assert "Gemotiveerde afwijkingen te beoordelen" not in client.get(reverse("web:home")).content.decode()


@pytest.mark.django_db
def test_the_start_pages_open_deviations_count_is_the_orms():
    from privacyregie.kernel.services import open_deviations_count

    org, other = Organisation.objects.get(slug="bel"), Organisation.objects.get(slug="haren")
    Deviation.objects.filter(organisation__in=[org, other]).delete()
    assert open_deviations_count(org.pk) == 0
    first, _second = _deviation(org), _deviation(org)
    assert open_deviations_count(org.pk) == 2 and open_deviations_count(other.pk) == 0
    review_deviation(User.objects.get(username="fg"), first, "terecht")
    assert open_deviations_count(org.pk) == Deviation.objects.filter(organisation=org, review="open").count() == 1
