"""The log viewer's rows written in Python (kernel.logtable) are the HTML the template wrote."""

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from privacyregie.core.listing import Row
from privacyregie.kernel.logtable import log_rows

# the row as kernel/log.html wrote it before kernel.logtable (the reference, not used by the page)
TEMPLATE_ROW = Template("""{% load i18n %}<tr>
    <td><span class="nowrap">{{ e.when.split.0 }}</span> {{ e.when.split.1 }}</td>
    <td>{{ e.who }}{% if e.via %}<br><span class="small muted">{% translate "via" %} {{ e.via }}</span>{% endif %}</td>
    <td>{{ e.action_label }}</td>
    <td>{{ e.target }}</td>
    <td class="small"><code>{{ e.subject }}</code></td>
    <td>{{ e.purpose_label }}</td>
    <td>{{ e.legal_basis_label }}{% if e.legal_basis_detail %}<br><span class="small muted">{{ e.legal_basis_detail }}</span>{% endif %}</td>
    <td>{% if e.outcome == "denied" %}<span class="badge badge--red">{% translate "geweigerd" %}</span><br><span class="small">{{ e.reason }}</span>{% else %}<span class="badge badge--green">{% translate "toegestaan" %}</span>{% endif %}{% if e.emergency %} <span class="badge badge--orange">{% translate "noodtoegang" %}</span>{% endif %}</td>
    <td class="small">{{ e.origin|default:"–" }}</td>
  </tr>""")  # noqa: E501


def _entry(**values):
    entry = {"id": 1, "occurred_at": timezone.now(), "actor_username": "consulent.jeugd", "application": "",
             "action": "view", "target_type": "case", "target_label": "casus J-2026-0001",
             "subject_pseudonym": "a1b2c3d4e5f6", "purpose": "casusbehandeling", "legal_basis": "wettelijke_taak",
             "legal_basis_detail": "", "outcome": "allowed", "reason": "", "emergency": False, "origin": ""}
    entry.update(values)
    return entry


ENTRIES = [
    _entry(),
    _entry(actor_username="", application="Zaaksysteem <b>", target_label="", subject_pseudonym="",
           origin="otlp:zaaksysteem"),
    _entry(application="Portaal & co", legal_basis_detail="Jeugdwet art. 7.1.1 \"lid 2\"", outcome="denied",
           reason="Geen lid van de casus <script>", emergency=True, purpose="onbekend-doel"),
    _entry(emergency=True, legal_basis="toestemming", action="export"),
]


class _Page:
    def __init__(self, entries):
        self.object_list = entries


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_row_is_the_html_the_template_wrote(language):
    with translation.override(language):
        rows = log_rows(_Page([dict(e) for e in ENTRIES]))
        for row in rows:
            assert row["html"] == TEMPLATE_ROW.render(Context({"e": row}))


def test_the_page_rows_are_the_rows_with_their_html():
    page = _Page([_entry()])
    rows = log_rows(page)
    assert page.object_list is rows and isinstance(rows[0], Row) and rows[0]["html"].startswith("<tr>")
