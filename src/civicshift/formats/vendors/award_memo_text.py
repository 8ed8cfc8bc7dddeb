"""The award recommendation memo's words: :func:`memo_document` turns the facts
(``award_memo.AwardMemo``) into one document of blocks (``civicshift.formats.document``) that
``write_docx`` and ``write_pdf`` print alike. No Django here; text is marked with Python's
``gettext``."""

from __future__ import annotations

from gettext import gettext as _

from civicshift.core import formatting
from civicshift.formats.document import (
    BulletList,
    Document,
    Heading,
    KeyFigures,
    Paragraph,
    Table,
)
from civicshift.formats.vendors.award_memo import AwardMemo, CriterionLine
from civicshift.formats.vendors.award_memo_figures import (
    diligence_chapter,
    ranking_chapter,
)
from civicshift.formats.vendors.award_memo_words import DASH, cite, day, money, number


def _recommendation(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("Recommendation"), 1)]
    if not memo.recommended:
        blocks.append(Paragraph(_("No proposal has been recommended for award yet."), "strong"))
        return blocks
    leader = memo.ranking[0] if memo.ranking else None
    figures = [(_("Recommended for award"), memo.recommended)]
    chosen = next((r for r in memo.ranking if r.vendor == memo.recommended), None)
    if chosen is not None:
        figures += [
            (
                _("Rank and total score"),
                _("{rank} of {n}, {total} of 100 points").format(
                    rank=chosen.rank, n=len(memo.ranking), total=f"{chosen.total:.2f}"
                ),
            ),
            (_("Proposed price"), money(memo, chosen.price)),
        ]
        if chosen.life_cycle is not None:
            figures.append(
                (
                    _("Life-cycle cost ({h} years)").format(h=memo.horizon),
                    money(memo, chosen.life_cycle),
                )
            )
    figures.append((_("Recorded"), cite(memo.recommendation_ref)))
    blocks.append(KeyFigures(tuple(figures)))
    blocks += [Paragraph(p.strip()) for p in memo.rationale.split("\n\n") if p.strip()]
    if leader is not None and chosen is not None and leader.vendor != chosen.vendor:
        blocks.append(
            Paragraph(
                _(
                    "The recommended proposal is not the top-ranked one ({leader}, {total} "
                    "points): the recommendation above says why."
                ).format(leader=leader.vendor, total=f"{leader.total:.2f}"),
                "strong",
            )
        )
    return blocks


def _solicitation(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("The solicitation"), 1)]
    facts = [
        (_("Initiative"), memo.initiative),
        (_("Evaluation"), memo.title),
        (_("How the city is buying"), memo.solicitation),
    ]
    if memo.cooperative_contract:
        facts.append((_("Cooperative contract"), memo.cooperative_contract))
    blocks.append(KeyFigures(tuple(facts)))
    if memo.justification:
        blocks.append(Heading(_("Justification"), 2))
        blocks += [Paragraph(p.strip()) for p in memo.justification.split("\n\n") if p.strip()]
    if memo.milestones:
        blocks.append(Heading(_("Milestones"), 2))
        blocks.append(
            Table(
                headers=(_("Step"), _("Date")),
                rows=tuple((label, day(when)) for label, when in memo.milestones),
                numeric=(False, False),
                widths=(3.0, 2.0),
                narrow=True,
            )
        )
    blocks.append(Heading(_("Proposals received"), 2))
    if memo.proposals:
        blocks.append(
            Table(
                headers=(_("Vendor"), _("Price"), _("One-time costs"), _("Yearly costs")),
                rows=tuple(
                    (v, money(memo, p), money(memo, o), money(memo, y))
                    for v, p, o, y in memo.proposals
                ),
                numeric=(False, True, True, True),
                widths=(3.2, 1.4, 1.4, 1.4),
            )
        )
    else:
        blocks.append(Paragraph(_("No proposals were recorded.")))
    return blocks


def _anchored(line: CriterionLine) -> str:
    """The criterion's name (a part indented under its criterion), then its anchors in grey."""
    name = ("– " * line.depth) + line.name
    anchors = [
        f"{score}: {text}" for score, text in zip((1, 3, 5), line.anchors, strict=True) if text
    ]
    return name + "".join(f"\n{a}" for a in anchors)


