"""The number of SQL queries of a page does not grow with the size of what it shows.

For each page type the queries are counted with 1 and with 20 of each related thing (residents,
notes, documents, consents, members, cases, log entries, activities, incidents): the counts must be
equal, and stay under a ceiling. The processing-log writes of the kernel are counted apart: they are
one entry per resident read (checked here as entries written), and their round trips belong to the
kernel's chain (``kernel.chain.append_many``), not to the page.

Speed itself is measured by ``bench/pages.py``, never asserted in tests.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacyregie.core.files import store_encrypted
from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from privacyregie.dossiers.models import CaseDocument, CaseMembership, CaseNote, CaseResident, Consent
from privacyregie.dossiers.tests.factories import CaseFactory, ResidentFactory
from privacyregie.kernel.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15  # the target of issue 15 for every page
LOG_TABLES = ("kernel_processinglogentry", "kernel_chainhead")


def _is_log_write(sql: str) -> bool:
    """A statement of the kernel's chain append (lock the head, insert or COPY the entries, move the head)."""
    lowered = sql.lower()
    writes = lowered.startswith(("insert", "update", "with old as", "copy")) or " for update" in lowered
    head_read = lowered.startswith("select") and "from \"kernel_chainhead\"" in lowered and "where" in lowered
    return (writes or head_read) and any(table in lowered for table in LOG_TABLES)


class Counted:
    def __init__(self, response, queries, entries):
        self.response = response
        self.sql = [q["sql"] for q in queries]
        self.page = [s for s in self.sql if not _is_log_write(s)]
        self.log_writes = len(self.sql) - len(self.page)
        self.entries = entries

    def __repr__(self):
        return f"{len(self.page)} page queries (+{self.log_writes} log writes):\n" + "\n".join(s[:160] for s in self.page)


def count(client, url, cold=False, **headers) -> Counted:
    client.get(url, **headers)  # warm: content types, the session's first refresh
    if cold:  # without the start-page figures kept per organisation (core.navigation.organisation_figures)
        from django.core.cache import cache

        cache.clear()
    before = ProcessingLogEntry.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return Counted(response, ctx.captured_queries, ProcessingLogEntry.objects.count() - before)


def assert_constant(small: Counted, large: Counted, ceiling: int = MAX_QUERIES):
    assert len(small.page) == len(large.page), f"1 of each: {small!r}\n\n20 of each: {large!r}"
    assert len(large.page) < ceiling, repr(large)


# --- the case page and the API's case detail -----------------------------------------------------

class CaseWorld:
    def __init__(self):
        self.org = OrganisationFactory()
        self.team = TeamFactory(organisation=self.org, domain="jeugd")
        self.worker = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.team])
        self.case = CaseFactory(organisation=self.org, team=self.team, members=[self.worker], residents=[])
        self.n = 0

    def grow(self, to: int):
        from privacyregie.register.models import ChainPartner

        for i in range(self.n, to):
            resident = ResidentFactory(organisation=self.org)
            CaseResident.objects.create(case=self.case, resident=resident)
            CaseNote.objects.create(case=self.case, author=self.worker, text=f"Notitie {i}")
            CaseDocument.objects.create(case=self.case, uploaded_by=self.worker, title=f"Document {i}",
                                        file_name=f"d{i}.pdf", content_type="application/pdf", size=10,
                                        sha256="0" * 64, storage_name=store_encrypted(b"%PDF-1.4 test"))
            colleague = UserFactory(organisation=self.org, roles=[Role.CASE_WORKER], teams=[self.team])
            CaseMembership.objects.create(case=self.case, user=colleague)
            partner = ChainPartner.objects.create(organisation=self.org, name=f"Partner {i}", kind="huisarts",
                                                  role="verantwoordelijke")
            today = timezone.localdate()
            consent = Consent.objects.create(organisation=self.org, resident=resident, case=self.case,
                                             form="mondeling", scope="delen", data_categories=["contact"],
                                             given_on=today, valid_from=today, recorded_by=self.worker,
                                             conversation="gesprek")
            consent.partners.set([partner])
        self.n = to


@pytest.fixture
def case_world():
    return CaseWorld()


def test_case_page(client, login, case_world):
    login(case_world.worker)
    url = reverse("dossiers:case_detail", kwargs={"uuid": case_world.case.uuid})
    case_world.grow(1)
    small = count(client, url)
    case_world.grow(20)
    large = count(client, url)
    assert small.entries == 1 and large.entries == 20  # one log entry per resident read, never fewer
    assert "Notitie 19" in large.response.content.decode() and "Partner 19" in large.response.content.decode()
    assert_constant(small, large)


def test_api_case_detail(client, login, case_world):
    login(case_world.worker)
    url = f"/api/v1/cases/{case_world.case.uuid}"
    case_world.grow(1)
    small = count(client, url, HTTP_ACCEPT="application/json")
    case_world.grow(20)
    large = count(client, url, HTTP_ACCEPT="application/json")
    assert small.entries == 1 and large.entries == 20
    assert "Notitie 19" in large.response.content.decode() and "Partner 19" in large.response.content.decode()
    assert_constant(small, large, ceiling=API_CASE_DETAIL_CEILING)


