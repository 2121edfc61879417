"""A list's pagination (``web.pagination``): one function for the Django templates and the Jinja2 pages."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from privacyregie.web.pagination import pagination_html


def page(number, count=95, per_page=10):
    return Paginator(range(count), per_page).page(number)


def test_a_list_of_one_page_has_no_pagination():
    assert pagination_html(page(1, count=10), QueryDict()) == ""


def test_the_other_query_parameters_are_kept_escaped_and_the_page_replaced():
    query = QueryDict("bsn=999900079&doel=a b&pagina=3&x=\"><script>")
    with translation.override("nl"):
        html = pagination_html(page(3), query)
    kept = "bsn=999900079&amp;doel=a%20b&amp;x=%22%3E%3Cscript%3E&amp;"
    assert f'<a href="?{kept}pagina=2">Vorige</a>' in html
    assert f'<a href="?{kept}pagina=4">Volgende</a>' in html
    assert "<span>Pagina 3 van 10</span>" in html and "<script>" not in html
    assert html.startswith('<nav class="pagination" aria-label="Paginering">') and html.endswith("</nav>")


@pytest.mark.parametrize(("number", "previous", "following"), [(1, False, True), (5, True, True), (10, True, False)])
def test_previous_and_next_only_where_there_is_one(number, previous, following):
    html = pagination_html(page(number), QueryDict())
    assert (f"pagina={number - 1}\"" in html) is previous and (f"pagina={number + 1}\"" in html) is following


def test_in_english_too():
    with translation.override("en"):
        html = pagination_html(page(2), QueryDict())
    assert "Previous" in html and "Next" in html and "Page 2 of 10" in html and "Pagina " not in html


def test_the_django_tag_and_the_jinja2_global_write_the_same():
    request = RequestFactory().get("/", {"bsn": "999900079", "pagina": "2"})
    values = {"page": page(2), "request": request}
    django_html = engines["django"].from_string("{% load web_tags %}{% pagination page %}").render(values)
    jinja_html = engines["jinja2"].from_string("{{ pagination(page) }}").render(values)
    assert django_html == jinja_html == pagination_html(page(2), request.GET)


@pytest.mark.django_db
def test_a_django_list_pages_through_with_its_other_parameters(client, login):
    """The notifications (25 a page) as a user sees them: the second of three pages links to the first and the
    third, with the other query parameter kept, and shows the second page's rows."""
    from privacyregie.core.models import User
    from privacyregie.core.services import notify

    login("fg")
    officer = User.objects.get(username="fg")
    officer.notifications.all().delete()
    for number in range(60):
        notify([officer], f"Melding {number:02d}", "Tekst")
    html = client.get(reverse("core:notifications"), {"pagina": "2", "x": "a&b"}).content.decode()
    assert '<a href="?x=a%26b&amp;pagina=1">Vorige</a>' in html
    assert '<a href="?x=a%26b&amp;pagina=3">Volgende</a>' in html and "<span>Pagina 2 van 3</span>" in html
    assert html.count("Melding ") == 25
