"""Access matrix of the compliance pages and API (see core/tests/matrix.py)."""

from privacyregie.core.tests.matrix import Route

VIEWERS = ("privacy_officer", "ciso", "information_manager", "management", "council", "other_org_privacy_officer")
EDITORS = ("privacy_officer", "ciso", "other_org_privacy_officer")
RECOMMENDATION_EDITORS = ("privacy_officer", "ciso", "management", "other_org_privacy_officer")


def _ok(roles, status=200):
    return {r: status for r in roles}


def _bel(roles, status=200):
    """Status for BEL users with the permission; the Haren privacy officer gets 404 (another tenant)."""
    return {**{r: status for r in roles}, **({"other_org_privacy_officer": 404}
                                             if "other_org_privacy_officer" in roles else {})}


def _current():
    from privacyregie.compliance.models import Assessment

    return {"pk": Assessment.objects.filter(organisation__slug="bel", status="open").first().pk}


def _reported():
    from privacyregie.compliance.models import Assessment

    return {"pk": Assessment.objects.filter(organisation__slug="bel", status="closed").first().pk}


def _item():
    from privacyregie.compliance.models import RequirementAssessment

    return {"pk": RequirementAssessment.objects.filter(assessment__organisation__slug="bel",
                                                       assessment__status="open").first().pk}


def _framework():
    from privacyregie.compliance.models import Framework

    return {"pk": Framework.objects.filter(organisation=None).first().pk}


def _recommendation():
    from privacyregie.compliance.models import Recommendation

    return {"pk": Recommendation.objects.filter(organisation__slug="bel").first().pk}


def _action():
    from privacyregie.compliance.models import RecommendationAction

    return {"pk": RecommendationAction.objects.filter(recommendation__organisation__slug="bel").first().pk}


def _risk():
    from privacyregie.compliance.models import Risk

    return {"pk": Risk.objects.filter(organisation__slug="bel").first().pk}


def _indicator():
    from privacyregie.compliance.models import ManualIndicator

    return {"pk": ManualIndicator.objects.filter(organisation__slug="bel").first().pk}


ROUTES = [
    # council reports
    Route("compliance:reports", expect=_ok(VIEWERS)),
    Route("compliance:stoplight", kwargs=_reported, expect=_bel(VIEWERS)),
    Route("compliance:stoplight_pdf", kwargs=_reported, expect=_bel(VIEWERS)),
    Route("compliance:scorecard", expect=_ok(VIEWERS)),
    Route("compliance:scorecard_pdf", expect=_ok(VIEWERS)),
    Route("compliance:recommendations_report", expect=_ok(VIEWERS)),
    Route("compliance:recommendations_pdf", expect=_ok(VIEWERS)),
    Route("compliance:snapshot", method="post", expect=_ok(EDITORS, 302)),
    # frameworks and assessments
    Route("compliance:frameworks", expect=_ok(EDITORS)),
    Route("compliance:framework_detail", kwargs=_framework, expect=_ok(EDITORS)),
    Route("compliance:framework_export", kwargs=_framework, expect=_ok(EDITORS)),
    Route("compliance:assessments", expect=_ok(EDITORS)),
    Route("compliance:assessment_detail", kwargs=_current, expect=_bel(EDITORS)),
    Route("compliance:assessment_close", kwargs=_reported, method="post", expect=_bel(EDITORS, 302)),
    Route("compliance:assessment_new_version", kwargs=_reported, method="post", expect=_bel(EDITORS, 302)),
    Route("compliance:assessment_compare", kwargs=_current, expect=_bel(EDITORS)),
    Route("compliance:assessment_history", kwargs=_current, expect=_bel(EDITORS)),
    Route("compliance:item_edit", kwargs=_item, expect=_bel(EDITORS)),
    Route("compliance:evidence_upload", kwargs=_item, method="post", expect=_bel(EDITORS, 302)),
    Route("compliance:evidence_download", kwargs=lambda: {"pk": 999999}, expect=_ok(EDITORS, 404)),
    # recommendations
    Route("compliance:recommendations", expect=_ok(RECOMMENDATION_EDITORS)),
    Route("compliance:recommendation_respond", kwargs=_recommendation, method="post",
          data={"response": "onbekend"}, expect={"management": 302}),
    Route("compliance:action_add", kwargs=_recommendation, method="post", expect=_bel(RECOMMENDATION_EDITORS, 302)),
    Route("compliance:recommendation_history", kwargs=_recommendation, expect=_bel(RECOMMENDATION_EDITORS)),
    Route("compliance:action_edit", kwargs=_action, expect=_bel(RECOMMENDATION_EDITORS)),
    # risks
    Route("compliance:risks", expect=_ok(EDITORS)),
    Route("compliance:risk_new", expect=_ok(EDITORS)),
    Route("compliance:risk_edit", kwargs=_risk, expect=_bel(EDITORS)),
    Route("compliance:measure_add", kwargs=_risk, method="post", expect=_bel(EDITORS, 302)),
    # manual indicators
    Route("compliance:indicators", expect={"functional_admin": 200}),
    Route("compliance:indicator_value", kwargs=_indicator, method="post", expect={"functional_admin": 302}),
    # API
    Route("api:compliance-framework-list", expect=_ok(EDITORS)),
    Route("api:compliance-framework-detail", kwargs=_framework, expect=_ok(EDITORS)),
    Route("api:compliance-assessment-list", expect=_ok(VIEWERS)),
    Route("api:compliance-assessment-detail", kwargs=_current, expect=_bel(VIEWERS)),
    Route("api:compliance-item-detail", kwargs=_item, expect=_bel(EDITORS)),
    Route("api:compliance-recommendation-list", expect=_ok(VIEWERS)),
    Route("api:compliance-recommendation-detail", kwargs=_recommendation, expect=_bel(VIEWERS)),
    Route("api:compliance-risk-list", expect=_ok(EDITORS)),
    Route("api:compliance-risk-detail", kwargs=_risk, expect=_bel(EDITORS)),
    Route("api:compliance-scorecard", expect=_ok(VIEWERS)),
]