def _criteria(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("Criteria and weights"), 1, new_page=True)]
    if not memo.criteria:
        blocks.append(Paragraph(_("This evaluation has no scored criteria.")))
        return blocks
    blocks.append(
        Paragraph(
            _(
                "Each criterion is scored from 1 (poor) to 5 (excellent) against the anchors "
                "written for it. Its weight is its share of its group; its share of the whole "
                "is its weight times its parent's."
            )
        )
    )
    blocks.append(
        Table(
            headers=(_("Criterion"), _("Weight in its group"), _("Share of the whole")),
            rows=tuple(
                (
                    _anchored(c),
                    formatting.percent(c.weight / 100, 1),
                    formatting.percent(c.share, 1),
                )
                for c in memo.criteria
            ),
            numeric=(False, True, True),
            widths=(4.0, 1.5, 1.5),
        )
    )
    blocks.append(Heading(_("How the weights were set"), 2))
    if memo.weight_method != "ahp":
        blocks.append(
            Paragraph(
                _(
                    "The weights were typed in as percentages by the procurement officer; "
                    "each group adds up to 100 %."
                )
            )
        )
        return blocks
    blocks.append(
        Paragraph(
            _(
                "The weights were derived by the Analytic Hierarchy Process (Saaty): each "
                "evaluator compared the criteria of a group two at a time on Saaty's 1–9 "
                "scale; the evaluators' judgments were combined by their geometric mean, and "
                "the weights are the principal eigenvector of the combined matrix. λmax is its "
                "largest eigenvalue; the consistency index CI = (λmax − n) / (n − 1); the "
                "consistency ratio CR = CI / RI, with the random index RI from {table}. Above "
                "0.10 the judgments should be revisited."
            ).format(table=memo.random_index)
        )
    )
    if memo.random_index_source:
        blocks.append(Paragraph(memo.random_index_source, "note"))
    for group in memo.ahp:
        blocks.append(Heading(group.group, 3))
        if group.lambda_max is None:
            blocks.append(
                Paragraph(_("No evaluator compared every pair of this group; typed weights."))
            )
            continue
        used = group.used or tuple(w for _n, w in group.weights)
        blocks.append(
            Table(
                headers=(_("Criterion"), _("Derived by AHP"), _("Used in the ranking")),
                rows=tuple(
                    (name, formatting.percent(w, 1), formatting.percent(u, 1))
                    for (name, w), u in zip(group.weights, used, strict=True)
                ),
                numeric=(False, True, True),
                widths=(3.6, 1.4, 1.4),
                caption=_("From {n} evaluators' judgments (geometric mean).").format(
                    n=group.evaluators
                ),
            )
        )
        blocks.append(
            Table(
                headers=(_("Measure"), _("Value")),
                rows=(
                    (_("λmax"), number(group.lambda_max, 4)),
                    (_("Consistency index (CI)"), number(group.ci, 4)),
                    (_("Random index (RI)"), number(group.ri, 2)),
                    (_("Consistency ratio (CR)"), number(group.cr, 3)),
                ),
                numeric=(False, True),
                widths=(3.0, 1.5),
                narrow=True,
            )
        )
        gaps = [(abs(w - u), name) for (name, w), u in zip(group.weights, used, strict=True)]
        gap, name = max(gaps) if gaps else (0.0, "")
        if gap >= 0.0005:
            blocks.append(
                Paragraph(
                    _(
                        "The ranking uses the weights set on the criteria, which differ from "
                        "the weights the comparisons give by up to {p} percentage points "
                        "(on “{c}”). Use the derived weights (the evaluation's Weights page: “Use "
                        "these weights for the ranking”), or say why not, before the award goes "
                        "to council."
                    ).format(p=f"{gap * 100:.1f}", c=name),
                    "strong",
                )
            )
        if group.at_odds:
            blocks.append(Paragraph(group.at_odds, "strong"))
    return blocks


def _panel(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("The panel"), 1)]
    if not memo.panel:
        blocks.append(Paragraph(_("This evaluation had no scoring panel.")))
        return blocks
    blocks.append(
        Paragraph(
            _(
                "Each evaluator declared any conflict of interest with each vendor before the "
                "proposals were opened, scored alone without seeing the others' scores, and "
                "submitted; submitted scores are locked. A declared conflict removes the "
                "evaluator from that vendor's scoring."
            )
        )
    )
    blocks.append(
        Table(
            headers=(_("Evaluator"), _("Conflicts declared"), _("Scores submitted")),
            rows=tuple(
                (
                    p.evaluator,
                    cite(p.declared) if p.declared else _("not yet"),
                    cite(p.submitted) if p.submitted else _("not submitted"),
                )
                for p in memo.panel
            ),
            numeric=(False, False, False),
            widths=(2.0, 2.6, 2.6),
        )
    )
    blocks.append(Heading(_("Conflict-of-interest declarations"), 2))
    conflicts = [d for d in memo.declarations if d.has_conflict]
    blocks.append(
        Table(
            headers=(_("Evaluator"), _("Vendor"), _("Declared"), _("Audit record")),
            rows=tuple(
                (
                    d.evaluator,
                    d.vendor,
                    (
                        _("Conflict: {why}").format(why=d.explanation)
                        if d.has_conflict
                        else _("No conflict")
                    ),
                    cite(d.ref),
                )
                for d in memo.declarations
            ),
            numeric=(False, False, False, False),
            widths=(1.6, 2.0, 2.0, 2.2),
            caption=_("{n} declarations were made; {c} declared a conflict.").format(
                n=len(memo.declarations), c=len(conflicts)
            ),
        )
    )
    return blocks


