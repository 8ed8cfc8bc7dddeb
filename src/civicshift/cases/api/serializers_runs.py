"""Saved analyses over the API: each option's headline figures of a run, the request to
compare two runs of a case and its answer (the comparison the run's page shows)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.cases.models import CaseRun


class RunPercentilesSerializer(serializers.Serializer):
    p5 = serializers.FloatField()
    p10 = serializers.FloatField()
    p50 = serializers.FloatField()
    p90 = serializers.FloatField()
    p95 = serializers.FloatField()


class RunOptionFiguresSerializer(serializers.Serializer):
    """One option's headline figures in a saved analysis; null when the analysis did not have
    the figure (an option without lines, a run saved before the expected NPV existed)."""

    name = serializers.CharField()
    problem = serializers.CharField(
        help_text=_("Why there are no figures ('empty' or the line at fault); empty otherwise.")
    )
    npv = serializers.FloatField(
        allow_null=True, help_text=_("Net present value at the likely amounts.")
    )
    irr = serializers.FloatField(allow_null=True, help_text=_("IRR at the likely amounts."))
    bcr = serializers.FloatField(allow_null=True, help_text=_("Benefit–cost ratio, likely."))
    expected_npv = serializers.FloatField(
        allow_null=True, help_text=_("Net present value at the mean of every range.")
    )
    npv_mean = serializers.FloatField(
        allow_null=True, help_text=_("Mean NPV over the simulation's runs.")
    )
    percentiles = RunPercentilesSerializer(
        allow_null=True,
        help_text=_("NPV percentiles of the simulation: p5 is exceeded in 95% of the runs."),
    )
    prob_npv_positive = serializers.FloatField(
        allow_null=True, help_text=_("Share of the simulation's runs with an NPV above zero.")
    )


class RunChoiceField(serializers.PrimaryKeyRelatedField):
    """The id of one of the case's saved analyses (the queryset is set from the context)."""

    default_error_messages = {
        "required": _("Give the id of one of this business case's saved analyses."),
        "does_not_exist": _("This business case has no saved analysis with the id {pk_value}."),
        "incorrect_type": _("Give a saved analysis id (a whole number), not {data_type}."),
    }


class RunCompareRequestSerializer(serializers.Serializer):
    """Two saved analyses of the URL's business case: ``then`` is compared against."""

    then = RunChoiceField(
        queryset=CaseRun.objects.none(),
        help_text=_("Id of the saved analysis to compare from (usually the older)."),
    )
    now = RunChoiceField(
        queryset=CaseRun.objects.none(),
        help_text=_("Id of the saved analysis to compare with it."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            runs = CaseRun.objects.for_org(case.organization).filter(case=case)
            for name in ("then", "now"):
                self.fields[name].queryset = runs


class ChangeSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text=_("The setting, line field or figure (npv, irr, bcr) that differs.")
    )
    then = serializers.JSONField(allow_null=True, help_text=_("Its value in the first run."))
    now = serializers.JSONField(allow_null=True, help_text=_("Its value in the second run."))


class LineChangesSerializer(serializers.Serializer):
    line = serializers.CharField(help_text=_("Name of a line both runs have."))
    changes = ChangeSerializer(many=True)


class OptionComparisonSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[
            ("both", _("In both runs")),
            ("added", _("Only in the second run")),
            ("removed", _("Only in the first run")),
        ]
    )
    figures = ChangeSerializer(
        many=True, help_text=_("NPV, IRR and benefit–cost ratio at the likely amounts, both runs.")
    )
    lines_added = serializers.ListField(child=serializers.CharField())
    lines_removed = serializers.ListField(child=serializers.CharField())
    lines_changed = LineChangesSerializer(many=True)


class RunHeadingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    created_at = serializers.DateTimeField()
    seed = serializers.IntegerField()
    iterations = serializers.IntegerField()
    version = serializers.CharField(help_text=_("CivicShift version that computed it."))
    amounts_fingerprint = serializers.CharField(
        help_text=_("SHA-256 of the options and lines it was computed from.")
    )


class RunComparisonSerializer(serializers.Serializer):
    """What ``POST …/runs/compare/`` answers: the data the saved analysis page shows."""

    then = RunHeadingSerializer()
    now = RunHeadingSerializer()
    unchanged = serializers.BooleanField(
        help_text=_("True when the settings and every option's lines are the same.")
    )
    settings = ChangeSerializer(many=True, help_text=_("Only the settings that differ."))
    options = OptionComparisonSerializer(many=True)
