"""The log viewer's table rows (``kernel/log.html``): the page's entries as values, and each row's HTML.

The table has up to 50 rows of nine cells; written by the template engine that is about a thousand
variable and tag nodes per page, each resolved, escaped and (for the badges) translated again. Here
each row is written once from its values, every value escaped as the template's autoescaping does
(``django.utils.html.escape``: the standard library's ``html.escape`` of the value's text, called here
directly, without the lazy-text check Django's wrapper makes on each of the page's ~600 calls), the fixed
texts translated and the time zone looked up once per page; the HTML is the same (``tests/test_logtable.py``
compares it with the template's). Never shows more than the row's values.
"""

from html import escape as _escape_text

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from privacyregie.core.listing import Row, label, labels, stamper

from .models import ProcessingLogEntry


def log_rows(page) -> list[Row]:
    """The page's entries (``values()`` of the viewer's columns) with their labels, local time, stand-ins
    for empty values and their row's HTML (``html``), ready for the table; the page's rows become these."""
    actions, purposes = labels(ProcessingLogEntry, "action"), labels(ProcessingLogEntry, "purpose")
    bases = labels(ProcessingLogEntry, "legal_basis")
    texts = {"via": _("via"), "denied": _("geweigerd"), "allowed": _("toegestaan"), "emergency": _("noodtoegang")}
    stamp = stamper()
    rows = [Row(values) for values in page.object_list]
    page.object_list = rows  # the page's rows are these: fetched once
    for row in rows:
        row["when"] = stamp(row["occurred_at"])
        row["who"] = row["actor_username"] or row["application"] or "–"
        row["via"] = row["application"] if row["actor_username"] else ""
        row["target"] = row["target_label"] or row["target_type"]
        row["subject"] = row["subject_pseudonym"][:8] or "–"
        row["action_label"] = label(actions, row["action"])
        row["purpose_label"] = label(purposes, row["purpose"])
        row["legal_basis_label"] = label(bases, row["legal_basis"])
        row["html"] = row_html(row, texts)
    return rows


def escape(value) -> str:
    """``django.utils.html.escape(value)`` as text (the row is marked safe as a whole)."""
    return _escape_text(str(value))


def row_html(row: Row, texts: dict) -> str:
    """One ``<tr>`` of the table, as the template wrote it (indentation included)."""
    via = f'<br><span class="small muted">{escape(texts["via"])} {escape(row["via"])}</span>' if row["via"] else ""
    detail = (f'<br><span class="small muted">{escape(row["legal_basis_detail"])}</span>'
              if row["legal_basis_detail"] else "")
    if row["outcome"] == "denied":
        outcome = (f'<span class="badge badge--red">{escape(texts["denied"])}</span><br>'
                   f'<span class="small">{escape(row["reason"])}</span>')
    else:
        outcome = f'<span class="badge badge--green">{escape(texts["allowed"])}</span>'
    if row["emergency"]:
        outcome += f' <span class="badge badge--orange">{escape(texts["emergency"])}</span>'
    day, _space, moment = row["when"].partition(" ")  # the day on one line, the time beside or under it
    return mark_safe(  # every value above is escaped
        "<tr>\n"
        f'    <td><span class="nowrap">{escape(day)}</span> {escape(moment)}</td>\n'
        f"    <td>{escape(row['who'])}{via}</td>\n"
        f"    <td>{escape(row['action_label'])}</td>\n"
        f"    <td>{escape(row['target'])}</td>\n"
        f'    <td class="small"><code>{escape(row["subject"])}</code></td>\n'
        f"    <td>{escape(row['purpose_label'])}</td>\n"
        f"    <td>{escape(row['legal_basis_label'])}{detail}</td>\n"
        f"    <td>{outcome}</td>\n"
        f'    <td class="small">{escape(row["origin"] or "–")}</td>\n'
        "  </tr>")
