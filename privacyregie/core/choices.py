"""The label of a model field's choice, as ``get_FIELD_display`` gives it, from a table kept per field and language.

Django's ``get_FIELD_display`` builds a dictionary of all the field's choices, translating every label, on
each call; the case page and the API case detail show several per request.
"""

from functools import lru_cache

from django.utils import translation
from django.utils.hashable import make_hashable


def choice_label(instance, name: str):
    """What ``instance.get_<name>_display()`` shows: the label of the field's value in the active language, the
    value itself when it has none. Fields whose choices are computed (a callable) are asked each time."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    if not isinstance(field.choices, list | tuple):
        return getattr(instance, f"get_{name}_display")()
    return _choice_labels(field, translation.get_language()).get(make_hashable(value), value)


@lru_cache(maxsize=512)
def _choice_labels(field, _language) -> dict:
    return {make_hashable(value): str(label) for value, label in field.flatchoices}
