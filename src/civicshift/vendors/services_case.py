"""The winning proposal's costs as business-case lines (issue 12, item 5), shown before they are
added.

**The lines.** A proposal has one-time costs (implementation, licences bought once, data
conversion, training) and yearly costs (subscription, maintenance, hosting), both in today's
dollars. They become, on an option of the initiative's business case:

* one line *Implementation services* (a one-time, capital cost) in year 0, the case's first
  fiscal year, for the one-time costs;
* one line *Subscription* (a recurring, operating cost) in every year from 1 to the horizon,
  for the yearly costs.

This is the same timing as the ranking's life-cycle cost (``ranking.life_cycle_cost``), so in a
case counted in today's money (real) the lines lower the option's NPV by exactly that figure
(before any optimism-bias uplift the case applies). In a case counted in nominal money (with
price rises) the yearly cost is entered at year 1's price, ``yearly × (1 + inflation)``, rising
by the case's inflation assumption each year: year ``t`` is then ``yearly × (1 + inflation)^t``,
today's figure in the money of that year, so the NPV at the nominal rate equals the real one.

**Adding again** updates the lines the evaluation added before instead of adding others
(``ProposalCaseLine`` records them, at most one of each part per evaluation): on the same
option the line is changed in place (each change audited), on another option it is moved
(deleted there, made here), and a part the proposal no longer has is deleted. Lines typed by
hand are never touched. The page carries the proposal's and the case's versions it showed, and
the lines are refused when either was saved since (the figures would not be the ones seen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import CaseLinePart, ProposalCaseLine

CENT = Decimal("0.01")
NAME_LENGTH = 120  # CaseLine.name
CATEGORY = {CaseLinePart.ONE_TIME: "implementation", CaseLinePart.ANNUAL: "subscription"}


@dataclass(frozen=True)
class ProposedLine:
    part: str
    name: str
    category: str
    first_period: int
    last_period: int
    amount: Decimal  # the line's amount: the whole sum (one-time) or a year's (yearly)
    escalation: Decimal
    existing: ProposalCaseLine | None  # the line added before that this one updates

    def fields(self) -> dict:
        """The line's fields as ``cases.services.line_create`` takes them."""
        return {
            "name": self.name,
            "kind": "cost",
            "category": self.category,
            "distribution": "point",
            "low": None,
            "likely": self.amount,
            "high": None,
            "multiplier": None,
            "first_period": self.first_period,
            "last_period": self.last_period,
            "escalation": self.escalation,
            "ramp": "",
            "per_year": [],
        }


@dataclass
class CaseLinesPlan:
    """What adding ``proposal``'s costs to ``option`` would do."""

    proposal: object
    option: object
    case: object
    lines: list = field(default_factory=list)
    #: Lines the evaluation added before that go (another option, or a part now without cost).
    removed: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def case_of(evaluation):
    return getattr(evaluation.initiative, "business_case", None)


def lines_added(evaluation):
    """The business-case lines this evaluation's proposals added."""
    return (
        ProposalCaseLine.objects.for_org(evaluation.organization)
        .filter(evaluation=evaluation)
        .select_related("line", "line__option", "proposal__vendor")
    )


def default_proposal(evaluation, proposals):
    """(proposal, why) the page starts with: the one recommended for award, else the one
    ranked first (when the ranking has any points), else the first; ``why`` is "awarded",
    "ranked" or ""."""
    proposals = list(proposals)
    if not proposals:
        return None, ""
    by_pk = {p.pk: p for p in proposals}
    if evaluation.awarded_proposal_id in by_pk:
        return by_pk[evaluation.awarded_proposal_id], "awarded"
    from .ranking import ranking

    result = ranking(evaluation)
    if result is not None and result.totals.max() > 0:
        top = result.rows[0]["proposal"]
        return by_pk.get(top.pk, proposals[0]), "ranked"
    return proposals[0], ""


def line_name(proposal, part: str) -> str:
    """“<vendor>'s proposal: …”, the vendor's name shortened to fit the 120 letters."""
    label = (
        _("proposal: one-time implementation costs")
        if part == CaseLinePart.ONE_TIME
        else _("proposal: yearly costs")
    )
    vendor = proposal.vendor.name
    room = NAME_LENGTH - len(label) - 1
    if len(vendor) > room:
        vendor = vendor[: room - 1].rstrip() + "…"
    return f"{vendor} {label}"


def plan(evaluation, proposal, option) -> CaseLinesPlan:
    """The lines ``proposal``'s costs would become on ``option``, and what they replace."""
    case = option.case
    out = CaseLinesPlan(proposal=proposal, option=option, case=case)
    earlier = {record.part: record for record in lines_added(evaluation)}
    nominal = case.basis == "nominal"
    inflation = Decimal(case.inflation) if nominal else Decimal("0")
    wanted = []
    if proposal.one_time_cost > 0:
        wanted.append((CaseLinePart.ONE_TIME, 0, 0, proposal.one_time_cost, Decimal("0")))
    if proposal.annual_cost > 0:  # the horizon is at least 1 year (BusinessCase)
        amount = (proposal.annual_cost * (1 + inflation)).quantize(CENT, ROUND_HALF_UP)
        wanted.append((CaseLinePart.ANNUAL, 1, case.horizon_years, amount, inflation))
    if not wanted:
        out.problems.append(no_costs_message(proposal))
    for part, first, last, amount, escalation in wanted:
        record = earlier.pop(part, None)
        if record is not None and record.line.option_id != option.pk:
            out.removed.append(record)
            record = None
        out.lines.append(
            ProposedLine(
                part=part,
                name=line_name(proposal, part),
                category=CATEGORY[part],
                first_period=first,
                last_period=last,
                amount=amount,
                escalation=escalation,
                existing=record,
            )
        )
    out.removed.extend(earlier.values())
    return out


