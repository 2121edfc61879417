"""Factories for residents and cases (``CaseFactory(team=..., members=[user])``)."""

import factory

from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory
from privacyregie.dossiers.demo import demo_bsn
from privacyregie.dossiers.models import Case, CaseMembership, CaseResident, Resident


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    organisation = factory.SubFactory(OrganisationFactory)
    bsn = factory.Sequence(lambda n: demo_bsn(1000 + n))
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Inwoner{n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.SubFactory(TeamFactory, organisation=factory.SelfAttribute("..organisation"))
    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    title = "Testcasus"
    domain = factory.SelfAttribute("team.domain")
    processing_activity = "Wmo-maatwerkvoorziening"
    statutory_basis = "Wmo 2015 art. 2.3.2"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            CaseMembership.objects.create(case=self, user=user)

    @factory.post_generation
    def residents(self, create, extracted, **kwargs):
        for resident in extracted if extracted is not None else [ResidentFactory(organisation=self.organisation)]:
            CaseResident.objects.create(case=self, resident=resident)



def covered_partner(organisation, activity_name="Wmo-maatwerkvoorziening", categories=("identificerend", "contact"),
                    name="Huisartsenpraktijk De Brink", **agreement):
    """A chain partner with a signed convenant that covers the activity and the categories (in force today)."""
    import datetime

    from django.utils import timezone

    from privacyregie.register.models import Agreement, ChainPartner, ProcessingActivity

    activity, _ = ProcessingActivity.objects.get_or_create(organisation=organisation, name=activity_name)
    partner = ChainPartner.objects.create(organisation=organisation, name=name, kind="huisarts",
                                          role="verantwoordelijke")
    today = timezone.localdate()
    values = {"kind": "convenant", "title": f"Convenant {name}", "status": "getekend",
              "starts_on": today - datetime.timedelta(days=100), "ends_on": today + datetime.timedelta(days=100),
              "data_categories": list(categories), **agreement}
    created = Agreement.objects.create(organisation=organisation, partner=partner, **values)
    created.activities.add(activity)
    return partner
