"""Model invariants: the ordered ZGW confidentiality scale; a case's team in its organisation."""

import pytest
from django.core.exceptions import ValidationError

from privacyregie.core.tests.factories import TeamFactory
from privacyregie.dossiers.models import Confidentiality

from .factories import CaseFactory

ZGW = ["openbaar", "beperkt openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk", "confidentieel", "geheim",
       "zeer geheim"]


def test_confidentiality_follows_the_zgw_order():
    assert [str(label) for _value, label in sorted(Confidentiality.choices)] == ZGW
    assert Confidentiality.INTERNAL < Confidentiality.CASE_CONFIDENTIAL < Confidentiality.SECRET


@pytest.mark.django_db
def test_a_case_cannot_belong_to_a_team_of_another_organisation(world):
    case = CaseFactory(organisation=world.org, team=world.youth_team)
    case.team = TeamFactory()
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "team" in error.value.message_dict