def _scores(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("Each evaluator's submitted scores"), 1, new_page=True)]
    text = _(
        "Each evaluator's own scores, 1 to 5, as they submitted them. A dash: not scored "
        "because of a declared conflict of interest."
    )
    if memo.unsubmitted:
        text += " " + _(
            "{n} panel member(s) have not submitted: their scores are not shown (they are "
            "not final and stay blind)."
        ).format(n=memo.unsubmitted)
    blocks.append(Paragraph(text))
    for sheet in memo.scores:
        blocks.append(Heading(sheet.evaluator, 2))
        blocks.append(Paragraph(_("Submitted: {ref}.").format(ref=cite(sheet.submitted)), "note"))
        blocks.append(
            Table(
                headers=(_("Criterion"), *sheet.vendors),
                rows=tuple(
                    (name, *(DASH if v is None else str(v) for v in values))
                    for name, values in zip(sheet.criteria, sheet.values, strict=True)
                ),
                numeric=(False, *(True for _v in sheet.vendors)),
                widths=(2.6, *(1.2 for _v in sheet.vendors)),
            )
        )
        if sheet.comments:
            blocks.append(BulletList(sheet.comments))
    return blocks


def _consensus(memo: AwardMemo) -> list:
    blocks: list = [Heading(_("Consensus scores"), 1, new_page=True)]
    blocks.append(
        Paragraph(
            _(
                "After the individual scores were submitted the panel met and agreed one score "
                "per criterion and proposal, with its rationale; the ranking uses these."
            )
        )
    )
    vendors = list(dict.fromkeys(c.vendor for c in memo.consensus))
    if not vendors:
        blocks.append(Paragraph(_("No consensus scores were agreed.")))
    for vendor in vendors:
        blocks.append(Heading(vendor, 2))
        blocks.append(
            Table(
                headers=(_("Criterion"), _("Score"), _("Rationale"), _("Audit record")),
                rows=tuple(
                    (c.criterion, f"{c.value:g}", c.rationale, cite(c.ref))
                    for c in memo.consensus
                    if c.vendor == vendor
                ),
                numeric=(False, True, False, False),
                widths=(1.9, 0.7, 2.8, 1.9),
            )
        )
    return blocks


def _audit_note(memo: AwardMemo) -> list:
    return [
        Heading(_("The audit trail"), 1),
        Paragraph(
            _(
                "Every declaration, submission, consensus score and the recommendation in this "
                "memo names its record in {org}'s audit trail: the event's number, when it was "
                "written (UTC) and who wrote it. The audit trail is append-only; the History "
                "page of CivicShift shows each event with what it changed."
            ).format(org=memo.organization)
        ),
        Paragraph(
            _("Prepared {date} with CivicShift {v}.").format(
                date=day(memo.prepared_on), v=memo.version
            ),
            "note",
        ),
    ]


def memo_document(memo: AwardMemo) -> Document:
    """The memo as a document of blocks, for ``write_docx`` and ``write_pdf`` alike."""
    title = _("Award recommendation: {title}").format(title=memo.title)
    blocks = (
        _recommendation(memo)
        + _solicitation(memo)
        + _criteria(memo)
        + _panel(memo)
        + _scores(memo)
        + _consensus(memo)
        + ranking_chapter(memo)
        + diligence_chapter(memo)
        + _audit_note(memo)
    )
    facts = [_("Prepared {date}").format(date=day(memo.prepared_on)), memo.initiative]
    if memo.recommended:
        facts.append(_("Recommended for award: {v}").format(v=memo.recommended))
    return Document(
        title=title,
        heading=memo.title,
        kicker=_("Award recommendation"),
        organization=memo.organization,
        facts=tuple(facts),
        blocks=tuple(blocks),
        description=_("Award recommendation memo"),
        generator=f"CivicShift {memo.version}",
        footer=title,
        words={"page": _("page"), "measure": _("Measure"), "value": _("Value")},
    )