def test_case_lists_of_worker_and_team_lead(client, login, case_world):
    lead = UserFactory(organisation=case_world.org, roles=[Role.TEAM_LEAD])
    lead.team_memberships.create(team=case_world.team, is_lead=True)

    def more_cases(to):
        while CaseMembership.objects.filter(user=case_world.worker).count() < to:
            CaseFactory(organisation=case_world.org, team=case_world.team, members=[case_world.worker])

    for user, url in ((case_world.worker, reverse("dossiers:my_cases")), (lead, reverse("dossiers:team"))):
        login(user)
        more_cases(1)
        small = count(client, url)
        more_cases(20)
        large = count(client, url)
        assert_constant(small, large)


# --- start pages of every role -------------------------------------------------------------------

START_ROLES = [Role.CASE_WORKER, Role.TEAM_LEAD, Role.PRIVACY_OFFICER, Role.CISO, Role.FUNCTIONAL_ADMIN,
               Role.INFORMATION_MANAGER, Role.MANAGEMENT, Role.COUNCIL]


@pytest.mark.parametrize("role", START_ROLES)
def test_start_page(client, login, role):
    from privacyregie.incidents.tests.factories import IncidentFactory

    org = OrganisationFactory()
    team = TeamFactory(organisation=org, domain="jeugd")
    user = UserFactory(organisation=org, roles=[role], teams=[team])
    if role == Role.TEAM_LEAD:
        user.team_memberships.filter(team=team).update(is_lead=True)

    def grow(to):
        while CaseMembership.objects.filter(user=user).count() < to:
            CaseFactory(organisation=org, team=team, members=[user])
            IncidentFactory(organisation=org)

    login(user)
    url = reverse("web:home")
    grow(1)
    small, small_cold = count(client, url), count(client, url, cold=True)
    grow(20)
    large, large_cold = count(client, url), count(client, url, cold=True)
    assert_constant(small, large, ceiling=START_PAGE_CEILINGS.get(role, MAX_QUERIES))
    # the first request of an organisation in a minute computes the kept figures: more, but constant too
    assert_constant(small_cold, large_cold, ceiling=10**6)


# --- the processing-log viewer filtered by resident, the register list, the incident dashboard ---

def test_log_viewer_filtered_by_resident(client, login):
    org = OrganisationFactory()
    team = TeamFactory(organisation=org, domain="jeugd")
    officer = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])
    worker = UserFactory(organisation=org, roles=[Role.CASE_WORKER], teams=[team])
    resident = ResidentFactory(organisation=org)
    case = CaseFactory(organisation=org, team=team, members=[worker], residents=[resident])
    login(worker)
    case_url = reverse("dossiers:case_detail", kwargs={"uuid": case.uuid})
    client.get(case_url)  # one entry about the resident
    login(officer)
    url = reverse("kernel:log") + f"?bsn={resident.bsn}&purpose=controle"
    small = count(client, url)
    login(worker)
    for _ in range(20):
        client.get(case_url)
    login(officer)
    large = count(client, url)
    assert small.entries == 1 and large.entries == 1  # the look-up itself is logged
    assert_constant(small, large)


def test_register_list(client, login):
    from privacyregie.register.tests.factories import activity

    org = OrganisationFactory()
    officer = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])
    login(officer)
    url = reverse("register:index")
    activity(org, name="Activiteit 0")
    small = count(client, url)
    for i in range(1, 20):
        activity(org, name=f"Activiteit {i}")
    large = count(client, url)
    assert "Activiteit 19" in large.response.content.decode()
    assert_constant(small, large)


def test_incident_dashboard(client, login):
    from privacyregie.incidents.tests.factories import BreachFactory, IncidentFactory, MeasureFactory

    org = OrganisationFactory()
    officer = UserFactory(organisation=org, roles=[Role.PRIVACY_OFFICER])
    login(officer)
    url = reverse("incidents:dashboard")

    def grow(n):
        for i in range(n):
            incident = IncidentFactory(organisation=org, title=f"Incident {i}-{n}")
            MeasureFactory(incident=incident)
            BreachFactory(organisation=org, title=f"Lek {i}-{n}",
                          discovered_at=timezone.now() - timedelta(hours=2 + i))

    grow(1)
    small = count(client, url)
    grow(19)
    large = count(client, url)
    assert_constant(small, large)


# Pages not yet under the target of 15 (docs/benchmarks.md): the count does not grow with size (asserted
# above), and these ceilings (today's count + 1) keep it from creeping up until each page is brought under 15.
# Of each page's count, 4 are the request's own: the session, the user, the user's second-factor device
# (django-otp) and the user's roles. Start pages are counted warm: the figures a panel keeps per organisation
# for a minute (register checks, processing-log figures; the panel says so) are computed once per
# organisation per minute, by the cold request asserted above.
# 10: the request's own 4 (session, user, device, roles), case (with the kernel's register version, the
# break-the-glass access and the restriction check: services.get_case_for_page), residents, members, notes,
# documents, consents with their partners
API_CASE_DETAIL_CEILING = 11
START_PAGE_CEILINGS: dict = {}  # every role's start page is under 15 (fourth round)
