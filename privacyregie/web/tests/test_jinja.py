"""The Jinja2 environment (``web.jinja``, ADR 0134) renders as Django's template language does."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from privacyregie.core.warmup import PACKAGE
from privacyregie.web.jinja import render_content


def jinja(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def django(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("value", [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # summer time begins
    datetime(2026, 10, 25, 0, 59, tzinfo=UTC), datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # and ends
    date(2026, 2, 28), None])
@pytest.mark.parametrize("fmt", ["d-m-Y H:i", "d-m-Y", "j F Y"])
def test_the_date_filter_is_djangos_in_dutch_time(value, fmt):
    if type(value) is date and "H" in fmt:  # a date has no time: Django refuses, and so does this filter
        for render in (lambda: jinja("{{ v|date(f) }}", v=value, f=fmt),
                       lambda: django("{{ v|date:f }}", v=value, f=fmt)):
            with pytest.raises(TypeError):
                render()
        return
    for language in ("nl", "en"):
        with translation.override(language):
            assert jinja("{{ v|date(f) }}", v=value, f=fmt) == django("{{ v|date:f }}", v=value, f=fmt)
    with translation.override("nl"):
        assert jinja('{{ v|date("d-m-Y H:i") }}', v=datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "02-07-2026 00:30"


def test_values_are_escaped_also_inside_translated_texts():
    with translation.override("en"):
        assert jinja('{{ _("Casus %(ref)s")|format(ref=r) }}', r="<b>&") == "Case &lt;b&gt;&amp;"
    assert jinja("{{ v }}", v='<a href="x">') == "&lt;a href=&#34;x&#34;&gt;"
    assert jinja("{{ v|linebreaksbr }}", v="<i>a</i>\nb") == "&lt;i&gt;a&lt;/i&gt;<br>b"


def test_autoescape_cannot_be_switched_off_by_the_settings():
    """``OPTIONS`` of the backend reach ``environment()`` as keyword arguments: ``autoescape=False`` is ignored."""
    from privacyregie.web.jinja import environment

    assert environment(autoescape=False).from_string("{{ v }}").render(v="<b>") == "&lt;b&gt;"


def test_an_unknown_name_is_an_error_not_an_empty_cell():
    with pytest.raises(UndefinedError):
        jinja("{{ misspelt }}")


def test_urls_and_file_sizes_as_in_django():
    assert jinja("{{ url('web:home') }}") == django("{% url 'web:home' %}")
    with translation.override("nl"):
        assert jinja("{{ n|filesizeformat }}", n=123456) == django("{{ n|filesizeformat }}", n=123456)


@pytest.mark.django_db
def test_render_content_gives_the_request_one_csrf_token_and_the_active_language():
    request = RequestFactory().get("/")
    with translation.override("en"):
        html = render_content("dossiers/case_content.html", _minimal_case_context(), request)
    tokens = {part.split('"')[0] for part in html.split('name="csrfmiddlewaretoken" value="')[1:]}
    assert len(tokens) == 1 and "Case T-1" in html and "Casus" not in html


@pytest.mark.django_db
def test_each_language_gets_its_own_compiled_page():
    request = RequestFactory().get("/")
    for language, heading in [("en", "Case T-1"), ("nl", "Casus T-1"), ("en", "Case T-1")]:
        with translation.override(language):
            html = render_content("dossiers/case_content.html", _minimal_case_context(), request)
        assert heading in html


def _fixed_texts() -> set[str]:
    """Every ``_("…")`` of a fixed text in the apps' Jinja2 templates, as Jinja2's lexer reads it."""
    env = engines["jinja2"].env
    texts = set()
    for path in PACKAGE.glob("*/jinja2/**/*.html"):
        tokens = list(env.lexer.tokenize(path.read_text()))
        for name, paren, string in zip(tokens, tokens[1:], tokens[2:]):
            if (name.type, name.value, paren.type, string.type) == ("name", "_", "lparen", "string"):
                texts.add(string.value)
    return texts


@pytest.mark.parametrize("language", ["nl", "en"])
def test_fixed_texts_are_translated_when_compiled_as_gettext_translates_them(language):
    """The per-language environment (``for_language``) writes each fixed text of the pages as Django's
    ``gettext`` translates it at render time, escaped the same; what is not a fixed text is still translated
    when rendered."""
    texts = _fixed_texts()
    assert len(texts) > 40 and "Notities" in texts
    env = engines["jinja2"].env.for_language(language)
    with translation.override(language):
        for text in texts:
            source = "{{ _(%r) }}" % text  # noqa: UP031 - Jinja2's string literal, as in the templates
            assert env.from_string(source).render() == jinja(source), text
            assert env.from_string(source).render() == str(escape(translation.gettext(text)))
        placeholders = '{{ _("Casus %(ref)s")|format(ref=ref) }}|{{ _(text) }}|{{ _("a" "b") }}'
        values = {"ref": "<b>&", "text": "Notities"}
        assert env.from_string(placeholders).render(values) == jinja(placeholders, **values)
    compiled = env.compile('{{ _("Notities") }}{{ _(text) }}', raw=True)
    assert ("yield 'Notes'" if language == "en" else "yield 'Notities'") in compiled  # written as fixed markup
    assert compiled.count("resolve('_')") == 1  # only _(text) asks for gettext when rendered


def test_the_backends_own_environment_still_translates_when_rendering():
    source = '{{ _("Notities") }}'
    for language, text in [("en", "Notes"), ("nl", "Notities")]:
        with translation.override(language):
            assert jinja(source) == text
    assert engines["jinja2"].env.for_language("xx") is engines["jinja2"].env  # not a language of the site


@pytest.mark.django_db
def test_a_panel_is_the_apps_own_and_gets_the_pages_csrf_token_and_language():
    """``panel(app, name, *args)``: the app's ``panels.<name>`` decides what is shown, its Jinja2 template
    renders it, with the page's CSRF token and in the page's language."""
    from privacyregie.dossiers.tests.factories import CaseFactory

    case = CaseFactory()
    source = '{{ panel("retention", "case_retention", case) }}'
    with translation.override("en"):
        html = engines["jinja2"].from_string(source).render(
            {"case": case, "csrf_input": Markup('<input type="hidden" name="csrfmiddlewaretoken" value="T">')})
    assert '<h2 id="case-retention-heading">Outcome and retention period</h2>' in html
    assert 'name="csrfmiddlewaretoken" value="T"' in html and 'name="bewaren-outcome"' in html


@pytest.mark.parametrize("name", ["no_such_panel", "_private", "kept_form_html", "timezone"])
def test_only_an_apps_panels_are_panels(name):
    with pytest.raises(LookupError):
        jinja('{{ panel("retention", name) }}', name=name)
    with pytest.raises(LookupError):
        jinja('{{ panel("nosuchapp", "case_retention") }}')


def test_a_panels_module_that_fails_to_import_is_a_defect_not_a_missing_panel(monkeypatch):
    """A ``panels`` module that imports something missing raises that error; only a missing app or ``panels``
    module means "no panels"."""
    import privacyregie.web.jinja as web_jinja

    def broken(name):
        raise ModuleNotFoundError("No module named 'weg'", name="weg")

    monkeypatch.setattr(web_jinja, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        web_jinja._panel_function.__wrapped__("retention", "case_retention")  # past the kept look-ups


def _minimal_case_context():
    from privacyregie.core.models import Team
    from privacyregie.dossiers.models import Case

    case = Case(reference="T-1", title="Titel", uuid="00000000-0000-4000-8000-000000000001", domain="jeugd",
                processing_activity="Jeugdhulp", opened_on=date(2026, 1, 2))  # not saved: no database
    case.team = Team(name="Jeugd")

    from django import forms

    class Assign(forms.Form):
        user = forms.ChoiceField(choices=[("1", "A")])
        role = forms.ChoiceField(choices=[("m", "B")])

    return {"case": case, "grant_until": None, "contents": False, "members": [], "may_assign": True,
            "assign_form": Assign(), "decision": type("D", (), {"legal_basis_detail": "", "legal_basis": "c"})}


@pytest.mark.parametrize("value", [12.5, __import__("decimal").Decimal("1234.50"), 1234, True, None, "tekst",
                                   datetime(2026, 7, 1, 22, 30, tzinfo=UTC), date(2026, 7, 1)])
def test_a_value_is_shown_as_django_shows_it(value):
    """``{{ value }}``: numbers, dates and moments in the active language's format and in Dutch time."""
    for language in ("nl", "en"):
        with translation.override(language):
            assert jinja("{{ v }}", v=value) == django("{{ v }}", v=value)
    with translation.override("nl"):
        assert jinja("{{ v }}", v=12.5) == "12,5"


