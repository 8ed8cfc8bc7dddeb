"""An evaluation's score sheets as one xlsx workbook, with the totals as live formulas.

``write_score_workbook(book)`` writes, from a plain ``ScoreBook`` (no Django here):

"About"
    What the workbook is, for whom it was prepared, and what each sheet holds (and what it
    leaves out: scores not submitted, personal notes).
"Totals" (when the consensus is included)
    The points for price and the top of the scale (inputs); one row per criterion in tree
    order: its weight in its group (input, percent), its share of the whole
    (``weight / 100 × the parent's share``), for a scored criterion (a leaf) the share that
    counts and the **points available** (``share / sum of the scored shares × (100 − points for
    price)``; equal shares when they sum to 0), and per proposal its consensus score (a formula
    pointing at the Consensus sheet). Then per proposal: price (input), points for price
    (``lowest price ÷ price × points for price``), points from the criteria
    (``SUMPRODUCT(points available, consensus) ÷ top of the scale``), the total out of 100 and
    the rank (``RANK``: equal totals share the better rank). These are the rules of the ranking
    page (``civicshift.vendors.ranking``): a consensus score not agreed yet counts as 0.
"Consensus" (when included)
    Per proposal and scored criterion: the submitted scores, their mean, lowest and highest,
    the consensus score (input) and the rationale.
One sheet per evaluator
    Their scores with comments (and personal notes only when the book says to show them), the
    conflicts they declared and whether the scores are submitted.

Which scores are in the book is the caller's decision (the blind-scoring rule lives in
``civicshift.vendors.selectors.visible_scores``); this module writes what it is given. Text
typed by people is written as text, never as a formula (``xlsx_layout.put``). The workbook asks
to be recalculated on opening (openpyxl writes formulas without cached values).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from gettext import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties

from civicshift.formats.xlsx_layout import (
    MONEY,
    NOTE_FONT,
    PERCENT,
    header,
    print_wide,
    put,
    widths,
    workbook_bytes,
)
from civicshift.formats.xlsx_tables import safe_sheet_titles

SCORE = "0.00"
POINTS = "0.00"
TITLE_FONT = Font(bold=True, size=14)
INPUT_FONT = Font(color="1F4E79", bold=True)

#: Where the Totals sheet's blocks are (1-based rows and columns).
PRICE_POINTS_CELL = "$B$4"
SCALE_CELL = "$B$5"
CRITERIA_HEADER_ROW = 7
FIRST_PROPOSAL_COLUMN = 7  # G
ABOUT_WIDTH = 75


@dataclass(frozen=True)
class BookCriterion:
    key: int
    name: str
    parent: int | None
    weight: Decimal | float  # percent of its group
    scored: bool  # a leaf: scored directly, not through its parts


@dataclass(frozen=True)
class BookProposal:
    key: int
    vendor: str
    price: Decimal | float


@dataclass(frozen=True)
class BookScore:
    proposal: int
    criterion: int
    value: int
    comment: str = ""
    personal_note: str = ""


@dataclass
class EvaluatorSheet:
    name: str
    status: str  # "Submitted on …" or "Not submitted (a draft only you see)"
    scores: list[BookScore]
    conflicts: list[str] = field(default_factory=list)  # vendors they declared a conflict with
    show_notes: bool = False


@dataclass(frozen=True)
class ConsensusRow:
    proposal: int
    criterion: int
    value: Decimal | float | None
    rationale: str = ""
    submitted: tuple[int, ...] = ()


@dataclass
class ScoreBook:
    title: str
    organization: str
    prepared_on: dt.date
    prepared_for: str  # "the procurement officer (all submitted scores)", …
    criteria: list[BookCriterion]  # tree order: each parent before its parts
    proposals: list[BookProposal]
    price_points: Decimal | float
    evaluators: list[EvaluatorSheet]
    #: None: neither the Consensus nor the Totals sheet (the person may not see them).
    consensus: list[ConsensusRow] | None = None
    scale_high: int = 5
    notes: list[str] = field(default_factory=list)
    software: str = ""


def _fit(sheet, row: int, texts: list[tuple[str, float]]) -> None:
    """A row tall enough for its wrapped texts ((text, column width) pairs): openpyxl does not
    measure text, and a spreadsheet keeps a stored height, so wrapped lines would overlap."""
    lines = max([1] + [-(-len(str(t or "")) // max(int(w * 1.1), 1)) for t, w in texts])
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * lines


def _formula(sheet, row: int, column: int, text: str, number_format: str | None = None):
    cell = sheet.cell(row=row, column=column, value=text)  # our own formula, never user text
    if number_format:
        cell.number_format = number_format
    return cell


def _about(sheet, book: ScoreBook, titles: dict[str, str]) -> None:
    put(sheet, 1, 1, _("Score sheets: {title}").format(title=book.title), font=TITLE_FONT)
    put(sheet, 2, 1, book.organization)
    put(
        sheet,
        3,
        1,
        _("Prepared by CivicShift {v} on {date} for {whom}.").format(
            v=book.software, date=book.prepared_on.isoformat(), whom=book.prepared_for
        ),
        font=NOTE_FONT,
    )
    lines = []
    if book.consensus is not None:
        lines.append(
            _(
                "“{totals}”: each proposal's total out of 100 and its rank, as live formulas of "
                "the weights, the consensus scores and the prices: change one and they follow."
            ).format(totals=titles["totals"])
        )
        lines.append(
            _(
                "“{consensus}”: for each proposal and criterion, the evaluators' submitted "
                "scores, their spread, and the score the panel agreed with its rationale."
            ).format(consensus=titles["consensus"])
        )
    lines.append(
        _(
            "One sheet per evaluator: their scores from 1 to 5 with their comments, the "
            "conflicts of interest they declared, and whether the scores are submitted."
        )
    )
    lines.extend(book.notes)
    for offset, text in enumerate(lines):
        cell = put(sheet, 5 + offset, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        _fit(sheet, 5 + offset, [(text, ABOUT_WIDTH)])
    widths(sheet, [ABOUT_WIDTH])
    print_wide(sheet, "portrait")


def _consensus(sheet, book: ScoreBook, criteria, proposals) -> dict[tuple[int, int], int]:
    """The Consensus sheet; returns {(proposal key, criterion key): row of its score}."""
    put(sheet, 1, 1, _("Consensus: {title}").format(title=book.title), font=TITLE_FONT)
    put(
        sheet,
        2,
        1,
        _(
            "The submitted scores of each proposal on each criterion, their spread, and the "
            "score the panel agreed. The Totals sheet reads the consensus score from here."
        ),
        font=NOTE_FONT,
    )
    header(
        sheet,
        4,
        [
            _("Vendor"),
            _("Criterion"),
            _("Submitted scores"),
            _("Mean"),
            _("Lowest"),
            _("Highest"),
            _("Consensus score"),
            _("Rationale"),
        ],
    )
    sheet.row_dimensions[4].height = 30
    agreed = {(c.proposal, c.criterion): c for c in book.consensus or []}
    rows: dict[tuple[int, int], int] = {}
    row = 5
    for proposal in proposals:
        for criterion in criteria:
            if not criterion.scored:
                continue
            found = agreed.get((proposal.key, criterion.key))
            submitted = found.submitted if found else ()
            put(sheet, row, 1, proposal.vendor)
            put(sheet, row, 2, criterion.name)
            put(sheet, row, 3, ", ".join(str(v) for v in submitted))
            if submitted:
                put(sheet, row, 4, sum(submitted) / len(submitted), SCORE)
                put(sheet, row, 5, min(submitted))
                put(sheet, row, 6, max(submitted))
            if found is not None and found.value is not None:
                put(sheet, row, 7, float(found.value), SCORE, font=INPUT_FONT)
            cell = put(sheet, row, 8, found.rationale if found else "")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _fit(sheet, row, [(cell.value, 70)])
            for column in range(1, 8):
                sheet.cell(row=row, column=column).alignment = Alignment(vertical="top")
            rows[(proposal.key, criterion.key)] = row
            row += 1
    widths(sheet, [28, 32, 16, 8, 8, 8, 11, 70])
    sheet.freeze_panes = "A5"
    print_wide(sheet)
    return rows


def _totals(sheet, book: ScoreBook, consensus_title: str, consensus_rows) -> None:
    proposals, criteria = book.proposals, book.criteria
    put(sheet, 1, 1, _("Totals and ranking: {title}").format(title=book.title), font=TITLE_FONT)
    put(
        sheet,
        2,
        1,
        _(
            "Live formulas: change a weight, the points for price, a price or a consensus "
            "score (on the Consensus sheet) and the totals and ranks follow. A consensus "
            "score not agreed yet counts as 0, as on the ranking page."
        ),
        font=NOTE_FONT,
    )
    put(sheet, 4, 1, _("Points for price (of 100)"), bold=True)
    put(sheet, 4, 2, float(book.price_points), POINTS, font=INPUT_FONT)
    put(sheet, 4, 3, _("Lowest price ÷ price × these points; 0 when price is a criterion."))
    put(sheet, 5, 1, _("Top of the scale"), bold=True)
    put(sheet, 5, 2, book.scale_high, font=INPUT_FONT)
    put(sheet, 5, 3, _("A score is worth score ÷ top of the scale of its points."))

    headers = [
        _("Criterion"),
        _("Part of"),
        _("Weight in its group (%)"),
        _("Share of the whole"),
        _("Share counted (scored criteria)"),
        _("Points available"),
    ] + [_("{vendor}: consensus score").format(vendor=p.vendor) for p in proposals]
    header(sheet, CRITERIA_HEADER_ROW, headers)
    sheet.row_dimensions[CRITERIA_HEADER_ROW].height = 60
    first = CRITERIA_HEADER_ROW + 1
    last = first + len(criteria) - 1
    row_of = {c.key: first + i for i, c in enumerate(criteria)}
    names = {c.key: c.name for c in criteria}
    depth: dict[int, int] = {}
    counted = f"E${first}:E${last}"
    for criterion in criteria:
        row = row_of[criterion.key]
        depth[criterion.key] = 0 if criterion.parent is None else depth[criterion.parent] + 1
        cell = put(sheet, row, 1, criterion.name)
        cell.alignment = Alignment(indent=2 * depth[criterion.key])
        put(sheet, row, 2, names.get(criterion.parent, ""))
        put(sheet, row, 3, float(criterion.weight), POINTS, font=INPUT_FONT)
        if criterion.parent is None:
            _formula(sheet, row, 4, f"=C{row}/100", PERCENT)
        else:
            _formula(sheet, row, 4, f"=C{row}/100*D{row_of[criterion.parent]}", PERCENT)
        if not criterion.scored:
            continue
        _formula(sheet, row, 5, f"=D{row}", PERCENT)
        _formula(
            sheet,
            row,
            6,
            f"=IF(SUM({counted})=0,1/COUNT({counted}),E{row}/SUM({counted}))"
            f"*(100-{PRICE_POINTS_CELL})",
            POINTS,
        )
        for j, proposal in enumerate(proposals):
            source = f"'{consensus_title}'!G{consensus_rows[(proposal.key, criterion.key)]}"
            _formula(
                sheet,
                row,
                FIRST_PROPOSAL_COLUMN + j,
                f'=IF({source}="","",{source})',
                SCORE,
            )

    price_row = last + 2
    labels = [
        (_("Price"), None),
        (_("Points for price"), POINTS),
        (_("Points from the criteria"), POINTS),
        (_("Total (out of 100)"), POINTS),
        (_("Rank"), None),
    ]
    for offset, (label, _fmt) in enumerate(labels):
        put(sheet, price_row + offset, 1, label, bold=True)
    first_col = get_column_letter(FIRST_PROPOSAL_COLUMN)
    last_col = get_column_letter(FIRST_PROPOSAL_COLUMN + max(len(proposals), 1) - 1)
    prices = f"${first_col}${price_row}:${last_col}${price_row}"
    totals = f"${first_col}${price_row + 3}:${last_col}${price_row + 3}"
    for j, proposal in enumerate(proposals):
        column = FIRST_PROPOSAL_COLUMN + j
        c = get_column_letter(column)
        put(sheet, price_row, column, float(proposal.price), MONEY, font=INPUT_FONT)
        _formula(
            sheet,
            price_row + 1,
            column,
            f"=IF({PRICE_POINTS_CELL}=0,0,MIN({prices})/{c}{price_row}*{PRICE_POINTS_CELL})",
            POINTS,
        )
        _formula(
            sheet,
            price_row + 2,
            column,
            f"=SUMPRODUCT($F${first}:$F${last},{c}${first}:{c}${last})/{SCALE_CELL}",
            POINTS,
        )
        _formula(sheet, price_row + 3, column, f"={c}{price_row + 1}+{c}{price_row + 2}", POINTS)
        _formula(sheet, price_row + 4, column, f"=RANK({c}{price_row + 3},{totals})")
        sheet.cell(row=price_row + 3, column=column).font = Font(bold=True)
    widths(sheet, [34, 24, 12, 11, 12, 11] + [18] * len(proposals))
    sheet.freeze_panes = sheet.cell(row=first, column=2)
    print_wide(sheet)


def _evaluator(sheet, book: ScoreBook, evaluator: EvaluatorSheet, criteria, proposals) -> None:
    put(sheet, 1, 1, _("Scores of {name}").format(name=evaluator.name), font=TITLE_FONT)
    put(sheet, 2, 1, evaluator.status)
    if evaluator.conflicts:
        text = _("Declared a conflict of interest with (and so does not score): {v}.").format(
            v=", ".join(evaluator.conflicts)
        )
    else:
        text = _("Declared no conflict of interest.")
    put(sheet, 3, 1, text)
    headers = [_("Vendor"), _("Criterion"), _("Score (1–5)"), _("Comment")]
    if evaluator.show_notes:
        headers.append(_("Personal note"))
    header(sheet, 5, headers)
    p_order = {p.key: i for i, p in enumerate(proposals)}
    c_order = {c.key: i for i, c in enumerate(criteria)}
    vendors = {p.key: p.vendor for p in proposals}
    names = {c.key: c.name for c in criteria}
    scores = sorted(
        (s for s in evaluator.scores if s.proposal in p_order and s.criterion in c_order),
        key=lambda s: (p_order[s.proposal], c_order[s.criterion]),
    )
    for row, score in enumerate(scores, start=6):
        put(sheet, row, 1, vendors[score.proposal])
        put(sheet, row, 2, names[score.criterion])
        put(sheet, row, 3, score.value)
        cell = put(sheet, row, 4, score.comment)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if evaluator.show_notes:
            cell = put(sheet, row, 5, score.personal_note)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        _fit(sheet, row, [(score.comment, 60), (score.personal_note, 40)])
        for column in range(1, 4):
            sheet.cell(row=row, column=column).alignment = Alignment(vertical="top")
    if not scores:
        put(sheet, 6, 1, _("No scores to show."), font=NOTE_FONT)
    widths(sheet, [28, 32, 11, 60, 40][: len(headers)])
    sheet.freeze_panes = "A6"
    print_wide(sheet)


def write_score_workbook(book: ScoreBook) -> bytes:
    """The workbook as .xlsx bytes (see the module docstring for its sheets)."""
    with_consensus = book.consensus is not None
    fixed = [_("About")] + ([_("Totals"), _("Consensus")] if with_consensus else [])
    titles = safe_sheet_titles(fixed + [e.name for e in book.evaluators])
    named = {"about": titles[0]}
    if with_consensus:
        named.update(totals=titles[1], consensus=titles[2])
    workbook = Workbook()
    about = workbook.active
    about.title = named["about"]
    _about(about, book, named)
    if with_consensus:
        totals = workbook.create_sheet(named["totals"])
        consensus = workbook.create_sheet(named["consensus"])
        rows = _consensus(consensus, book, book.criteria, book.proposals)
        _totals(totals, book, named["consensus"], rows)
    for title, evaluator in zip(titles[len(fixed) :], book.evaluators, strict=True):
        _evaluator(workbook.create_sheet(title), book, evaluator, book.criteria, book.proposals)
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    return workbook_bytes(
        workbook, title=_("Score sheets: {title}").format(title=book.title), creator="CivicShift"
    )
