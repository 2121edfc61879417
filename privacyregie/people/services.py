"""Training and attestations: the rules, and the functions other capabilities call.

Public interface (used by ``compliance`` for the scorecard and ``protocol`` for the council report):

* ``training_status(user, at=None)``: the user's mandatory trainings and whether each is valid.
* ``attestation_status(user)``: code of conduct, oath, integrity statement, VOG date and, for an
  external user, the confidentiality statement (read through ``external.services``).
* ``scorecard_figures(organisation, start, end)``: ``training_completion_pct``,
  ``attestations_outstanding`` and ``training_by_team`` (for reports).

Never stores a VOG certificate (only its date), never holds residents' data, and never decides
access to residents' data (the kernel's policy does; the external statement gate lives there).
"""

from __future__ import annotations

import datetime
import functools
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from privacyregie.core.models import RoleAssignment, TeamMembership, User
from privacyregie.core.roles import EXTERNAL_ROLES, Role, is_external

from .models import (
    Acknowledgement,
    CodeOfConduct,
    Completion,
    ConductCertificate,
    Course,
    IntegrityStatement,
    Oath,
    PeopleSettings,
    Requirement,
)
from .validity import is_valid_on, valid_until

log = logging.getLogger("privacyregie.people")

# Roles that make someone an employee of the organisation (asked for the code of conduct, counted
# in training coverage). Council members and externals are not employees.
NOT_EMPLOYEE_ROLES = frozenset(EXTERNAL_ROLES | {Role.COUNCIL})
EVIDENCE_TYPES = ("pdf", "png", "jpg", "jpeg")
MAX_EVIDENCE_SIZE = 5 * 1024 * 1024


def settings_for(organisation) -> PeopleSettings:
    """The organisation's settings, or the defaults (unsaved) when it has none: reading never writes."""
    return PeopleSettings.objects.filter(organisation=organisation).first() or PeopleSettings(organisation=organisation)


def is_employee(user) -> bool:
    """An internal employee: active, in an organisation, with a role that is not external or council."""
    roles = set(getattr(user, "roles", []) or [])
    return bool(user.is_active and user.organisation_id and roles - NOT_EMPLOYEE_ROLES)


def employees(organisation):
    """The organisation's employees (see ``is_employee``), as a queryset."""
    employee_roles = [r for r in Role.values if r not in NOT_EMPLOYEE_ROLES]
    ids = RoleAssignment.objects.filter(organisation=organisation, role__in=employee_roles).values("user_id")
    return User.objects.filter(organisation=organisation, is_active=True, pk__in=ids).order_by(
        "last_name", "first_name", "username")


def _day(at) -> datetime.date:
    """The day (Europe/Amsterdam) on which validity is judged: ``at`` itself for a date; for a moment, the
    day just before it (a period's ``end`` is exclusive: 1 April 00:00 judges 31 March)."""
    if at is None:
        return timezone.localdate()
    if isinstance(at, datetime.datetime):
        return timezone.localtime(at - datetime.timedelta(microseconds=1)).date()
    return at


# --- training ------------------------------------------------------------------------------------

@dataclass
class CourseStatus:
    course: Course
    completion: Completion | None
    valid: bool
    expires_soon: bool = False

    @property
    def state(self) -> str:
        if self.valid:
            return _("verloopt binnenkort") if self.expires_soon else _("geldig")
        return _("verlopen") if self.completion else _("niet gevolgd")

    @property
    def valid_until(self):
        return self.completion.valid_until if self.completion else None


@dataclass
class TrainingStatus:
    user: User
    day: datetime.date
    courses: list[CourseStatus] = field(default_factory=list)

    @property
    def mandatory(self) -> int:
        return len(self.courses)

    @property
    def valid(self) -> int:
        return sum(1 for c in self.courses if c.valid)

    @property
    def complete(self) -> bool:
        """All mandatory trainings valid (True when nothing is mandatory)."""
        return self.valid == self.mandatory


def _mandatory_map(organisation) -> tuple[dict, dict]:
    """(role -> {course ids}, team id -> {course ids}) for the organisation's active courses."""
    by_role: dict[str, set[int]] = {}
    by_team: dict[int, set[int]] = {}
    for req in Requirement.objects.filter(organisation=organisation, course__active=True):
        if req.team_id:
            by_team.setdefault(req.team_id, set()).add(req.course_id)
        else:
            by_role.setdefault(req.role, set()).add(req.course_id)
    return by_role, by_team


