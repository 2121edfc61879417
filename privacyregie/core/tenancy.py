"""Which organisation (tenant) owns a row, as a query: for scoping pickers, filters and lookups.

``scope_to_organisation(queryset, organisation_id)`` keeps only the rows that belong to one
organisation. A model that belongs to no organisation (or whose owner cannot be found) yields
nothing: deny by default. It must never return another organisation's rows.
"""

from django.core.exceptions import FieldDoesNotExist

from .models import Organisation


def _has_organisation_fk(model) -> bool:
    try:
        field = model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return False
    return field.many_to_one and field.related_model is Organisation


def organisation_path(model, depth: int = 3) -> str | None:
    """The lookup from ``model`` to its owning organisation's id, or None when it has no owner.

    ``Organisation`` itself → ``pk``; a model with an ``organisation`` foreign key → ``organisation``;
    a model that belongs to such a model through a required foreign key or one-to-one link (a team
    membership through its user, an assessment through its incident) → ``incident__organisation``.
    """
    if model is Organisation:
        return "pk"
    if _has_organisation_fk(model):
        return "organisation"
    if depth <= 1:
        return None
    for field in model._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and not field.null and field.related_model is not model:
            inner = organisation_path(field.related_model, depth - 1)
            if inner is not None:
                return field.name if inner == "pk" else f"{field.name}__{inner}"
    return None


def scope_to_organisation(queryset, organisation_id):
    """Only the rows of ``queryset`` that belong to ``organisation_id`` (none when ownerless)."""
    path = organisation_path(queryset.model)
    if path is None or organisation_id is None:
        return queryset.none()
    return queryset.filter(**{path: organisation_id})
