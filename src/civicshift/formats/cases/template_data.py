"""What the offline business-case template holds, as plain data shared by its writer
(``template``) and its reader (``template_reader``).

``LINE_COLUMNS`` and ``CASE_FIELDS`` are the columns of the "Lines" sheet and the labelled cells of
the "Case" sheet, with what each holds. A ``TemplateLine`` is one line as the template holds it
(amounts before the multiplier); ``core_line()`` and ``template_lines_from_case`` convert to and
from the core model. ``TemplateContents`` is what reading a template gives: its settings, its rows
(each with the cells it came from) and every problem, with its sheet and cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from gettext import gettext as _

from civicshift.core.cases import Case, Estimate, Line, default_in_npv

#: Template columns of the "Lines" sheet, in order, with what each holds.
LINE_COLUMNS: dict[str, str] = {
    "name": _("A short name, unique within the option, e.g. 'Subscription'."),
    "kind": _("cost or benefit."),
    "category": _("One of the categories on the Lists sheet (optional)."),
    "low": _("Low amount of a range (leave empty for a single figure)."),
    "likely": _(
        "The likely amount: a year's amount for recurring lines, the whole amount for "
        "one-time lines. Required."
    ),
    "high": _("High amount of a range (leave empty for a single figure)."),
    "distribution": _(
        "point (a single figure), triangular or pert. Empty: point without a "
        "range, triangular with one."
    ),
    "first_year": _(
        "First year of the line: a period (0 = the first fiscal year) or the "
        "fiscal year itself, e.g. 2028."
    ),
    "last_year": _("Last year, the same way (empty = the first year: a one-time amount)."),
    "escalation": _("Yearly increase after the first year: 0.03 or 3%. Empty = 0."),
    "ramp": _(
        "Benefits: shares realised in the first years, e.g. '0.5, 0.8'. Empty = all from the start."
    ),
    "in_npv": _(
        "yes, or no for wider social benefits kept out of the NPV. Empty = by "
        "category: resident time saved is kept out, everything else counts."
    ),
    "multiplier": _(
        "Optional: the hourly rate (when the amounts are hours) or the yearly "
        "chance of a failure (when they are its cost); amounts are multiplied by it."
    ),
    "per_year": _(
        "Irregular amounts: one for each year from the first year to the last, e.g. "
        "'10000; 25000; 0; 40000', used as given (times the multiplier; no yearly increase or "
        "ramp-up). Likely may then be left empty."
    ),
}
CASE_FIELDS: dict[str, str] = {
    "title": _("The name of the case or option."),
    "start_year": _("The fiscal year of period 0, when spending starts."),
    "horizon_years": _("How many years after period 0 the comparison covers (1 to 100)."),
    "discount_rate": _("Per year, as 0.03 or 3%. Period 0 is not discounted."),
}
KINDS = ("cost", "benefit")
DISTRIBUTIONS = ("point", "triangular", "pert")


@dataclass(frozen=True)
class TemplateSettings:
    title: str
    start_year: int
    horizon_years: int
    discount_rate: float


@dataclass(frozen=True)
class TemplateLine:
    """One line as the template holds it (amounts before the multiplier)."""

    name: str
    kind: str
    likely: float
    first_period: int
    last_period: int
    category: str = ""
    distribution: str = "point"
    low: float | None = None
    high: float | None = None
    escalation: float = 0.0
    ramp: tuple[float, ...] = ()
    in_npv: bool | None = None  # None: not said, the category decides (core.default_in_npv)
    multiplier: float | None = None
    per_year: tuple[float, ...] = ()  # explicit amounts per year (core.cases.Line.per_year)

    def estimate(self) -> Estimate:
        """The amount the analysis uses: low / likely / high times the multiplier."""
        factor = 1.0 if self.multiplier is None else self.multiplier
        if self.per_year:  # the amounts are the schedule; the estimate is the factor on it
            return Estimate.point(factor)
        likely = self.likely * factor
        if self.distribution == "point":
            return Estimate.point(likely)
        return Estimate(self.low * factor, likely, self.high * factor, self.distribution)

    def core_line(self) -> Line:
        return Line(
            name=self.name,
            kind=self.kind,
            amount=self.estimate(),
            periods=tuple(range(self.first_period, self.last_period + 1)),
            escalation=self.escalation,
            ramp=self.ramp,
            category=self.category,
            in_npv=default_in_npv(self.category) if self.in_npv is None else self.in_npv,
            per_year=self.per_year,
        )


@dataclass(frozen=True)
class TemplateRow:
    """A line read from the template, with where each of its values came from."""

    line: TemplateLine
    row: int
    cells: Mapping[str, str] = field(default_factory=dict)  # column key → "Lines!E7"

    def cell(self, key: str) -> str:
        return self.cells.get(key) or self.cells.get("name") or f"Lines!A{self.row}"


@dataclass(frozen=True)
class TemplateProblem:
    sheet: str
    cell: str  # "E7"; "" for the whole sheet or workbook
    message: str

    def __str__(self) -> str:
        return (
            f"{self.sheet}!{self.cell}: {self.message}"
            if self.cell
            else (f"{self.sheet}: {self.message}")
        )


@dataclass
class TemplateContents:
    settings: TemplateSettings | None
    rows: list[TemplateRow]
    problems: list[TemplateProblem]


def template_lines_from_case(case: Case) -> list[TemplateLine]:
    """The lines of a core case for the template (each line's periods must be consecutive)."""
    result = []
    for line in case.lines:
        first, last = min(line.periods), max(line.periods)
        if list(line.periods) != list(range(first, last + 1)):
            raise ValueError(f"line {line.name!r}: the template holds consecutive years only")
        est = line.amount
        point = not est.is_uncertain
        result.append(
            TemplateLine(
                name=line.name,
                kind=line.kind,
                category=line.category,
                distribution="point" if point else est.dist,
                low=None if point else est.low,
                likely=est.likely,
                high=None if point else est.high,
                first_period=first,
                last_period=last,
                escalation=line.escalation,
                ramp=tuple(line.ramp),
                in_npv=line.in_npv,
            )
        )
    return result