def mandatory_course_ids(user, maps=None, team_ids=None) -> set[int]:
    if not user.organisation_id:
        return set()
    by_role, by_team = maps or _mandatory_map(user.organisation)
    if team_ids is None:
        team_ids = TeamMembership.objects.filter(user=user).values_list("team_id", flat=True)
    courses: set[int] = set()
    for role in user.roles:
        courses |= by_role.get(role, set())
    for team_id in team_ids:
        courses |= by_team.get(team_id, set())
    return courses


def _best(completions, day) -> Completion | None:
    """The completion that counts on ``day``: a valid one with the latest end, else the latest one before."""
    done = [c for c in completions if c.completed_on <= day]
    valid = [c for c in done if is_valid_on(c.completed_on, c.valid_until, day)]
    if valid:
        return max(valid, key=lambda c: (c.valid_until is None, c.valid_until or day, c.completed_on))
    return max(done, key=lambda c: c.completed_on, default=None)


def training_status(user, at=None, *, maps=None, team_ids=None, completions=None) -> TrainingStatus:
    """The user's mandatory trainings on ``at`` (a date, or a moment: judged on the day before it; default
    today), each with the completion that counts and whether it is valid."""
    day = _day(at)
    status = TrainingStatus(user=user, day=day)
    course_ids = mandatory_course_ids(user, maps, team_ids)
    if not course_ids:
        return status
    if completions is None:
        completions = list(Completion.objects.filter(user=user, course_id__in=course_ids))
    reminder = settings_for(user.organisation).reminder_days if maps is None else 0
    for course in Course.objects.filter(pk__in=course_ids).order_by("name"):
        best = _best([c for c in completions if c.course_id == course.pk], day)
        valid = bool(best and is_valid_on(best.completed_on, best.valid_until, day))
        soon = bool(valid and best.valid_until and reminder and (best.valid_until - day).days < reminder)
        status.courses.append(CourseStatus(course, best, valid, soon))
    return status


def _check_day(completed_on: datetime.date) -> None:
    if completed_on > timezone.localdate():
        raise ValidationError(_("De datum waarop de training gevolgd is, ligt in de toekomst."))


def _check_same_organisation(user, course) -> None:
    if user.organisation_id != course.organisation_id:
        raise ValidationError(_("Deze medewerker hoort niet bij uw organisatie."))


@transaction.atomic
def record_completion(*, user, course, completed_on, source, recorded_by=None, evidence=None) -> Completion:
    """Record that ``user`` completed ``course`` on ``completed_on``; raises ValidationError (Dutch).

    ``evidence`` is an uploaded file (PDF or image, at most 5 MB): checked, then stored encrypted.
    """
    _check_same_organisation(user, course)
    _check_day(completed_on)
    if Completion.objects.filter(user=user, course=course, completed_on=completed_on).exists():
        raise ValidationError(_("Deze training is voor deze medewerker op deze datum al vastgelegd."))
    completion = Completion(
        organisation_id=course.organisation_id, user=user, course=course, completed_on=completed_on,
        valid_until=valid_until(completed_on, course.validity_months), source=source, recorded_by=recorded_by)
    if evidence is not None:
        from privacyregie.core.files import check_upload, store_encrypted

        checked = check_upload(evidence, allowed=EVIDENCE_TYPES, max_size=MAX_EVIDENCE_SIZE)
        completion.evidence_name, completion.evidence_type = checked.name, checked.content_type
        completion.evidence_file = store_encrypted(checked.data)
    completion.save()
    return completion


def may_record_for(actor, employee) -> bool:
    """The privacy officer / functional administrator for everyone in the organisation; a team lead for the
    members of the teams they lead."""
    from privacyregie.core.access import has_permission

    if actor.organisation_id != employee.organisation_id:
        return False
    if has_permission(actor, "people.manage_training"):
        return True
    return has_permission(actor, "people.view_team") and employee.pk in set(
        led_members(actor).values_list("pk", flat=True))


def led_teams(user):
    from privacyregie.core.models import Team

    return Team.objects.filter(organisation=user.organisation_id, memberships__user=user,
                               memberships__is_lead=True).distinct()


