"""Saved searches and their digests over the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.core.funding.codes import PURPOSES

from ..models import SAVED_SEARCH_FIELDS, SavedSearch
from .serializers import MatchSerializer


class SavedSearchSerializer(serializers.ModelSerializer):
    """A saved search of the catalog: the fields of the catalog's search by purpose. At
    least one of ``purpose``, ``purposes`` and ``include`` is needed (400 naming
    ``purpose``)."""

    purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(PURPOSES)),
        required=False,
        help_text=_("Purpose keys: " + ", ".join(PURPOSES)),
    )
    created_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SavedSearch
        fields = ["id", *SAVED_SEARCH_FIELDS, "created_by", "created_at", "updated_at"]
        read_only_fields = ["id", "created_by", "created_at", "updated_at"]


class DueMoveSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("close_date, or forecast_close_date."))
    before = serializers.DateField(allow_null=True)
    after = serializers.DateField(allow_null=True)


class NewsSerializer(serializers.Serializer):
    is_new = serializers.BooleanField(help_text=_("Added to the catalog after the moment."))
    now_open = serializers.BooleanField(help_text=_("Was a forecast, now posted."))
    due_moves = DueMoveSerializer(many=True)
    restored = serializers.BooleanField(help_text=_("Listed again by its source."))
    other_fields = serializers.ListField(
        child=serializers.CharField(), help_text=_("Other fields that changed.")
    )
    last_at = serializers.DateTimeField(allow_null=True)


class DigestEntrySerializer(MatchSerializer):
    news = NewsSerializer(allow_null=True, help_text=_("null on a first visit."))


class DigestCountsSerializer(serializers.Serializer):
    listed = serializers.IntegerField(
        help_text=_("Entries with news (all open ones on a first visit) the org can apply to.")
    )
    new = serializers.IntegerField()
    now_open = serializers.IntegerField()
    due_moved = serializers.IntegerField()
    restored = serializers.IntegerField()
    other = serializers.IntegerField()
    left_out_ineligible = serializers.IntegerField(
        help_text=_("Found by the search, with news, but closed to the organization's kind.")
    )


class DigestSerializer(serializers.Serializer):
    saved_search = serializers.IntegerField()
    since = serializers.DateTimeField(
        allow_null=True, help_text=_("The moment news is counted from; null: first visit.")
    )
    first_visit = serializers.BooleanField()
    previous_visit = serializers.DateTimeField(allow_null=True)
    visited_at = serializers.DateTimeField(help_text=_("This visit, now recorded."))
    counts = DigestCountsSerializer()
    more = serializers.IntegerField(help_text=_("Counted but not listed (beyond 100)."))
    entries = DigestEntrySerializer(many=True)
