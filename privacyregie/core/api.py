"""API of core: who am I, my organisation, its teams."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from privacyregie.api.viewsets import OrganisationReadOnlyViewSet

from .models import Organisation, Team


class OrganisationSerializer(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "oin", "is_shared_service", "municipalities"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "domain"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    organisation = OrganisationSerializer()
    roles = serializers.ListField(child=serializers.CharField())
    permissions = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The acting user or application, its organisation and its effective permissions."""

    required_permissions = "core.use_app"

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "organisation": user.organisation,
            "roles": list(getattr(user, "roles", [])),
            "permissions": sorted(user.privacy_permissions),
        }
        return Response(MeSerializer(data).data)


class TeamViewSet(OrganisationReadOnlyViewSet):
    """Teams of the caller's organisation."""

    queryset = Team.objects.order_by("name")
    serializer_class = TeamSerializer
    required_permissions = "core.use_app"
    filterset_fields = ["domain"]


def register(router):
    router.register("teams", TeamViewSet, basename="team")


urlpatterns = [path("ik", MeView.as_view(), name="me")]