def led_members(user):
    return User.objects.filter(team_memberships__team__in=led_teams(user), is_active=True).distinct()


def visible_employees(user):
    """Whose training and attestations ``user`` may see: all employees (manage_training) or their own teams."""
    from privacyregie.core.access import has_permission

    if has_permission(user, "people.manage_training"):
        return employees(user.organisation)
    if has_permission(user, "people.view_team"):
        return employees(user.organisation).filter(pk__in=led_members(user).values("pk"))
    return User.objects.none()


# --- renewal reminders ---------------------------------------------------------------------------

def send_renewal_reminders(today=None) -> int:
    """Remind employees (and their team leads) of mandatory trainings that expire within the organisation's
    reminder period or have expired, once per completion (``Notification.dedup_key``). Returns how many
    notifications were stored."""
    from privacyregie.core.models import Organisation
    from privacyregie.core.services import notify

    today = today or timezone.localdate()
    sent = 0
    for organisation in Organisation.objects.filter(pk__in=Requirement.objects.values("organisation")):
        config = settings_for(organisation)
        horizon = today + datetime.timedelta(days=config.reminder_days)
        maps = _mandatory_map(organisation)
        for employee in employees(organisation):
            for course_status in training_status(employee, today, maps=maps).courses:
                completion = course_status.completion
                if completion is None or completion.valid_until is None or completion.valid_until > horizon:
                    continue
                until = formats.date_format(completion.valid_until, "d-m-Y")
                subject = _("Training '%(course)s' verloopt op %(date)s") % {
                    "course": completion.course.name, "date": until}
                url = reverse("people:mine")
                key = f"people-renewal-{completion.uuid}"
                sent += len(notify([employee], subject, _(
                    "Uw training '%(course)s' is geldig tot en met %(date)s. Volg de training opnieuw en leg het "
                    "bewijs vast op 'Mijn trainingen en verklaringen'.") % {
                    "course": completion.course.name, "date": until}, url=url, dedup_key=key))
                leads = User.objects.filter(team_memberships__is_lead=True, is_active=True,
                                            team_memberships__team__memberships__user=employee).exclude(
                    pk=employee.pk).distinct()
                sent += len(notify(list(leads), _("Training van %(name)s verloopt op %(date)s") % {
                    "name": employee, "date": until}, _(
                    "De training '%(course)s' van %(name)s is geldig tot en met %(date)s.") % {
                    "course": completion.course.name, "name": employee, "date": until},
                    url=reverse("people:team"), dedup_key=key))
    return sent


# --- attestations --------------------------------------------------------------------------------

def current_conduct(organisation, at=None) -> CodeOfConduct | None:
    """The code of conduct in force: the highest version published at ``at`` (default now)."""
    if organisation is None:
        return None
    return CodeOfConduct.objects.filter(organisation=organisation, published_at__lte=at or timezone.now()).order_by(
        "-version").first()


def pending_conduct(user) -> CodeOfConduct | None:
    """The current code of conduct when this employee has not acknowledged it yet, else None."""
    if not getattr(user, "is_authenticated", False) or not is_employee(user):
        return None
    current = current_conduct(user.organisation)
    if current is None or Acknowledgement.objects.filter(user=user, version=current).exists():
        return None
    return current


def acknowledge(user, version: CodeOfConduct) -> Acknowledgement:
    """Record that ``user`` acknowledged ``version``. A second acknowledgement of the same version is refused
    (ValidationError, Dutch) and logged; nothing changes."""
    if version.organisation_id != user.organisation_id:
        raise ValidationError(_("Deze gedragscode hoort niet bij uw organisatie."))
    existing = Acknowledgement.objects.filter(user=user, version=version).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Acknowledgement.objects.create(user=user, version=version)
        except IntegrityError:  # a double submit that raced the check
            existing = Acknowledgement.objects.get(user=user, version=version)
    log.warning("people: second acknowledgement of code of conduct version %s refused for user %s",
                version.version, user.pk)
    raise ValidationError(_("U heeft versie %(version)s van de gedragscode al bevestigd op %(date)s.") % {
        "version": version.version,
        "date": formats.date_format(timezone.localtime(existing.acknowledged_at), "d-m-Y H:i")})


