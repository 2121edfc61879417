from privacyregie.core.tests.matrix import Route

PO = {"privacy_officer": 200, "other_org_privacy_officer": 200}

ROUTES = [
    Route("kernel:log", expect=PO),
    Route("kernel:verify", method="post", expect={"privacy_officer": 302, "other_org_privacy_officer": 302}),
    Route("kernel:subject", expect=PO),
    Route("kernel:deviations", expect=PO),
    Route("kernel:deviation_review", kwargs=lambda: {"pk": 999999999}, method="post", label="unknown deviation",
          expect={"privacy_officer": 404, "other_org_privacy_officer": 404}),
    Route("api:processing-log-list", expect=PO, anonymous=401),
    Route("api:processing-log-otlp", expect=PO, anonymous=401),
    Route("api:processing-log-detail", kwargs=lambda: {"pk": _entry_pk("bel")}, label="BEL entry",
          expect={"privacy_officer": 200, "other_org_privacy_officer": 404}, anonymous=401),
]


def _entry_pk(slug):
    from privacyregie.kernel.models import ProcessingLogEntry

    return ProcessingLogEntry.objects.filter(organisation__slug=slug).order_by("id").values_list("pk", flat=True).first()
