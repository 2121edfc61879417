"""Demo training catalogue, mandatory trainings, completions and attestations (idempotent).

BEL Combinatie: four trainings; privacy basics for every case worker and team lead, the privacy
protocol for the teams of the social domain; five case workers of Team Participatie BEL of whom
four have every mandatory training (80%). Code of conduct version 1 and 2: every demo employee has
acknowledged both, except ``consulent.jeugd``, who acknowledged version 1 only and is asked for
version 2 at login.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, RoleAssignment, Team, TeamMembership, User
from privacyregie.core.roles import Role

from .models import Acknowledgement, CodeOfConduct, Completion, Course, IntegrityStatement, Oath, PeopleSettings, Requirement
from .validity import valid_until

COURSES = [
    ("privacy-basis", "Privacy basis (AVG in het sociaal domein)", 12),
    ("security-awareness", "Security awareness", 12),
    ("privacyprotocol", "Privacyprotocol sociaal domein", 24),
    ("phishing", "Phishing herkennen", 12),
]
CONDUCT = [
    (1, datetime.datetime(2025, 1, 1, 9, tzinfo=datetime.UTC),
     "Gedragscode medewerkers sociaal domein, versie 1.\n\nU gebruikt persoonsgegevens alleen voor het doel "
     "waarvoor u ze gekregen heeft en alleen voor casussen waarbij u betrokken bent.\n\nU deelt gegevens "
     "alleen via het beveiligde kanaal, nooit per gewone e-mail."),
    (2, None,
     "Gedragscode medewerkers sociaal domein, versie 2.\n\nU gebruikt persoonsgegevens alleen voor het doel "
     "waarvoor u ze gekregen heeft en alleen voor casussen waarbij u betrokken bent.\n\nU deelt gegevens "
     "alleen via het beveiligde kanaal, nooit per gewone e-mail.\n\nNieuw: u meldt een (mogelijk) datalek "
     "direct via 'Meld een incident', ook als u twijfelt."),
]
PARTICIPATION = [(f"medewerker.participatie{i}", name) for i, name in
                 enumerate(["Pim", "Noor", "Daan", "Lieke", "Milan"], start=1)]


@transaction.atomic
def load() -> None:
    org = Organisation.objects.filter(slug="bel").first()
    if org is None:
        return
    today = timezone.localdate()
    PeopleSettings.objects.update_or_create(organisation=org, defaults={"requires_vog": True})
    courses = {}
    for code, name, months in COURSES:
        courses[code], _c = Course.objects.get_or_create(organisation=org, code=code,
                                                         defaults={"name": name, "validity_months": months})
    for role in (Role.CASE_WORKER, Role.TEAM_LEAD):
        Requirement.objects.get_or_create(organisation=org, course=courses["privacy-basis"], role=role, team=None)
    for team_name in ("Jeugdteam BEL", "Wmo-team BEL", "Team Participatie BEL"):
        team = Team.objects.filter(organisation=org, name=team_name).first()
        if team is not None:
            Requirement.objects.get_or_create(organisation=org, course=courses["privacyprotocol"], role="", team=team)

    participation = Team.objects.filter(organisation=org, name="Team Participatie BEL").first()
    for username, first_name in PARTICIPATION:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": first_name, "last_name": "Demo", "organisation": org,
            "email": f"{username}@demo.privacyregie.nl"})
        if created:
            user.set_unusable_password()
            user.is_demo = True
            user.save()
        RoleAssignment.objects.get_or_create(user=user, organisation=org, role=Role.CASE_WORKER)
        if participation is not None:
            TeamMembership.objects.get_or_create(user=user, team=participation)

    done = [username for username, _n in PARTICIPATION[:4]] + ["consulent.jeugd", "consulent.wmo", "teamleider.jeugd"]
    for username in done:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for code in ("privacy-basis", "privacyprotocol"):
            _complete(org, user, courses[code], today - datetime.timedelta(days=60))
    # consulent.jeugd2: privacy basics expired; the last participation worker never started.
    stale = User.objects.filter(username="consulent.jeugd2").first()
    if stale is not None:
        _complete(org, stale, courses["privacy-basis"], today - datetime.timedelta(days=400))
        _complete(org, stale, courses["privacyprotocol"], today - datetime.timedelta(days=300))

    versions = []
    for number, published, text in CONDUCT:
        version, _c = CodeOfConduct.objects.get_or_create(organisation=org, version=number, defaults={
            "text": text, "published_at": published or timezone.now() - datetime.timedelta(days=7)})
        versions.append(version)
    from .services import employees

    for user in employees(org):
        for version in versions:
            if user.username == "consulent.jeugd" and version.version == 2:
                continue
            Acknowledgement.objects.get_or_create(user=user, version=version)
        if user.username in ("consulent.jeugd", "consulent.wmo", "teamleider.jeugd", "fg"):
            Oath.objects.get_or_create(user=user, defaults={
                "organisation": org, "kind": Oath.Kind.PROMISE, "taken_on": datetime.date(2024, 3, 1),
                "witness": "Burgemeester van Laren"})
            IntegrityStatement.objects.get_or_create(user=user, defaults={
                "organisation": org, "signed_on": datetime.date(2024, 3, 1)})


def _complete(org, user, course, day) -> None:
    Completion.objects.get_or_create(user=user, course=course, completed_on=day, defaults={
        "organisation": org, "valid_until": valid_until(day, course.validity_months),
        "source": Completion.Source.MANUAL})
