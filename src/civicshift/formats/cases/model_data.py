"""What reading the live-formula model (``model_reader``) gives: the whole case as the workbook
states it, as plain data.

``ModelSettings`` are the case-wide inputs of the Assumptions sheet (each read from its named
cell), ``ModelLine`` one line of the line table with its amounts as typed (before the
multiplier, which is kept as its own value), and ``ModelOption`` one option with its lines and
its optimism-bias inputs. ``ModelOption.case`` is the core ``Case`` the workbook's formulas
compute. ``cells`` say where each value came from ("Assumptions!H25"), so that a problem found
later (by the database's rules) can still name its cell.

No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from civicshift.core.cases import Case, Estimate, Line, OptimismBias
from civicshift.formats.cases.template_data import TemplateProblem


@dataclass(frozen=True)
class ModelSettings:
    title: str
    start_year: int
    horizon_years: int
    discount_rate: float
    basis: str = "real"
    inflation: float = 0.0
    lead: str = "expected"
    finance_rate: float | None = None  # None: the formula =DISCOUNT_RATE is still there
    reinvest_rate: float | None = None
    alternative_rate: float | None = None
    alternative_rate_label: str = ""
    cells: Mapping[str, str] = field(default_factory=dict)  # key → "Assumptions!B8"


@dataclass(frozen=True)
class ModelLine:
    """One line of the model's line table; ``low`` / ``likely`` / ``high`` as typed, before
    ``multiplier`` (None when its cell is empty: the amounts are used as they are)."""

    name: str
    kind: str
    low: float
    likely: float
    high: float
    distribution: str
    periods: tuple[int, ...]
    category: str = ""
    multiplier: float | None = None
    escalation: float = 0.0
    ramp: tuple[float, ...] = ()
    in_npv: bool = True
    per_year: tuple[float, ...] = ()
    row: int = 0
    cells: Mapping[str, str] = field(default_factory=dict)  # key → "Assumptions!H25"

    def cell(self, key: str) -> str:
        return self.cells.get(key) or self.cells.get("name") or f"Assumptions!A{self.row}"

    def estimate(self) -> Estimate:
        """The amount the analysis uses: low / likely / high times the multiplier (for a line
        given per year, the factor its amounts are multiplied by)."""
        factor = 1.0 if self.multiplier is None else self.multiplier
        if self.distribution == "point":
            return Estimate.point(self.likely * factor)
        return Estimate(
            self.low * factor, self.likely * factor, self.high * factor, self.distribution
        )

    def core_line(self) -> Line:
        return Line(
            name=self.name,
            kind=self.kind,
            amount=self.estimate(),
            periods=self.periods,
            escalation=self.escalation,
            ramp=self.ramp,
            category=self.category,
            in_npv=self.in_npv,
            per_year=self.per_year,
        )


@dataclass(frozen=True)
class ModelOption:
    name: str
    number: int  # 1-based, as the names OPT<n>_… count
    lines: tuple[ModelLine, ...]
    optimism: OptimismBias | None
    case: Case
    cells: Mapping[str, str] = field(default_factory=dict)  # "one_time" … → "Assumptions!B20"


@dataclass
class ModelContents:
    """Everything read: the settings, every option (in the workbook's order), and every
    problem (with its sheet and cell). Nothing should be used when there are problems."""

    settings: ModelSettings | None
    options: list[ModelOption]
    problems: list[TemplateProblem]
    #: The horizon the Schedule sheets were laid out for when the model was written; the
    #: settings' ``horizon_years`` differs when a year was added or removed in Excel.
    laid_out_horizon: int | None = None

    @property
    def horizon_changed(self) -> bool:
        return (
            self.settings is not None
            and self.laid_out_horizon is not None
            and self.laid_out_horizon != self.settings.horizon_years
        )

    @property
    def cases(self) -> list[Case]:
        return [option.case for option in self.options]
