"""Access matrix of the data rooms (demo data of ``datarooms.demo``).

The demo room belongs to youth case C-2026-0001; its owner is consulent.jeugd and the demo GP
``huisarts`` (chain_partner_accepted) has a grant on it. Every other user of the organisation
is refused by the kernel (403, logged), also the demo ketenpartner and leverancier (external users
without a grant on it); the other organisation gets 404. Changes are posted to unknown ids (404)
so that the matrix does not change the demo data.
"""

from privacyregie.core.tests.matrix import ALL_ROLES, Route, statement_first

UNKNOWN = "00000000-0000-4000-8000-000000000000"
YOUTH = "case_worker_youth"
WMO = "case_worker_wmo"
GP = "chain_partner_accepted"
OTHER_ORG = "other_org_privacy_officer"
USERS = tuple(r for r in ALL_ROLES if r != "no_role")


def _room():
    from privacyregie.datarooms.demo import TITLE
    from privacyregie.datarooms.models import DataRoom

    return DataRoom.objects.get(title=TITLE)


def _room_kwargs():
    return {"uuid": _room().uuid}


def _document():
    return {"uuid": _room().documents.get().uuid}


def _first_version():
    return {"uuid": _room().documents.get().versions.get(number=1).uuid}


def _gp_member():
    return {"uuid": _room().members.get(user__username="huisarts").uuid}


def _with(base: int, **special) -> dict:
    """``base`` for every user with a role, then ``special``; the demo ketenpartner, who has a share but has not
    accepted the confidentiality statement, is sent to the statement first."""
    return statement_first({**{r: base for r in USERS}, **special})


IN_ROOM = _with(403, **{YOUTH: 200, GP: 200, OTHER_ORG: 404})
UNKNOWN_FOR_USERS = _with(404)
WORKERS_UNKNOWN = {YOUTH: 404, WMO: 404}

ROUTES = [
    Route("datarooms:my_rooms", expect=_with(200)),
    Route("datarooms:create", expect={YOUTH: 200, WMO: 200}),
    Route("datarooms:room", kwargs=_room_kwargs, expect=IN_ROOM),
    Route("datarooms:room", kwargs=lambda: {"uuid": UNKNOWN}, expect=UNKNOWN_FOR_USERS, label="unknown"),
    Route("datarooms:download", kwargs=_first_version, expect=IN_ROOM),
    Route("datarooms:revert", kwargs=_first_version, expect=IN_ROOM, label="confirmation"),
    Route("datarooms:delete", kwargs=_document, expect=IN_ROOM, label="confirmation"),
    Route("datarooms:member_remove", kwargs=_gp_member, expect={YOUTH: 200, WMO: 403, OTHER_ORG: 403},
          label="confirmation"),
    Route("datarooms:upload", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=UNKNOWN_FOR_USERS),
    Route("datarooms:new_version", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=UNKNOWN_FOR_USERS),
    Route("datarooms:rename", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=UNKNOWN_FOR_USERS),
    Route("datarooms:delete", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=UNKNOWN_FOR_USERS),
    Route("datarooms:undelete", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=UNKNOWN_FOR_USERS),
    Route("datarooms:revert", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=UNKNOWN_FOR_USERS),
    Route("datarooms:member_add", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=WORKERS_UNKNOWN),
    Route("datarooms:invite", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=WORKERS_UNKNOWN),
    Route("datarooms:member_remove", kwargs=lambda: {"uuid": UNKNOWN}, method="post", expect=WORKERS_UNKNOWN),
]
