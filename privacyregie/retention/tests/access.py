"""Access matrix of retention (demo data of ``retention.demo``): the Selectielijst and the rules per activity
for readers of the register (edited with register.edit), loading the list for the functional administrator
and the information manager, a case's outcome for the case worker on the case (consulent.wmo on C-2025-0102;
consulent.jeugd is not on it: the kernel refuses, 403)."""

from privacyregie.core.tests.matrix import Route

READERS = ("privacy_officer", "ciso", "functional_admin", "information_manager", "management", "council",
           "other_org_privacy_officer")
EDITORS = ("privacy_officer", "functional_admin", "information_manager")
LOADERS = ("functional_admin", "information_manager")


def _activity():
    from privacyregie.register.models import ProcessingActivity

    return {"pk": ProcessingActivity.objects.get(organisation__slug="bel", name="Wmo-maatwerkvoorziening").pk}


def _case():
    from privacyregie.dossiers.models import Case

    return {"uuid": Case.objects.get(reference="C-2025-0102").uuid}


def _list():
    from privacyregie.retention.models import SelectionList

    return {"pk": SelectionList.objects.get(year=2020).pk}


def _result():
    from privacyregie.retention.models import SelectionResult

    return {"pk": SelectionResult.objects.get(selection_list__year=2020, full_number="8.1.2").pk}


def _bel_only(roles, status=200):
    return {**{r: status for r in roles}, "other_org_privacy_officer": 404}


ROUTES = [
    Route("retention:index", expect={r: 200 for r in READERS}),
    Route("retention:upload", expect={r: 200 for r in LOADERS}),
    Route("retention:rules", kwargs=_activity, expect=_bel_only(READERS)),
    # a POST without data: editors get the form back with its errors; readers may not change rules
    Route("retention:rules", kwargs=_activity, method="post", label="post",
          expect={**_bel_only(READERS, 403), **{r: 400 for r in EDITORS}}),
    Route("retention:case_outcome", kwargs=_case, method="post", expect={"case_worker_wmo": 302}),
    # API
    Route("api:selection-list-list", expect={r: 200 for r in READERS}),
    Route("api:selection-list-detail", kwargs=_list, expect={r: 200 for r in READERS}),
    Route("api:selection-result-list", expect={r: 200 for r in READERS}),
    Route("api:selection-result-detail", kwargs=_result, expect={r: 200 for r in READERS}),
    Route("api:retention-rule-list", expect={r: 200 for r in READERS}),
    Route("api:retention-rule-detail", kwargs=_activity, expect=_bel_only(READERS)),
    Route("api:case-retention-detail", kwargs=_case, expect={"case_worker_wmo": 200}),
]

from .access_destruction import ROUTES as _DESTRUCTION  # noqa: E402

ROUTES += _DESTRUCTION
