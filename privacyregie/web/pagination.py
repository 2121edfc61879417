"""A list's pagination, written once for both template languages: ``{% pagination page %}`` in a Django
template (``web_tags``) and ``{{ pagination(page) }}`` on a Jinja2 page (``web.jinja``).

Links to the previous and next page keep the request's other query parameters (a filtered list stays
filtered); the page itself is the parameter ``pagina``. Nothing is written for a list of one page.
"""

from django.template.defaultfilters import urlencode
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

PAGE_PARAMETER = "pagina"


def pagination_html(page, query) -> SafeString:
    """The ``<nav>`` of ``page`` (a Django ``Page``); ``query``: the request's ``GET`` (a ``QueryDict``: its last
    value per name, as Django's templates read it)."""
    if not page.has_other_pages():
        return SafeString("")
    # S308/S704: every part below is escaped by format_html; joined escaped parts stay escaped
    kept = SafeString("".join(format_html("{}={}&amp;", name, urlencode(value))  # noqa: S308
                              for name, value in query.items() if name != PAGE_PARAMETER))
    parts = [format_html('<nav class="pagination" aria-label="{}">', _("Paginering"))]
    if page.has_previous():
        parts.append(format_html('<a href="?{}{}={}">{}</a>', kept, PAGE_PARAMETER, page.previous_page_number(),
                                 _("Vorige")))
    parts.append(format_html("<span>{}</span>", _("Pagina %(n)s van %(total)s") % {
        "n": localize(page.number), "total": localize(page.paginator.num_pages)}))
    if page.has_next():
        parts.append(format_html('<a href="?{}{}={}">{}</a>', kept, PAGE_PARAMETER, page.next_page_number(),
                                 _("Volgende")))
    return SafeString("\n  ".join(parts) + "\n</nav>")  # noqa: S308
