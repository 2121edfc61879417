"""Access matrix of the exchange pages and the partner API (see core/tests/matrix.py)."""

from privacyregie.core.tests.matrix import Route

SHARERS = ("case_worker_youth", "case_worker_wmo")
BOTH = (*SHARERS, "chain_partner")


def _exchange():
    from privacyregie.exchange.demo import DEMO_SUBJECT
    from privacyregie.exchange.models import Exchange

    return {"uuid": Exchange.objects.get(subject=DEMO_SUBJECT).uuid}


def _file():
    from privacyregie.exchange.demo import DEMO_SUBJECT
    from privacyregie.exchange.models import ExchangeFile

    file = ExchangeFile.objects.filter(message__exchange__subject=DEMO_SUBJECT).first()
    return {"uuid": file.message.exchange.uuid, "file_uuid": file.uuid}


def _external_users() -> bool:
    from django.apps import apps

    return apps.is_installed("privacyregie.external")


# The youth worker is on the case and created the share; the Wmo worker is not on the case (kernel: 403).
# The chain partner is its recipient; with external users installed, the demo partner has not yet accepted the
# confidentiality statement and is sent there first (302); the GP who has ("huisarts") is no recipient (403).
PARTNER = 302 if _external_users() else 200
OPENERS = {"case_worker_youth": 200, "chain_partner": PARTNER}
INBOX = {**{r: 200 for r in BOTH}, "chain_partner": PARTNER, "chain_partner_accepted": 200}

ROUTES = [
    Route("exchange:inbox", expect=INBOX),
    Route("exchange:share", expect={r: 200 for r in SHARERS}),
    # the use of the secure channel: aggregates for the privacy officer and the CISO (of any organisation: their own)
    Route("exchange:usage", expect={"privacy_officer": 200, "ciso": 200, "other_org_privacy_officer": 200}),
    Route("exchange:detail", kwargs=_exchange, expect=OPENERS),
    Route("exchange:download", kwargs=_file, expect=OPENERS),
    Route("exchange:answer", kwargs=_exchange, method="post",
          expect={"case_worker_youth": 302, "chain_partner": 302, "chain_partner_accepted": 403}),
    Route("exchange:forward", kwargs=_exchange, method="post", expect={"case_worker_youth": 302}),
    Route("exchange:revoke", kwargs=_exchange, method="post", expect={"case_worker_youth": 302}),
    # API: only an application of a chain partner (scope exchange.partner_api); no role holds it
    Route("api:exchange-list"),
    Route("api:exchange-detail", kwargs=_exchange),
    Route("api:exchange-file", kwargs=_file),
    Route("api:exchange-answer", kwargs=_exchange, method="post"),
]
