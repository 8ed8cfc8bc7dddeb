"""Members and invitations (administrators only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.orgs.models import Invitation, Membership
from civicshift.orgs.roles import Role


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(
        source="user_id", read_only=True, help_text=_("The person's user id (use it as an owner).")
    )
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "email", "name", "role", "created_at", "updated_at"]
        read_only_fields = fields


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, help_text=_("The member's new role."))


class InvitationSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(help_text=_("Where the invitation link is sent."))
    role = serializers.ChoiceField(
        choices=Role.choices,
        default=Role.VIEWER,
        help_text=_("The role the person gets on accepting."),
    )
    invited_by = serializers.IntegerField(source="invited_by_id", read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "expires_at", "accepted_at", "created_at"]
        read_only_fields = ["id", "invited_by", "expires_at", "accepted_at", "created_at"]