@transaction.atomic
def record_oath(*, user, kind, taken_on, witness, recorded_by) -> Oath:
    _check_attestation_day(taken_on)
    oath, _created = Oath.objects.update_or_create(user=user, defaults={
        "organisation_id": user.organisation_id, "kind": kind, "taken_on": taken_on, "witness": witness,
        "recorded_by": recorded_by, "recorded_at": timezone.now()})
    return oath


@transaction.atomic
def record_integrity_statement(*, user, signed_on, recorded_by) -> IntegrityStatement:
    _check_attestation_day(signed_on)
    statement, _created = IntegrityStatement.objects.update_or_create(user=user, defaults={
        "organisation_id": user.organisation_id, "signed_on": signed_on, "recorded_by": recorded_by,
        "recorded_at": timezone.now()})
    return statement


@transaction.atomic
def record_vog(*, user, issued_on, recorded_by) -> ConductCertificate:
    """Only the VOG's date: the certificate itself is never asked for nor stored."""
    _check_attestation_day(issued_on)
    certificate, _created = ConductCertificate.objects.update_or_create(user=user, defaults={
        "organisation_id": user.organisation_id, "issued_on": issued_on, "recorded_by": recorded_by,
        "recorded_at": timezone.now()})
    return certificate


def _check_attestation_day(day) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("De datum ligt in de toekomst."))


@dataclass
class Attestation:
    key: str
    label: str
    required: bool
    given: bool
    date: datetime.date | datetime.datetime | None = None
    detail: str = ""

    @property
    def outstanding(self) -> bool:
        return self.required and not self.given


def attestation_status(user, at=None) -> list[Attestation]:
    """The user's attestations: what is required of them, and whether and when it was given (as of ``at``,
    default now). An external user's only attestation is the confidentiality statement (``external``)."""
    at = at or timezone.now()
    if is_external(user.roles):
        from privacyregie.external import services as external

        statement = external.current_statement()
        return [Attestation("confidentiality", _("Geheimhoudingsverklaring"), statement is not None,
                            external.has_accepted_current_statement(user), None,
                            _("versie %(v)s") % {"v": statement.version} if statement else "")]
    if not is_employee(user):
        return []
    day = _day(at)
    result = []
    conduct = current_conduct(user.organisation, at)
    ack = Acknowledgement.objects.filter(user=user, version=conduct, acknowledged_at__lte=at).first() \
        if conduct else None
    result.append(Attestation("code_of_conduct", _("Gedragscode"), conduct is not None, ack is not None,
                              ack.acknowledged_at if ack else None,
                              _("versie %(v)s") % {"v": conduct.version} if conduct else ""))
    oath = Oath.objects.filter(user=user, taken_on__lte=day).first()
    result.append(Attestation("oath", _("Ambtseed of belofte"), True, oath is not None,
                              oath.taken_on if oath else None,
                              f"{oath.get_kind_display()}, {oath.witness}" if oath else ""))
    integrity = IntegrityStatement.objects.filter(user=user, signed_on__lte=day).first()
    result.append(Attestation("integrity", _("Integriteitsverklaring"), True, integrity is not None,
                              integrity.signed_on if integrity else None))
    requires_vog = settings_for(user.organisation).requires_vog
    vog = ConductCertificate.objects.filter(user=user, issued_on__lte=day).first()
    result.append(Attestation("vog", _("Verklaring omtrent het gedrag (VOG)"), requires_vog, vog is not None,
                              vog.issued_on if vog else None))
    return result


# --- the start page's panel: the same answers in two queries ------------------------------------

