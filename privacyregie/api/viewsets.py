"""Base classes for API views: everything is scoped to the caller's organisation."""

from rest_framework import viewsets


class OrganisationScopedMixin:
    """``get_queryset`` returns only records of the caller's organisation.

    Subclasses set ``queryset`` (the unscoped base) and, when the organisation is
    reached through a relation, ``organisation_field`` (default ``organisation``).
    """

    organisation_field = "organisation"

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(**{f"{self.organisation_field}_id": self.request.user.organisation_id})


class OrganisationReadOnlyViewSet(OrganisationScopedMixin, viewsets.ReadOnlyModelViewSet):
    pass


class OrganisationModelViewSet(OrganisationScopedMixin, viewsets.ModelViewSet):
    def perform_create(self, serializer):
        serializer.save(organisation_id=self.request.user.organisation_id)
