"""``core.choices.choice_label``: Django's ``get_FIELD_display``, from a kept table."""

import pytest
from django.utils import translation


def _choice_fields():
    from django.apps import apps

    return [(model, field.name) for model in apps.get_models() if model.__module__.startswith("privacyregie.")
            for field in model._meta.concrete_fields if field.choices]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_display_is_djangos_get_field_display_for_every_choice_of_every_model(language):
    """``choice_label(instance, name)`` (the Jinja2 pages' ``display``) shows what
    ``instance.get_name_display()`` shows, for every value of every field with choices in the project, and the
    value itself when it is not one of the choices."""
    from privacyregie.core.choices import choice_label as display

    fields = _choice_fields()
    assert len(fields) > 50
    with translation.override(language):
        for model, name in fields:
            field = model._meta.get_field(name)
            for value, _label in [*field.flatchoices, ("not-a-choice", None)]:
                instance = model(**{field.attname: value})
                assert display(instance, name) == getattr(instance, f"get_{name}_display")(), (model, name, value)


def test_display_asks_computed_choices_each_time():
    from django.db import models

    from privacyregie.core.choices import choice_label as display

    current = [("a", "eerste")]
    field = models.CharField(choices=lambda: current)
    field.set_attributes_from_name("kind")

    class Instance:
        class _meta:  # noqa: N801 - what display() reads of a model instance
            get_field = staticmethod(lambda name: field)

        kind = "a"

        def get_kind_display(self):
            return dict(field.flatchoices).get(self.kind, self.kind)

    assert display(Instance(), "kind") == "eerste"
    current[:] = [("a", "gewijzigd")]
    assert display(Instance(), "kind") == "gewijzigd"
