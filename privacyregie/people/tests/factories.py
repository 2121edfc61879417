"""Factories for training and attestations."""

import datetime

import factory

from privacyregie.core.tests.factories import OrganisationFactory

from ..models import CodeOfConduct, Completion, Course, Requirement
from ..validity import valid_until


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"training-{n}")
    name = factory.Sequence(lambda n: f"Training {n}")
    validity_months = 12


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    course = factory.SubFactory(CourseFactory)
    organisation = factory.LazyAttribute(lambda r: r.course.organisation)
    role = ""
    team = None


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    course = factory.SubFactory(CourseFactory)
    organisation = factory.LazyAttribute(lambda c: c.course.organisation)
    completed_on = datetime.date(2026, 1, 15)
    valid_until = factory.LazyAttribute(lambda c: valid_until(c.completed_on, c.course.validity_months))
    source = Completion.Source.MANUAL


class CodeOfConductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeOfConduct

    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.Sequence(lambda n: n + 1)
    text = "Gedragscode: wees zorgvuldig met persoonsgegevens."
    published_at = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC))