def outstanding_for_home(user, at=None) -> tuple[list[CourseStatus], list[Attestation]]:
    """An employee's mandatory trainings not valid or expiring soon, and attestations not given: what
    ``training_status`` and ``attestation_status`` say for today, asked in two queries (the courses with
    the user's completions; the attestations and the organisation's settings in one row) for the start
    page. Nothing for someone who is not an employee.

    The two statements are written out once (``_home_statements``) rather than built by the ORM on every
    start page: building these querysets cost several ms of CPU per request, the database answers them in
    well under one. Always asked afresh (no cache): the user's own obligations must be current."""
    from django.db import connection

    if not is_employee(user):
        return [], []
    at = at or timezone.now()
    day = _day(at)
    org_id = user.organisation_id
    ops = connection.ops
    when, on = ops.adapt_datetimefield_value(at), ops.adapt_datefield_value(day)
    roles = sorted(user.roles)
    attestations_sql, courses_sql = _home_statements(connection.vendor, len(roles))
    with connection.cursor() as cursor:
        cursor.execute(attestations_sql, [org_id, when, org_id, when, user.pk, when, user.pk, on, user.pk, on,
                                          user.pk, on, org_id, org_id])
        conduct_version, conduct_acked, oath_given, integrity_given, vog_given, requires_vog, reminder_days = (
            cursor.fetchone())
        cursor.execute(courses_sql, [user.pk, org_id, True, org_id, *roles, user.pk])
        rows = cursor.fetchall()
    defaults = PeopleSettings(organisation_id=org_id)
    reminder = defaults.reminder_days if reminder_days is None else reminder_days
    requires_vog = defaults.requires_vog if requires_vog is None else bool(requires_vog)

    courses: dict[int, tuple[Course, list[Completion]]] = {}
    for pk, name, done_pk, completed_on, until in rows:
        course, done = courses.setdefault(pk, (Course(pk=pk, organisation_id=org_id, name=name), []))
        if done_pk is not None:
            done.append(Completion(pk=done_pk, user=user, course=course, completed_on=_as_date(completed_on),
                                   valid_until=_as_date(until)))
    training = []
    for course, done in courses.values():
        best = _best(done, day)
        valid = bool(best and is_valid_on(best.completed_on, best.valid_until, day))
        soon = bool(valid and best.valid_until and reminder and (best.valid_until - day).days < reminder)
        if not valid or soon:
            training.append(CourseStatus(course, best, valid, soon))

    attestations = [
        Attestation("code_of_conduct", _("Gedragscode"), conduct_version is not None, bool(conduct_acked), None,
                    _("versie %(v)s") % {"v": conduct_version} if conduct_version is not None else ""),
        Attestation("oath", _("Ambtseed of belofte"), True, bool(oath_given)),
        Attestation("integrity", _("Integriteitsverklaring"), True, bool(integrity_given)),
        Attestation("vog", _("Verklaring omtrent het gedrag (VOG)"), requires_vog, bool(vog_given)),
    ]
    return training, [a for a in attestations if a.outstanding]


