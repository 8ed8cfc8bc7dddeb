"""Business cases, their options and cost/benefit lines, the analysis request and its answer,
and saved analyses (the figures a council saw, with the inputs, seed and version)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.accounts.people import person_name
from civicshift.cases.models import (
    LINE_INPUT_FIELDS,
    NARRATIVE_FIELDS,
    OPTIMISM_FIELDS,
    SETTINGS_FIELDS,
    TERMS_FIELDS,
    Basis,
    BusinessCase,
    CaseLine,
    CaseRun,
    Lead,
    Option,
)
from civicshift.cases.runs import amounts_fingerprint, run_option_figures
from civicshift.core.montecarlo import MAX_ITERATIONS
from civicshift.initiatives.models import Initiative

from .serializers_runs import RunOptionFiguresSerializer

MIN_ANALYSIS_ITERATIONS = 100
MAX_SEED = 2**31 - 1  # the saved run keeps the seed in a PositiveIntegerField
LINE_FIELDS = [*LINE_INPUT_FIELDS, "in_npv", "position"]


class OptionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "name"]
        read_only_fields = fields


UPLIFT_MESSAGE = _("An uplift is between 0 and 3, as a decimal (0 to 300%%; 0.5 = 50%%).")


class BusinessCaseSerializer(serializers.ModelSerializer):
    """A business case: its settings, Five Case narrative and recommended option. The
    initiative is chosen when the case is created and never changes."""

    initiative = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("Id of the initiative the case belongs to.")
    )
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    recommended_option = serializers.PrimaryKeyRelatedField(
        queryset=Option.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Id of one of this case's options, or null while undecided."),
        error_messages={"does_not_exist": _("This case has no option with the id {pk_value}.")},
    )
    options = OptionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = BusinessCase
        fields = [
            "id",
            "initiative",
            "initiative_title",
            *SETTINGS_FIELDS,
            *TERMS_FIELDS,
            *OPTIMISM_FIELDS,
            "recommended_option",
            "recommendation_reason",
            *NARRATIVE_FIELDS,
            "options",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            name: {
                "error_messages": {
                    "min_value": UPLIFT_MESSAGE,
                    "max_value": UPLIFT_MESSAGE,
                }
            }
            for name in OPTIMISM_FIELDS[1:4]
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        field = self.fields.get("recommended_option")
        if organization is None or field is None or field.read_only:
            return
        if isinstance(self.instance, BusinessCase):
            field.queryset = Option.objects.for_org(organization).filter(case=self.instance)


class BusinessCaseCreateSerializer(BusinessCaseSerializer):
    """Start a business case for an initiative. Settings left out take the defaults of the
    screens: the next fiscal year, the organization's discount rate, 10 years, 10,000 runs.
    The case starts with one option, 'Proposed solution'."""

    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(),
        help_text=_("Id of the initiative (of this organization) the case is for."),
        error_messages={
            "does_not_exist": _("This organization has no initiative with the id {pk_value}.")
        },
    )
    recommended_option = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("Set it with PATCH once the case has options.")
    )

    class Meta(BusinessCaseSerializer.Meta):
        extra_kwargs = {
            **BusinessCaseSerializer.Meta.extra_kwargs,
            "start_year": {"required": False},
            "discount_rate": {"required": False},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(organization)

    def validate_initiative(self, initiative: Initiative) -> Initiative:
        if (
            BusinessCase.objects.for_org(initiative.organization)
            .filter(initiative=initiative)
            .exists()
        ):
            raise serializers.ValidationError(_("This initiative already has a business case."))
        return initiative


class OptionSerializer(serializers.ModelSerializer):
    """One way to solve the problem, compared with carrying on as today (the status quo)."""

    case = serializers.PrimaryKeyRelatedField(read_only=True)
    line_count = serializers.SerializerMethodField()

    def get_line_count(self, option) -> int:
        """Annotated by the list view (one query); counted for a single option."""
        count = getattr(option, "line_count", None)
        return option.lines.count() if count is None else count

    class Meta:
        model = Option
        fields = [
            "id",
            "case",
            "name",
            "description",
            "position",
            "line_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Names are unique within the case: the service checks it (it knows the case).
        validators: list = []
        extra_kwargs = {"position": {"required": False}}


class CaseLineSerializer(serializers.ModelSerializer):
    """A cost or benefit line, as the difference the option makes compared with the status
    quo. The model's rules (low ≤ likely ≤ high, periods within the horizon, a category that
    fits the kind…) are checked by the service and answered as 400 naming the field."""

    option = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = CaseLine
        fields = ["id", "option", *LINE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list = []
        extra_kwargs = {"position": {"required": False}}

    def validate(self, attrs):
        # One rule for ranges on every channel (core.cases.estimate_from): a new line sent
        # without a distribution is a range (triangular) when low or high is given, as the
        # template and the case file read it; the model's clean() then checks the range.
        if self.instance is None and "distribution" not in attrs:
            has_range = attrs.get("low") is not None or attrs.get("high") is not None
            attrs["distribution"] = "triangular" if has_range else "point"
        return attrs


# The analysis ------------------------------------------------------------------------------


class AnalyzeRequestSerializer(serializers.Serializer):
    iterations = serializers.IntegerField(
        required=False,
        min_value=MIN_ANALYSIS_ITERATIONS,
        max_value=MAX_ITERATIONS,
        help_text=_("Simulation runs for this analysis (default: the case's setting)."),
    )
    seed = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text=_("Seed of the random draws for this analysis (default: the case's seed)."),
    )
    save = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Also keep the figures as a saved analysis (editor)."),
    )
    label = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text=_("Label of the saved analysis, e.g. 'Council packet, 12 March'."),
    )


class TornadoBarSerializer(serializers.Serializer):
    line = serializers.CharField()
    npv_low = serializers.FloatField(help_text=_("NPV with this line at its low amount."))
    npv_high = serializers.FloatField(help_text=_("NPV with this line at its high amount."))


class SwitchingValueSerializer(serializers.Serializer):
    line = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text=_("The line's amount at which NPV is zero; null: none.")
    )
    change_pct = serializers.FloatField(allow_null=True)


class NpvPercentilesSerializer(serializers.Serializer):
    mean = serializers.FloatField()
    p5 = serializers.FloatField()
    p10 = serializers.FloatField()
    p50 = serializers.FloatField()
    p90 = serializers.FloatField()
    p95 = serializers.FloatField()


class MonteCarloSerializer(serializers.Serializer):
    iterations = serializers.IntegerField()
    seed = serializers.IntegerField()
    npv = NpvPercentilesSerializer()
    prob_npv_positive = serializers.FloatField()
    prob_payback_within = serializers.DictField(
        child=serializers.FloatField(),
        help_text=_("Years (as text, 1 to the horizon) → chance of simple payback by then."),
    )


class HeadlineSerializer(serializers.Serializer):
    npv = serializers.FloatField()
    bcr = serializers.FloatField(allow_null=True)
    payback_years = serializers.FloatField(allow_null=True)


class ExpectedSerializer(HeadlineSerializer):
    irr = serializers.FloatField(
        allow_null=True, help_text=_("Headline IRR of the expected cash flows; null: none.")
    )


class AtBothSerializer(serializers.Serializer):
    likely = HeadlineSerializer()
    expected = HeadlineSerializer()


class OptimismSerializer(serializers.Serializer):
    category = serializers.CharField(help_text=_("Green Book project type the uplifts start from."))
    one_time = serializers.FloatField(help_text=_("Uplift on one-time costs (0.5 = 50%)."))
    recurring = serializers.FloatField(help_text=_("Uplift on recurring costs."))
    duration = serializers.FloatField(help_text=_("Uplift on the time before benefits start."))
    reason = serializers.CharField()
    benefit_delay_years = serializers.IntegerField()
    before = AtBothSerializer(help_text=_("Figures before the optimism-bias adjustment."))
    after = AtBothSerializer(help_text=_("Figures after it (the headline figures)."))


class RatePointSerializer(serializers.Serializer):
    label = serializers.CharField()
    rate = serializers.FloatField()
    npv_likely = serializers.FloatField()
    npv_expected = serializers.FloatField()


class ScenariosSerializer(serializers.Serializer):
    best = serializers.FloatField(help_text=_("NPV, benefits high and costs low."))
    base = serializers.FloatField(help_text=_("NPV at the likely amounts."))
    worst = serializers.FloatField(help_text=_("NPV, benefits low and costs high."))


class OptionAnalysisSerializer(serializers.Serializer):
    """One option's figures (fields absent, ``problem`` set, when it has none yet)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    recommended = serializers.BooleanField()
    problem = serializers.CharField(
        required=False, help_text=_("Why there are no figures: 'empty' or the line at fault.")
    )
    npv = serializers.FloatField(required=False)
    irr = serializers.FloatField(required=False, allow_null=True)
    mirr = serializers.FloatField(required=False, allow_null=True)
    bcr = serializers.FloatField(required=False, allow_null=True)
    payback_years = serializers.FloatField(required=False, allow_null=True)
    discounted_payback_years = serializers.FloatField(required=False, allow_null=True)
    pv_costs = serializers.FloatField(required=False)
    pv_benefits = serializers.FloatField(required=False)
    tco = serializers.FloatField(required=False)
    wider_benefits_pv = serializers.FloatField(required=False)
    cash_flows = serializers.ListField(
        child=serializers.FloatField(),
        required=False,
        help_text=_("Net cash flow per period, 0 to the horizon."),
    )
    tornado = TornadoBarSerializer(many=True, required=False)
    switching_values = SwitchingValueSerializer(many=True, required=False)
    monte_carlo = MonteCarloSerializer(required=False)
    lead = serializers.ChoiceField(
        choices=Lead.choices,  # the model's: one enum in the schema
        required=False,
        help_text=_("Which figures the case leads with; npv, irr, bcr… are at likely amounts."),
    )
    expected = ExpectedSerializer(
        required=False, help_text=_("NPV, BCR and payback at the expected (mean) amounts.")
    )
    irrs = serializers.ListField(
        child=serializers.FloatField(),
        required=False,
        help_text=_("Every IRR above -100% at the likely amounts, increasing."),
    )
    irr_warning = serializers.CharField(
        required=False, allow_null=True, help_text=_("Set when there are several IRRs.")
    )
    expected_irrs = serializers.ListField(child=serializers.FloatField(), required=False)
    warnings = serializers.ListField(child=serializers.CharField(), required=False)
    basis = serializers.ChoiceField(choices=Basis.choices, required=False)
    inflation = serializers.FloatField(required=False)
    nominal_rate = serializers.FloatField(
        required=False, help_text=_("The discount rate in nominal terms (Fisher).")
    )
    real_rate = serializers.FloatField(
        required=False, help_text=_("The discount rate in real terms (Fisher).")
    )
    rates = RatePointSerializer(
        many=True, required=False, help_text=_("NPV at the rate ± 2 points and a second rate.")
    )
    scenarios = ScenariosSerializer(required=False)
    optimism = OptimismSerializer(
        required=False, allow_null=True, help_text=_("Null without an optimism-bias adjustment.")
    )


