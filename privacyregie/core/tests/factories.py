"""Factories for core records (organisations, teams, users with roles)."""

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacyregie.core.models import Domain, Organisation, RoleAssignment, Team, TeamMembership, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    slug = factory.Sequence(lambda n: f"test-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    domain = Domain.SOCIAL_SUPPORT


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(roles=["consulent"], teams=[team])`` creates a user with a TOTP device."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "Correct-paard-batterij-9")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, organisation=self.organisation, role=role)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        for team in extracted or []:
            TeamMembership.objects.create(user=self, team=team)

    @factory.post_generation
    def device(self, create, extracted, **kwargs):
        if extracted is not False:
            TOTPDevice.objects.create(user=self, name="default", confirmed=True)
        self.save()