def no_costs_message(proposal) -> str:
    return _(
        "%(vendor)s's proposal has no one-time or yearly costs recorded: record them on the "
        "proposal first."
    ) % {"vendor": proposal.vendor.name}


def stale_message(proposal) -> str:
    return _(
        "%(vendor)s's proposal was changed after these lines were shown: check the lines "
        "below again (they now use its current costs), then add them."
    ) % {"vendor": proposal.vendor.name}


def case_stale_message() -> str:
    return _(
        "The business case's settings (first year, horizon or money basis) were changed after "
        "these lines were shown: check the lines below again, then add them."
    )


def lines_after(option, planned: CaseLinesPlan) -> list:
    """The option's lines as they would be after adding (unsaved rows for the new figures),
    for the NPV the page shows."""
    from civicshift.cases.models import CaseLine

    gone = {r.line_id for r in planned.removed} | {
        p.existing.line_id for p in planned.lines if p.existing is not None
    }
    rows = [line for line in option.lines.all() if line.pk not in gone]
    for proposed in planned.lines:
        rows.append(CaseLine(option=option, in_npv=True, **proposed.fields()))
    return rows


#: Categories a vendor's one-time or yearly costs cover (the proposal's help text says which).
VENDOR_CATEGORIES = (
    "licences",
    "implementation",
    "data_migration",
    "integration",
    "subscription",
    "maintenance",
    "hosting",
    "support",
)


def similar_lines(option, planned: CaseLinesPlan) -> list:
    """Cost lines of the option, not added from an evaluation, of the categories the proposal's
    costs cover: estimates of the same purchase typed earlier would be counted twice."""
    from civicshift.cases.models import CaseLine

    ours = ProposalCaseLine.objects.for_org(option.organization).values("line_id")
    return list(
        CaseLine.objects.for_org(option.organization)
        .filter(option=option, kind="cost", category__in=VENDOR_CATEGORIES)
        .exclude(pk__in=ours)
        .exclude(name__in=[p.name for p in planned.lines])
    )


def _check_names(option, planned: CaseLinesPlan) -> None:
    from civicshift.cases.models import CaseLine

    ours = {p.existing.line_id for p in planned.lines if p.existing is not None}
    for proposed in planned.lines:
        clash = (
            CaseLine.objects.for_org(option.organization)
            .filter(option=option, name__iexact=proposed.name)
            .exclude(pk__in=ours)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _(
                    "The option “%(option)s” already has a line named “%(name)s” that was not "
                    "added from this evaluation: rename or delete it, then add again."
                )
                % {"option": option.name, "name": clash.name}
            )


@transaction.atomic
def proposal_lines_apply(
    *,
    actor,
    evaluation,
    proposal,
    option,
    expected_version: int | None = None,
    expected_case_version: int | None = None,
) -> list:
    """Add ``proposal``'s costs to ``option`` (updating or moving the lines the evaluation
    added before). ``expected_version`` / ``expected_case_version``: the proposal's and the
    case's versions the person saw; a later save refuses the change. Returns the lines."""
    from civicshift.cases.models import BusinessCase
    from civicshift.cases.services import line_create, line_delete, line_update

    from .models import Proposal

    organization = evaluation.organization
    require_role(actor, organization, Role.EDITOR)
    case = case_of(evaluation)
    if case is None:
        raise ValidationError(_("Start the initiative's business case first."))
    if proposal.organization_id != organization.pk or proposal.evaluation_id != evaluation.pk:
        raise ValidationError({"proposal": _("Choose a proposal of this evaluation.")})
    if option.organization_id != organization.pk or option.case_id != case.pk:
        raise ValidationError({"option": _("Choose an option of this initiative's case.")})
    # The rows as stored now, locked until the end: the figures added are these.
    proposal = Proposal.objects.select_for_update().select_related("vendor").get(pk=proposal.pk)
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and proposal.version != int(expected_version):
        raise ValidationError(stale_message(proposal), code="stale")
    if expected_case_version is not None and case.version != int(expected_case_version):
        raise ValidationError(case_stale_message(), code="stale")
    option.case = case
    planned = plan(evaluation, proposal, option)
    if not planned.lines:
        raise ValidationError({"proposal": planned.problems[0]}, code="no_costs")
    _check_names(option, planned)
    for record in planned.removed:
        line_delete(actor=actor, line=record.line)  # the record goes with it (cascade)
    made = []
    for proposed in planned.lines:
        fields = proposed.fields()
        record = proposed.existing
        if record is None:
            line = line_create(actor=actor, option=option, **fields)
            audited_create(
                actor=actor,
                model=ProposalCaseLine,
                organization=organization,
                evaluation=evaluation,
                proposal=proposal,
                line=line,
                part=proposed.part,
                proposal_version=proposal.version,
            )
        else:
            line = record.line
            changed = {k: v for k, v in fields.items() if getattr(line, k) != v}
            if changed:
                line = line_update(actor=actor, line=line, **changed)
            if (record.proposal_id, record.proposal_version) != (proposal.pk, proposal.version):
                audited_update(
                    actor=actor, obj=record, proposal=proposal, proposal_version=proposal.version
                )
        made.append(line)
    return made
