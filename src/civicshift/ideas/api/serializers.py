"""The staff ideas board over the API. The department id is scoped to the organization
(anything else: 400 naming the field); people are named, never by their e-mail address."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.accounts.people import person_name
from civicshift.ideas.models import Idea, IdeaComment, IdeaResponse, Status
from civicshift.initiatives.models import Initiative
from civicshift.inventory.api.schema import NamedChoiceField
from civicshift.orgs.models import Department


class PersonField(serializers.Field):
    """A member's name as colleagues see it (``accounts.people.person_name``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return person_name(value) if value is not None else None


PersonField = extend_schema_field({"type": "string", "nullable": True})(PersonField)


class IdeaSerializer(serializers.ModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the department where the problem shows up, or null."),
    )
    submitted_by = PersonField(help_text=_("Who shared it."))
    status = NamedChoiceField(choices=Status.choices, enum_name="IdeaStatus", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    initiative = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("Id of the initiative it became, or null.")
    )
    support_count = serializers.IntegerField(
        read_only=True, help_text=_("How many members support it (one each).")
    )

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "problem",
            "proposal",
            "department",
            "submitted_by",
            "status",
            "status_label",
            "support_count",
            "initiative",
            "created_at",
            "activity_at",
        ]
        read_only_fields = ["created_at", "activity_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            self.fields["department"].queryset = Department.objects.for_org(organization)


class IdeaCommentSerializer(serializers.ModelSerializer):
    author = PersonField(help_text=_("Who wrote it."))
    body = serializers.CharField(
        max_length=5000,
        help_text=_("The comment; null when an editor hid it (the reason is given instead)."),
    )
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_by = PersonField(help_text=_("The editor who hid it, if hidden."))
    hidden_reason = serializers.CharField(read_only=True)

    class Meta:
        model = IdeaComment
        fields = ["id", "author", "body", "hidden", "hidden_by", "hidden_reason", "created_at"]
        read_only_fields = ["created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.is_hidden:
            data["body"] = None
        return data


class IdeaResponseSerializer(serializers.ModelSerializer):
    responder = PersonField(help_text=_("The editor or administrator who answered."))
    from_status = NamedChoiceField(choices=Status.choices, enum_name="IdeaStatus", read_only=True)
    to_status = NamedChoiceField(choices=Status.choices, enum_name="IdeaStatus", read_only=True)

    class Meta:
        model = IdeaResponse
        fields = ["id", "responder", "from_status", "to_status", "body", "created_at"]
        read_only_fields = fields


class IdeaRespondSerializer(serializers.Serializer):
    to_status = NamedChoiceField(
        choices=[(s, label) for s, label in Status.choices if s != Status.PROMOTED],
        enum_name="IdeaResponseStatus",
        help_text=_("The status after the response (the same one to answer without moving)."),
    )
    body = serializers.CharField(
        max_length=5000,
        allow_blank=True,
        required=False,
        default="",
        help_text=_("The response everyone sees; required to decline."),
    )


class IdeaPromoteSerializer(serializers.Serializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Id of an existing initiative to add the idea to, instead of creating one (an "
            "initiative no other idea became)."
        ),
    )
    title = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("The initiative's title; the idea's by default."),
    )
    note = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("Added to the response everyone sees."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(organization)


class IdeaPromotedSerializer(serializers.Serializer):
    initiative = serializers.IntegerField(help_text=_("Id of the initiative created."))
    idea = IdeaSerializer()


class IdeaSupportSerializer(serializers.Serializer):
    supported = serializers.BooleanField(help_text=_("Whether you support it now."))
    support_count = serializers.IntegerField(help_text=_("How many members support it now."))


class IdeaHideSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, help_text=_("Why the comment is hidden; shown to everyone.")
    )