_FORMAT_CHARACTERS = "djmnYHGisFNbDlwaAPuU-:/ .,T\\{}0"


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                                    timezones=st.just(UTC)),
                       st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
                       st.dates()),
       fmt=st.one_of(st.sampled_from(["d-m-Y H:i", "d-m-Y", "j F Y", "H:i", "d/m/Y G:i:s", "Y"]),
                     st.text(alphabet=_FORMAT_CHARACTERS, min_size=1, max_size=12)),
       language=st.sampled_from(["nl", "en"]))
def test_the_date_filter_writes_what_djangos_writes_for_any_format(value, fmt, language):
    """The numeric formats written directly (``web.jinja._numeric_format``) and every other format: the same
    text as Django's ``date`` filter, or the same refusal (a time in the format of a date)."""
    with translation.override(language):
        try:
            expected = django("{{ v|date:f }}", v=value, f=fmt)
        except TypeError:
            with pytest.raises(TypeError):
                jinja("{{ v|date(f) }}", v=value, f=fmt)
            return
        assert jinja("{{ v|date(f) }}", v=value, f=fmt) == expected


@pytest.mark.parametrize(("name", "count"), [
    ("dossiers:case_detail", 1), ("dossiers:document_download", 1), ("exchange:detail", 1),
    ("retention:case_outcome", 1), ("dossiers:consent_withdraw", 1), ("datarooms:create", 0),
    ("exchange:share", 0), ("web:home", 0)])
def test_a_path_with_uuids_is_djangos_reverse(name, count):
    from uuid import uuid4

    from django.urls import reverse, set_script_prefix

    for prefix in ("/", "/privacyregie/"):
        set_script_prefix(prefix)
        try:
            for _ in range(3):
                args = [uuid4() for _ in range(count)]
                assert jinja("{{ url(name, *args) }}", name=name, args=args) == reverse(name, args=args)
        finally:
            set_script_prefix("/")


def test_a_path_that_takes_no_uuid_is_refused_as_django_refuses_it():
    from uuid import uuid4

    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        jinja("{{ url('web:home', u) }}", u=uuid4())
    with pytest.raises(NoReverseMatch):  # one that needs an argument, asked without: refused, not kept
        jinja("{{ url('dossiers:case_detail') }}")
    text = str(uuid4())  # a UUID's text, not a UUID: Django's reverse, the same path
    assert jinja("{{ url('dossiers:case_detail', u) }}", u=text) == f"/dossiers/casus/{text}/"