class AnalysisSerializer(serializers.Serializer):
    """What ``POST …/analyze/`` answers."""

    version = serializers.CharField(help_text=_("CivicShift version that computed it."))
    case = serializers.IntegerField()
    iterations = serializers.IntegerField()
    seed = serializers.IntegerField()
    options = OptionAnalysisSerializer(many=True)
    run = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the saved analysis, when one was saved.")
    )


class CaseRunSerializer(serializers.ModelSerializer):
    """A saved analysis: who saved it and when, the seed, the number of runs and the version
    that computed it, the fingerprint of its amounts, each option's headline figures, and the
    inputs and results exactly as kept."""

    created_by = serializers.PrimaryKeyRelatedField(read_only=True)
    created_by_name = serializers.SerializerMethodField()
    amounts_fingerprint = serializers.SerializerMethodField(
        help_text=_(
            "SHA-256 of the options and lines it was computed from: two saved analyses with "
            "the same fingerprint used the same amounts."
        )
    )
    figures = serializers.SerializerMethodField(
        help_text=_("Each option's NPV, expected NPV, percentiles and P(NPV > 0).")
    )

    class Meta:
        model = CaseRun
        fields = [
            "id",
            "case",
            "label",
            "created_at",
            "created_by",
            "created_by_name",
            "seed",
            "iterations",
            "version",
            "amounts_fingerprint",
            "figures",
            "inputs",
            "results",
        ]
        read_only_fields = fields

    def get_created_by_name(self, run: CaseRun) -> str:
        # Never the e-mail address: viewers read saved analyses (accounts/people.py).
        return person_name(run.created_by)

    def get_amounts_fingerprint(self, run: CaseRun) -> str:
        return amounts_fingerprint(run.inputs)

    @extend_schema_field(RunOptionFiguresSerializer(many=True))
    def get_figures(self, run: CaseRun) -> list[dict]:
        return run_option_figures(run.results)
