from privacyregie.core.tests.matrix import ALL_ROLES, Route

READERS = ("privacy_officer", "ciso", "functional_admin", "information_manager", "management", "council",
           "other_org_privacy_officer")
EDITORS = ("privacy_officer", "functional_admin", "information_manager", "other_org_privacy_officer")


def _activity(slug="bel"):
    from privacyregie.register.models import ProcessingActivity

    return ProcessingActivity.objects.filter(organisation__slug=slug).order_by("pk").first()


def _partner():
    from privacyregie.register.models import ChainPartner

    return ChainPartner.objects.filter(organisation__slug="bel").order_by("pk").first()


def _bel_only(readers, status=200):
    return {**{r: status for r in readers}, "other_org_privacy_officer": 404}


ROUTES = [
    Route("register:index", expect={r: 200 for r in READERS}),
    Route("register:activity_create", expect={r: 200 for r in EDITORS}),
    Route("register:activity_detail", kwargs=lambda: {"pk": _activity().pk}, expect=_bel_only(READERS)),
    Route("register:activity_edit", kwargs=lambda: {"pk": _activity().pk}, expect=_bel_only(EDITORS)),
    Route("register:version_detail", kwargs=lambda: {"pk": _activity().current.pk}, expect=_bel_only(READERS)),
    Route("register:processors", expect={r: 200 for r in READERS}),
    Route("register:partners", expect={r: 200 for r in READERS}),
    Route("register:partner_detail", kwargs=lambda: {"pk": _partner().pk}, expect=_bel_only(READERS)),
    Route("register:landscape", expect={r: 200 for r in READERS}),
    Route("register:landscape_svg", expect={r: 200 for r in READERS}),
    Route("register:checks", expect={r: 200 for r in READERS}),
    Route("register:export", data={"formaat": "csv"}, expect={r: 200 for r in READERS}),
    Route("register:export", data={"formaat": "csv", "register": "verwerker"}, expect={r: 200 for r in READERS},
          label="processor register"),
    Route("register:import", expect={r: 200 for r in EDITORS}),
    Route("register:import_confirm", method="post", expect={r: 302 for r in EDITORS}),
    Route("register:import_template", expect={r: 200 for r in READERS}),
    Route("register:import_template_csv", expect={r: 200 for r in READERS}),
    Route("register:object_create", kwargs=lambda: {"kind": "ketenpartner"}, expect={r: 200 for r in EDITORS}),
    Route("register:object_edit", kwargs=lambda: {"kind": "ketenpartner", "pk": _partner().pk}, expect=_bel_only(EDITORS)),
    Route("register:agreement_document", kwargs=lambda: {"pk": _agreement()}, expect=_bel_only(READERS, 404)),
    Route("register:public_index", kwargs=lambda: {"organisation": "bel"}, expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("register:public_statement", kwargs=lambda: {"organisation": "bel", "pk": _activity().pk},
          expect={r: 200 for r in ALL_ROLES}, anonymous=200),
    Route("api:activity-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:activity-detail", kwargs=lambda: {"pk": _activity().pk}, expect=_bel_only(READERS), anonymous=401),
    Route("api:activity-version-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:activity-version-detail", kwargs=lambda: {"pk": _activity().current.pk}, expect=_bel_only(READERS),
          anonymous=401),
    Route("api:partner-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:partner-detail", kwargs=lambda: {"pk": _partner().pk}, expect=_bel_only(READERS), anonymous=401),
    Route("api:system-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:system-detail", kwargs=lambda: {"pk": _system()}, expect=_bel_only(READERS), anonymous=401),
    Route("api:link-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:link-detail", kwargs=lambda: {"pk": _link()}, expect=_bel_only(READERS), anonymous=401),
    Route("api:processing-controller-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:processing-controller-detail", kwargs=lambda: {"pk": _controller()}, expect=_bel_only(READERS),
          anonymous=401),
    Route("api:processor-activity-list", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:processor-activity-detail", kwargs=lambda: {"pk": _processor_activity()}, expect=_bel_only(READERS),
          anonymous=401),
    Route("api:register-vng", expect={r: 200 for r in READERS}, anonymous=401),
    Route("api:register-checks", expect={r: 200 for r in READERS}, anonymous=401),
]


def _system():
    from privacyregie.register.models import InformationSystem

    return InformationSystem.objects.filter(organisation__slug="bel").order_by("pk").first().pk


def _link():
    from privacyregie.register.models import SystemLink

    return SystemLink.objects.filter(organisation__slug="bel").order_by("pk").first().pk


def _agreement():
    from privacyregie.register.models import Agreement

    return Agreement.objects.filter(organisation__slug="bel").order_by("pk").first().pk


def _controller():
    from privacyregie.register.models import ProcessingController

    return ProcessingController.objects.filter(organisation__slug="bel").order_by("pk").first().pk


def _processor_activity():
    from privacyregie.register.models import ProcessorActivity

    return ProcessorActivity.objects.filter(organisation__slug="bel").order_by("pk").first().pk
