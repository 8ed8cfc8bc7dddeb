"""The award memo's figures chapters: price scoring, life-cycle cost, the ranking and how sure
the winner is (the smallest weight change that changes it, the near-tie note), and the due
diligence. Part of :func:`award_memo_text.memo_document`; no Django here."""

from __future__ import annotations

from gettext import gettext as _

from civicshift.core import formatting
from civicshift.formats.document import BulletList, Heading, Paragraph, Table
from civicshift.formats.vendors.award_memo import AwardMemo, ThresholdLine
from civicshift.formats.vendors.award_memo_words import money, number


def smallest_change(memo: AwardMemo) -> ThresholdLine | None:
    """The weight whose smallest change (in points, either way) changes the winner."""
    found = [t for t in memo.thresholds if t.points is not None]
    return min(found, key=lambda t: abs(t.points)) if found else None


def ranking_chapter(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("Price, life-cycle cost and ranking"), 1, new_page=True)]
    blocks.append(Heading(_("How price is scored"), 2))
    if memo.price_points > 0:
        blocks.append(
            Paragraph(
                _(
                    "Price earns up to {p} of the 100 points: the lowest price earns all of "
                    "them, every other proposal lowest price ÷ its price × {p}. The other "
                    "{rest} points come from the consensus scores: each criterion's share of "
                    "the whole × consensus score ÷ 5."
                ).format(p=f"{memo.price_points:g}", rest=f"{100 - memo.price_points:g}")
            )
        )
    else:
        blocks.append(
            Paragraph(
                _(
                    "Price is not scored separately: it is one of the criteria. The total is "
                    "each criterion's share of the whole × consensus score ÷ 5, out of 100."
                )
            )
        )
    blocks.append(Heading(_("Life-cycle cost"), 2))
    if memo.horizon is not None and memo.rate is not None:
        blocks.append(
            Paragraph(
                _(
                    "Each proposal's one-time costs now plus its yearly costs for {h} years, "
                    "in today's dollars at the business case's discount rate of {r} (present "
                    "value)."
                ).format(h=memo.horizon, r=formatting.percent(memo.rate, 1))
            )
        )
    else:
        blocks.append(
            Paragraph(
                _(
                    "Not computed: the initiative has no business case (its horizon and "
                    "discount rate)."
                )
            )
        )
    blocks.append(Heading(_("Ranking"), 2))
    if memo.missing_consensus:
        blocks.append(
            Paragraph(
                _("{n} consensus score(s) are not agreed yet and count as 0.").format(
                    n=memo.missing_consensus
                ),
                "strong",
            )
        )
    has_price = memo.price_points > 0
    headers = [_("Rank"), _("Vendor"), _("Total (of 100)"), _("Price")]
    if has_price:
        headers.append(_("Price points"))
    headers.append(_("Life-cycle cost"))
    rows = []
    for r in memo.ranking:
        row = [str(r.rank), r.vendor, f"{r.total:.2f}", money(memo, r.price)]
        if has_price:
            row.append(number(r.price_points, 2))
        row.append(money(memo, r.life_cycle))
        rows.append(tuple(row))
    blocks.append(
        Table(
            headers=tuple(headers),
            rows=tuple(rows),
            numeric=(True, False, True, True, *((True,) if has_price else ()), True),
            widths=(0.6, 2.6, 1.1, 1.2, *((1.0,) if has_price else ()), 1.3),
            row_headers=False,
        )
    )
    blocks.append(Heading(_("How sure is the winner?"), 2))
    smallest = smallest_change(memo)
    if smallest is not None:
        blocks.append(
            Paragraph(
                _(
                    "The smallest change of one weight that changes the winner: {label} "
                    "moving by {p} percentage points (from {w}), and then {v} leads."
                ).format(
                    label=smallest.label,
                    p=f"{smallest.points:+.1f}",
                    w=formatting.percent(smallest.weight, 1),
                    v=smallest.new_leader,
                ),
                "strong",
            )
        )
    elif memo.thresholds:
        blocks.append(Paragraph(_("No change of a single weight changes the winner.")))
    if memo.near_tie is True:
        blocks.append(
            Paragraph(
                _(
                    "Within the noise: the leader is ahead, but by less than the evaluators "
                    "disagree with each other (the 95 % interval of the difference between the "
                    "top two includes zero). The two top proposals are not clearly apart."
                ),
                "strong",
            )
        )
    elif memo.near_tie is False:
        blocks.append(
            Paragraph(
                _(
                    "The leader is ahead by more than the evaluators' disagreement (the 95 % "
                    "interval of the difference between the top two is above zero)."
                )
            )
        )
    elif memo.ranking:
        blocks.append(
            Paragraph(
                _(
                    "Fewer than two evaluators scored both top proposals: no statement on "
                    "the margin."
                )
            )
        )
    if memo.thresholds:
        blocks.append(
            Table(
                headers=(_("Criterion"), _("Weight now"), _("Change that changes the winner")),
                rows=tuple(
                    (
                        t.label,
                        formatting.percent(t.weight, 1),
                        _("{p} points: then {v} leads").format(p=f"{t.points:+.1f}", v=t.new_leader)
                        if t.points is not None
                        else _("none: no change of this weight alone"),
                    )
                    for t in memo.thresholds
                ),
                numeric=(False, True, False),
                widths=(2.6, 1.2, 3.4),
                caption=_(
                    "Weight now: the criterion's share of all 100 points, price included. The "
                    "change is in percentage points of that share, the other weights scaled "
                    "to keep the total at 100 %."
                ),
            )
        )
    return blocks


def diligence_chapter(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("Due diligence"), 1, new_page=True)]
    flags = [d for d in memo.diligence if d.red_flag]
    blocks.append(Heading(_("Red flags"), 2))
    if flags:
        blocks.append(
            BulletList(
                tuple(
                    _("{vendor}: {question} — {answer}").format(
                        vendor=d.vendor, question=d.question, answer=d.answer
                    )
                    for d in flags
                )
            )
        )
    else:
        blocks.append(Paragraph(_("No red flags in the answers recorded.")))
    checked = list(dict.fromkeys(d.vendor for d in memo.diligence))
    unchecked = [v for v, *_costs in memo.proposals if v not in checked]
    if unchecked:
        blocks.append(
            Paragraph(
                _("No due diligence is recorded for: {vendors}.").format(
                    vendors="; ".join(unchecked)
                ),
                "note",
            )
        )
    for checklist, title in (
        ("security", _("Security questionnaire (CISA Cross-Sector Performance Goals)")),
        ("contract", _("Contract checklist")),
    ):
        blocks.append(Heading(title, 2))
        if not checked:
            blocks.append(Paragraph(_("Nothing recorded.")))
            continue
        for vendor in checked:
            rows = [d for d in memo.diligence if d.checklist == checklist and d.vendor == vendor]
            blocks.append(Heading(vendor, 3))
            blocks.append(
                Table(
                    headers=(_("Item"), _("Answer"), _("Red flag")),
                    rows=tuple(
                        (
                            d.question,
                            d.answer + (f"\n{d.value}" if d.value else ""),
                            _("Yes") if d.red_flag else "",
                        )
                        for d in rows
                    ),
                    numeric=(False, False, False),
                    widths=(4.6, 1.6, 0.8),
                    row_headers=False,
                )
            )
    if memo.references:
        blocks.append(Heading(_("Reference checks"), 2))
        blocks.append(
            Table(
                headers=(_("Vendor"), _("Customer called"), _("What we learned")),
                rows=memo.references,
                numeric=(False, False, False),
                widths=(1.8, 1.8, 3.6),
                row_headers=False,
            )
        )
    return blocks
