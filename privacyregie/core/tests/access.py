"""Access matrix of core's pages: (URL, expected status per role).

Every app has such a module (``<app>/tests/access.py`` with ``ROUTES``);
``tests/test_access_matrix.py`` walks all of them as every role and fails when a URL
of the project has no entry. Roles not listed in ``expect`` get ``default`` (403).
"""

from privacyregie.core.tests.matrix import ALL_ROLES, ROLES_WITH_ROLE, Route, statement_first

ROUTES = [
    Route("web:root", expect={r: 302 for r in ALL_ROLES}, anonymous=302),
    Route("web:home", expect=statement_first({r: 200 for r in ROLES_WITH_ROLE})),  # no_role: 403 page that says whom to ask
    Route("web:health", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("core:health_live", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("core:health_ready", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    # deny by default: without METRICS_TOKEN or METRICS_ALLOWED_IPS nobody reads the metrics, a login does not help
    Route("core:metrics", expect={r: 403 for r in ALL_ROLES}, anonymous=403),
    Route("two_factor:login", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("two_factor:setup", expect={r: 302 for r in ALL_ROLES}),
    Route("two_factor:qr", expect={r: 404 for r in ALL_ROLES}, label="no enrolment in progress"),
    Route("web:set_language", method="post", data={"language": "nl", "next": "/"},
          expect={r: 302 for r in ALL_ROLES}, anonymous=302),
    Route("core:enrolment_done", expect={r: 302 for r in ALL_ROLES}),
    Route("core:recovery_codes", expect={r: 200 for r in ALL_ROLES}),
    # single sign-on: no identity provider with this name; the callback without a code sends back;
    # the SSO second-factor page sends a verified user home
    Route("core:sso_start", kwargs=lambda: {"slug": "onbekend"}, label="unknown organisation",
          expect={r: 404 for r in ALL_ROLES}, anonymous=404),
    Route("core:sso_callback", expect={r: 302 for r in ALL_ROLES}, anonymous=302),
    Route("core:sso_verify", expect={r: 302 for r in ALL_ROLES}),
    Route("core:logout", method="post", expect={r: 302 for r in ALL_ROLES}, anonymous=302),
    Route("core:logout_everywhere", method="post", expect={r: 302 for r in ALL_ROLES}),
    Route("core:profile", expect={r: 200 for r in ALL_ROLES}),
    Route("core:notifications", expect={r: 200 for r in ALL_ROLES}),
    Route("core:notification_read", kwargs=lambda: {"pk": 999999}, method="post", expect={r: 404 for r in ALL_ROLES}),
    Route("core:roles", expect={"privacy_officer": 200, "ciso": 200, "functional_admin": 200, "other_org_privacy_officer": 200}),
    Route("core:security_events", expect={"ciso": 200}),
    Route("core:pending_shreds", expect={"ciso": 200, "functional_admin": 200}),
    # a one-off task: only its owner (the privacy officer "fg") sees it; everyone else gets a 404
    Route("core:task_detail", kwargs=lambda: _task(), expect={"privacy_officer": 200}, default=404),
    Route("core:task_status", kwargs=lambda: _task(), expect={"privacy_officer": 200}, default=404),
    Route("core:task_download", kwargs=lambda: _task(done=True), expect={"privacy_officer": 200}, default=404),
    # API
    Route("api:schema", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("api:docs", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("api:redoc", expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("api:me", expect={r: 200 for r in ROLES_WITH_ROLE}, anonymous=401),
    Route("api:team-list", expect={r: 200 for r in ROLES_WITH_ROLE}, anonymous=401),
    Route("api:team-detail", kwargs=lambda: {"pk": _team_pk("Jeugdteam BEL")}, label="BEL team",
          expect={**{r: 200 for r in ROLES_WITH_ROLE}, "other_org_privacy_officer": 404}, anonymous=401),
    Route("api:team-detail", kwargs=lambda: {"pk": _team_pk("WIJZ-team Haren")}, label="Haren team",
          expect={**{r: 404 for r in ROLES_WITH_ROLE}, "other_org_privacy_officer": 200}, anonymous=401),
]


def _team_pk(name):
    from privacyregie.core.models import Team

    return Team.objects.get(name=name).pk


def _task(done=False):
    from privacyregie.core.files import stage
    from privacyregie.core.models import Task, User
    from privacyregie.core.tasks import owner_key

    owner = User.objects.get(username="fg")
    task = Task.objects.create(kind="register.export", owner=owner, organisation=owner.organisation, done=3, total=10,
                               status=Task.Status.DONE if done else Task.Status.RUNNING)
    if done:
        task.result_token = stage({"filename": "register.csv", "content_type": "text/csv", "data": "YTtiCg=="},
                                  owner_key(task))
        task.save(update_fields=["result_token"])
    return {"public_id": task.public_id}
