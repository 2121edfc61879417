"""``core.prepared.PreparedCount`` counts what the ORM's ``count()`` counts, for every value it is run with."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from privacyregie.core.models import Notification, User
from privacyregie.core.prepared import PreparedCount

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

UNREAD = PreparedCount(
    lambda recipient_id, since: Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True,
                                                            created_at__gte=since),
    recipient_id=(Notification._meta.get_field("recipient").target_field, -917_401),
    since=(Notification._meta.get_field("created_at"), timezone.now().replace(year=1999)))


def _orm(recipient_id, since):
    return Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True, created_at__gte=since).count()


def test_counts_as_the_orm_also_none_and_other_users():
    organisation = OrganisationFactory()
    one, other = UserFactory(organisation=organisation), UserFactory(organisation=organisation)
    now = timezone.now()
    assert UNREAD.run(recipient_id=one.pk, since=now - timedelta(days=1)) == 0
    for days in (0, 1, 2, 3):
        Notification.objects.create(organisation=organisation, recipient=one, subject="x",
                                    created_at=now - timedelta(days=days, minutes=1))
    Notification.objects.create(organisation=organisation, recipient=one, subject="gelezen", read_at=now)
    Notification.objects.create(organisation=organisation, recipient=other, subject="ander")
    for since_days in (0, 1, 2, 5):
        since = now - timedelta(days=since_days)
        assert UNREAD.run(recipient_id=one.pk, since=since) == _orm(one.pk, since)
    assert UNREAD.run(recipient_id=other.pk, since=now - timedelta(days=1)) == 1
    assert UNREAD.run(recipient_id=-5, since=now) == 0


@settings(max_examples=25, deadline=None)
@given(ages=st.lists(st.integers(min_value=0, max_value=10), max_size=8), since=st.integers(min_value=0, max_value=11),
       read=st.sets(st.integers(min_value=0, max_value=7)))
def test_counts_as_the_orm_for_any_rows(ages, since, read):
    organisation = OrganisationFactory()
    user = UserFactory(organisation=organisation)
    now = timezone.now()
    for i, age in enumerate(ages):
        Notification.objects.create(organisation=organisation, recipient=user, subject=str(i),
                                    created_at=now - timedelta(days=age), read_at=now if i in read else None)
    moment = now - timedelta(days=since)
    assert UNREAD.run(recipient_id=user.pk, since=moment) == _orm(user.pk, moment)
    User.objects.filter(pk=user.pk).delete()