def _as_date(value):
    """A date column as read by a plain cursor (SQLite gives text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=16)
def _home_statements(vendor: str, role_count: int) -> tuple[str, str]:
    """The start-page panel's two statements, with table and column names from the models (``vendor``:
    one set per database backend of the process). Portable SQL: scalar subqueries, ``EXISTS``, ``LIMIT``.

    1. One row: the current code of conduct's version and whether the user acknowledged that version; oath,
       integrity statement and VOG given (on or before the day); the organisation's VOG and reminder settings.
    2. The organisation's active courses that are mandatory for one of the user's roles or teams (a
       requirement without team for a role, or for a team of the user), with the user's completions.
    """
    from django.db import connection

    q = connection.ops.quote_name  # only the models' own table and column names go into the text; values are bound

    def table(model):
        return q(model._meta.db_table)

    def col(model, name):
        return q(model._meta.get_field(name).column)

    conduct = (f"SELECT {{}} FROM {table(CodeOfConduct)} WHERE {col(CodeOfConduct, 'organisation')} = %s "  # noqa: S608
               f"AND {col(CodeOfConduct, 'published_at')} <= %s ORDER BY {col(CodeOfConduct, 'version')} DESC LIMIT 1")
    settings_row = (f"SELECT {{}} FROM {table(PeopleSettings)} WHERE {col(PeopleSettings, 'organisation')} = %s "  # noqa: S608
                    "LIMIT 1")

    def given(model, day_field):
        return (f"EXISTS (SELECT 1 FROM {table(model)} WHERE {col(model, 'user')} = %s "  # noqa: S608
                f"AND {col(model, day_field)} <= %s)")

    attestations = (
        "SELECT "  # noqa: S608
        f"({conduct.format(col(CodeOfConduct, 'version'))}), "
        f"EXISTS (SELECT 1 FROM {table(Acknowledgement)} WHERE {col(Acknowledgement, 'version')} = "
        f"({conduct.format(q(CodeOfConduct._meta.pk.column))}) AND {col(Acknowledgement, 'user')} = %s "
        f"AND {col(Acknowledgement, 'acknowledged_at')} <= %s), "
        f"{given(Oath, 'taken_on')}, {given(IntegrityStatement, 'signed_on')}, {given(ConductCertificate, 'issued_on')}, "
        f"({settings_row.format(col(PeopleSettings, 'requires_vog'))}), "
        f"({settings_row.format(col(PeopleSettings, 'reminder_days'))})")
    roles = ", ".join(["%s"] * role_count)
    course_pk, requirement_course = q(Course._meta.pk.column), col(Requirement, "course")
    courses = (
        f"SELECT c.{course_pk}, c.{col(Course, 'name')}, m.{q(Completion._meta.pk.column)}, "  # noqa: S608
        f"m.{col(Completion, 'completed_on')}, m.{col(Completion, 'valid_until')} "
        f"FROM {table(Course)} c LEFT OUTER JOIN {table(Completion)} m "
        f"ON m.{col(Completion, 'course')} = c.{course_pk} AND m.{col(Completion, 'user')} = %s "
        f"WHERE c.{col(Course, 'organisation')} = %s AND c.{col(Course, 'active')} = %s "
        f"AND EXISTS (SELECT 1 FROM {table(Requirement)} r WHERE r.{requirement_course} = c.{course_pk} "
        f"AND r.{col(Requirement, 'organisation')} = %s AND ("
        f"(r.{col(Requirement, 'team')} IS NULL AND r.{col(Requirement, 'role')} IN ({roles})) "
        f"OR r.{col(Requirement, 'team')} IN (SELECT t.{col(TeamMembership, 'team')} FROM {table(TeamMembership)} t "
        f"WHERE t.{col(TeamMembership, 'user')} = %s))) "
        f"ORDER BY c.{col(Course, 'name')}")
    return attestations, courses


# --- figures for the scorecard and the council report --------------------------------------------

def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scorecard_figures(organisation, start, end) -> dict:
    """Figures at the end of the period (``end`` exclusive, judged on the day before it):

    * ``training_completion_pct``: of the employees with at least one mandatory training, the share with
      all of them valid (None when nothing is mandatory for anyone);
    * ``attestations_outstanding``: required attestations of employees not given (code of conduct in force,
      oath or promise, integrity statement, VOG where required);
    * ``training_by_team``: ``[{"team": name, "pct": Decimal | None}]`` per team (for reports).

    Counts today's employees: the organisation keeps no history of who was employed when.
    """
    from privacyregie.core.models import Team

    maps = _mandatory_map(organisation)
    people = list(employees(organisation).prefetch_related("role_assignments"))
    memberships: dict[int, list[int]] = {}
    for user_id, team_id in TeamMembership.objects.filter(user__in=people).values_list("user_id", "team_id"):
        memberships.setdefault(user_id, []).append(team_id)
    completions: dict[int, list[Completion]] = {}
    for completion in Completion.objects.filter(organisation=organisation, user__in=people):
        completions.setdefault(completion.user_id, []).append(completion)
    complete: dict[int, bool] = {}
    for person in people:
        status = training_status(person, end, maps=maps, team_ids=memberships.get(person.pk, []),
                                 completions=completions.get(person.pk, []))
        if status.mandatory:
            complete[person.pk] = status.complete
    by_team = []
    for team in Team.objects.filter(organisation=organisation).order_by("name"):
        members = [pk for pk, teams in memberships.items() if team.pk in teams and pk in complete]
        by_team.append({"team": team.name, "pct": _pct(sum(complete[pk] for pk in members), len(members))})
    outstanding = sum(
        sum(1 for a in attestation_status(person, end) if a.outstanding) for person in people)
    return {
        "training_completion_pct": _pct(sum(complete.values()), len(complete)),
        "attestations_outstanding": outstanding,
        "training_by_team": by_team,
    }


def course_choices(organisation):
    return Course.objects.filter(organisation=organisation, active=True)


def find_course(organisation, text: str) -> Course | None:
    text = (text or "").strip()
    if not text:
        return None
    return Course.objects.filter(organisation=organisation).filter(
        Q(code__iexact=text) | Q(name__iexact=text)).first()
