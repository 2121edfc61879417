"""Access matrix of the access report pages (``rights.report_urls``): only who handles requests, only in
their own organisation (another organisation's request is a 404)."""

from privacyregie.core.tests.matrix import Route

DEMO_REFERENCE = "V-DEMO-INZAGERAPPORT"


def _request():
    """An open access request of a demo resident with a verified identity and every note reviewed."""
    import datetime

    from django.utils import timezone

    from privacyregie.core.models import User
    from privacyregie.dossiers.models import Case
    from privacyregie.rights.models import NoteReview, SubjectRequest

    officer = User.objects.get(username="fg")
    case = Case.objects.get(organisation=officer.organisation, reference="C-2026-0001")
    resident = case.residents.order_by("pk").first()
    request, _ = SubjectRequest.objects.get_or_create(
        organisation=officer.organisation, reference=DEMO_REFERENCE,
        defaults={"kind": "inzage", "channel": "balie", "requester_name": str(resident), "resident": resident,
                  "identity_method": "balie_identiteitsbewijs", "identity_checked_by": officer,
                  "identity_checked_at": timezone.now(), "handler": officer,
                  "due_on": timezone.localdate() + datetime.timedelta(days=30)})
    for link in resident.case_links.all():
        for note in link.case.notes.all():
            NoteReview.objects.get_or_create(request=request, note=note,
                                             defaults={"verdict": "opnemen", "reviewed_by": officer})
    return {"uuid": request.uuid}


HANDLERS = {"privacy_officer": 200, "other_org_privacy_officer": 404}
ROUTES = [
    Route("rights:report", kwargs=_request, expect=HANDLERS),
    Route("rights:report_notes", kwargs=_request, expect=HANDLERS),
    Route("rights:report_pdf", kwargs=_request, expect=HANDLERS),
    Route("rights:report_json", kwargs=_request, expect=HANDLERS),
    # an empty form: nothing sent, back to the report page
    Route("rights:report_send", kwargs=_request, method="post", expect={"privacy_officer": 302,
                                                                        "other_org_privacy_officer": 404}),
]
