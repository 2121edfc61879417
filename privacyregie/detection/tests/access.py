"""Access matrix of the detection of suspicious access: only the privacy officer of the organisation.

The demo alert belongs to BEL: the privacy officer of Haren holds the permissions but gets 404.
Posts without valid data: the assessment form is refused (400), the conversion of an open alert is
refused with a message (302 back to the alert).
"""

from privacyregie.core.tests.matrix import Route


def _alert():
    from privacyregie.detection.models import Alert

    return {"uuid": Alert.objects.filter(organisation__slug="bel").order_by("id").first().uuid}


ROUTES = [
    Route("detection:list", expect={"privacy_officer": 200, "other_org_privacy_officer": 200}),
    Route("detection:detail", kwargs=_alert, expect={"privacy_officer": 200, "other_org_privacy_officer": 404}),
    Route("detection:assess", kwargs=_alert, method="post",
          expect={"privacy_officer": 400, "other_org_privacy_officer": 404}),
    Route("detection:to_breach", kwargs=_alert, method="post",
          expect={"privacy_officer": 302, "other_org_privacy_officer": 404}),
    Route("detection:settings", expect={"privacy_officer": 200, "other_org_privacy_officer": 200}),
]
