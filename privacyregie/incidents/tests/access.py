"""Access matrix of the incidents pages and API (see core/tests/matrix.py)."""

from privacyregie.core.tests.matrix import INTERNAL_STAFF, Route

HANDLERS = ("privacy_officer", "ciso", "other_org_privacy_officer")
REGISTER = ("privacy_officer", "ciso", "management", "other_org_privacy_officer")
# externals (chain partner, supplier) report as processors (AVG art. 33(2))
EXTERNALS = ("chain_partner", "supplier")
REPORTERS = {r: 200 for r in (*INTERNAL_STAFF, *EXTERNALS)}
UNKNOWN = "00000000-0000-4000-8000-000000000000"  # a well-formed public id that no object has


def _pk(number):
    def kwargs():
        from privacyregie.incidents.models import Incident

        return {"uuid": Incident.objects.get(receipt_number=number).uuid}

    return kwargs


def _measure_kwargs():
    from privacyregie.incidents.models import Measure

    measure = Measure.objects.filter(incident__receipt_number="M-DEMO-01").first()
    return {"uuid": measure.incident.uuid, "measure_uuid": measure.uuid}


def _bel(ok, other=404):
    """Status for the BEL handlers, and 404 for the Haren privacy officer (another tenant)."""
    return {"privacy_officer": ok, "ciso": ok, "other_org_privacy_officer": other}


BREACH = _pk("M-DEMO-01")

ROUTES = [
    Route("incidents:report", expect=REPORTERS),
    Route("incidents:receipt", expect=REPORTERS),
    Route("incidents:report_paper", expect={r: 200 for r in HANDLERS}),
    Route("incidents:mine", expect=REPORTERS),
    Route("incidents:follow_up", expect=REPORTERS),
    Route("incidents:involved_detail", kwargs=_pk("M-DEMO-02"), label="member",
          expect={**{r: 404 for r in (*INTERNAL_STAFF, *EXTERNALS)}, "privacy_officer": 200, "ciso": 200, "case_worker_wmo": 200,
                  "management": 200}),
    Route("incidents:dashboard", expect={r: 200 for r in HANDLERS}),
    Route("incidents:register", expect={r: 200 for r in REGISTER}),
    Route("incidents:register_export", kwargs=lambda: {"fmt": "csv"}, expect={r: 200 for r in REGISTER}),
    Route("incidents:statistics", expect={r: 200 for r in REGISTER}),
    Route("incidents:detail", kwargs=BREACH, expect=_bel(200)),
    Route("incidents:triage", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:assess", kwargs=BREACH, expect=_bel(200)),
    Route("incidents:add_member", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:add_event", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:add_measure", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:edit_measure", kwargs=_measure_kwargs, expect=_bel(200)),
    Route("incidents:close", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:reopen", kwargs=_pk("M-DEMO-05"), method="post", expect=_bel(302)),
    Route("incidents:attachment", kwargs=lambda: {**BREACH(), "attachment_uuid": UNKNOWN}, expect=_bel(404)),
    Route("incidents:ap_draft", kwargs=BREACH, expect=_bel(200)),
    Route("incidents:ap_pdf", kwargs=_pk("M-DEMO-02"), expect=_bel(200)),
    # the fresh breach has no saved notification form yet: no PDF, back to the form
    Route("incidents:ap_pdf", kwargs=BREACH, label="unsaved", expect=_bel(302)),
    Route("incidents:ap_json", kwargs=BREACH, expect=_bel(200)),
    Route("incidents:ap_submit", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:ap_supplement", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:ap_withdraw", kwargs=BREACH, method="post", expect=_bel(302)),
    Route("incidents:residents", kwargs=BREACH, expect=_bel(200)),
    Route("incidents:residents_ground", kwargs=BREACH, method="post", expect=_bel(302)),
    # API
    Route("api:incident-list", expect={r: 200 for r in HANDLERS}),
    Route("api:incident-detail", kwargs=BREACH, expect=_bel(200)),
    Route("api:incident-report", method="post", expect={r: 400 for r in (*INTERNAL_STAFF, *EXTERNALS)}),
    Route("api:incident-mine", expect=REPORTERS),
    Route("api:incident-triage", kwargs=BREACH, method="post", expect=_bel(400)),
    Route("api:incident-assess", kwargs=_pk("M-DEMO-05"), method="post", expect=_bel(400)),
    Route("api:incident-measures", kwargs=BREACH, method="post", expect=_bel(400)),
    Route("api:incident-ap-draft", kwargs=BREACH, expect=_bel(200)),
    Route("api:incident-ap-submission", kwargs=BREACH, method="post", expect=_bel(400)),
    Route("api:incident-residents-informed", kwargs=BREACH, method="post", expect=_bel(400)),
    Route("api:incident-art34-ground", kwargs=BREACH, method="post", expect=_bel(400)),
    Route("api:incident-close", kwargs=BREACH, method="post", expect=_bel(400)),
]
