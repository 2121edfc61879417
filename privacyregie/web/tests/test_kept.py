"""``{% kept %}``: a fragment of the shell rendered once per language and script prefix, never anything of a
request or user (``web_tags.KeptNode``)."""

import re

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from privacyregie.core.roles import Role
from privacyregie.core.tests.factories import UserFactory
from privacyregie.core.tests.utils import login_verified


def test_a_kept_fragment_is_rendered_once_per_language_and_script_prefix():
    template = Template("{% load i18n web_tags %}{% kept %}{% translate 'Taal' %} {{ x }} {% url 'web:root' %}"
                        "{% endkept %}")
    with translation.override("nl"):
        assert template.render(Context({"x": 1})) == "Taal 1 /"
        assert template.render(Context({"x": 2})) == "Taal 1 /"  # kept: for fixed texts and links only
    with translation.override("en"):
        assert template.render(Context({"x": 3})) == "Language 3 /"
    set_script_prefix("/gemeente/")
    try:
        with translation.override("nl"):
            assert template.render(Context({"x": 4})) == "Taal 4 /gemeente/"
    finally:
        set_script_prefix("/")
    with override_settings(STATIC_URL="/s/"), translation.override("nl"):  # a changed setting forgets them
        assert template.render(Context({"x": 5})) == "Taal 5 /"


@pytest.mark.django_db
def test_the_shell_shows_each_user_their_own_name_count_and_token_in_their_language(client):
    """The shell's kept fragments carry nothing of the user who came first."""
    first = UserFactory(first_name="Anna", last_name="Eerste", roles=[Role.PRIVACY_OFFICER])
    second = UserFactory(first_name="Bram", last_name="Tweede", roles=[Role.CASE_WORKER])
    tokens = []
    for user, language in ((first, "nl"), (second, "nl"), (first, "en"), (second, "en")):
        client.logout()
        login_verified(client, user)
        html = client.get(reverse("core:profile"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert user.get_full_name() in html
        assert ({first, second} - {user}).pop().get_full_name() not in html
        logout_form = html.split(f'action="{reverse("core:logout")}"')[1].split("</form>")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', logout_form).group(1)
        assert token not in tokens  # every page its own (masked) token, also in the kept forms
        tokens.append(token)
        assert ("Uitloggen" in html) == (language == "nl") and ("Log out" in html) == (language == "en")
        assert f'<option value="{language}" selected>' in html
