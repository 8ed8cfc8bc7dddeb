"""The record of an evaluation for a public-records request: one ZIP archive.

``write_public_record(evaluation, target, progress=...)`` writes into ``target`` (a binary
file): ``README.txt`` (what is included, what is withheld and why), the evaluation and its
solicitation, milestones, proposals, criteria and weights, the AHP judgments and their
results, the panel, the conflict-of-interest declarations, the submitted scores with their
comments, the consensus with its rationale, the due-diligence answers and reference checks (CSV,
UTF-8 with a byte-order mark so spreadsheet programs read the accents), the score workbook
(``score-sheets.xlsx``), the audit trail of the evaluation's records (``audit-trail.csv``) and
the proposal documents themselves under ``documents/<vendor>/``.

What is never in it: a score that was not submitted, nor the audit events of an evaluator's
drafting before they submitted (only the submitted values and the changes made after
submission, each with its reason); e-mail addresses (people are named as other members see them,
``accounts.people.person_name``). Evaluators' personal notes are left out — also from the
audit trail — when the evaluation says so (``withhold_personal_notes``).

Memory stays bounded: the documents are read from the database one at a time and copied into
the archive in chunks; the archive itself is written to ``target`` (the job uses a temporary
file). Names inside the archive come from ``formats.vendors.archive`` (no path traversal, no
duplicates). The audit trail's selection and the CSV cells are in ``public_record_audit``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

import civicshift
from civicshift.accounts.people import person_name
from civicshift.formats.vendors.archive import UniqueNames, safe_part
from civicshift.formats.vendors.score_workbook import write_score_workbook

from . import selectors
from .diligence import diligence_data, review
from .models import (
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    DiligenceAnswer,
    Evaluation,
    Judgment,
    Milestone,
    PanelMember,
    Proposal,
    ProposalDocument,
    ReferenceCheck,
    Score,
)
from .public_record_audit import audit_csv, audit_events, csv_bytes, when
from .score_book import score_book

CHUNK = 1 << 20  # documents are copied into the archive a megabyte at a time


def _evaluation_rows(evaluation: Evaluation) -> list[tuple[str, object]]:
    coop = evaluation.cooperative_contract
    awarded = evaluation.awarded_proposal
    return [
        (_("Organization"), evaluation.organization.name),
        (_("Initiative"), evaluation.initiative.title),
        (_("Title"), evaluation.title),
        (_("How the purchase is made"), evaluation.get_solicitation_display()),
        (_("Cooperative contract"), f"{coop} ({coop.vendor.name})" if coop else ""),
        (_("Written justification"), evaluation.justification),
        (_("How weights are set"), evaluation.get_weight_method_display()),
        (_("Random-index table (AHP)"), evaluation.random_index),
        (_("Points for price"), evaluation.price_points),
        (_("Proposals opened to the panel"), when(evaluation.proposals_opened_at)),
        (_("Recommended for award"), awarded.vendor.name if awarded else ""),
        (
            _("Evaluators' personal notes"),
            _("withheld") if evaluation.withhold_personal_notes else _("included"),
        ),
        (_("Created"), when(evaluation.created_at)),
    ]


class _Archive:
    def __init__(self, target) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.names = UniqueNames()
        self.listing: list[tuple[str, str]] = []  # (member name, what it is)

    def add(self, folder: str, name: str, content: bytes, what: str) -> str:
        member = self.names.add(folder, name)
        self.zip.writestr(member, content)
        self.listing.append((member, what))
        return member

    def add_stream(self, folder: str, name: str, chunks: Iterable[bytes], what: str) -> str:
        member = self.names.add(folder, name)
        with self.zip.open(member, "w", force_zip64=True) as out:
            for chunk in chunks:
                out.write(chunk)
        self.listing.append((member, what))
        return member


def _document_chunks(document_pk: int) -> Iterable[bytes]:
    """One document's bytes, read alone (not with the others) and handed out in chunks."""
    content = ProposalDocument.objects.filter(pk=document_pk).values_list("content", flat=True)[0]
    view = memoryview(content)
    for start in range(0, len(view), CHUNK):
        yield bytes(view[start : start + CHUNK])


def _readme(evaluation: Evaluation, listing, counts: dict[str, int]) -> bytes:
    withheld = evaluation.withhold_personal_notes
    lines = [
        _("Public record of the vendor evaluation “%(title)s”") % {"title": evaluation.title},
        _("%(org)s — prepared by CivicShift %(v)s on %(when)s.")
        % {
            "org": evaluation.organization.name,
            "v": civicshift.__version__,
            "when": when(timezone.now()),
        },
        "",
        _("WHAT IS INCLUDED"),
        "",
    ]
    lines += [f"  {name}: {what}" for name, what in listing]
    lines += [
        "",
        _("WHAT IS WITHHELD, AND WHY"),
        "",
        _(
            "  - Scores an evaluator had not submitted (%(n)d): they are drafts, not part of "
            "the evaluation, and scoring is blind until each evaluator submits. For the same "
            "reason the audit trail leaves out the changes evaluators made to their own scores "
            "before submitting; it keeps every change made after submission, with its reason."
        )
        % {"n": counts["unsubmitted"]},
    ]
    if withheld:
        lines.append(
            _(
                "  - Evaluators' personal notes (%(n)d): notes an evaluator keeps for "
                "themselves, which the organization marked to be left out of public-records "
                "exports (the evaluation's setting “leave evaluators' personal notes out”). They "
                "are left out of the score lists, the score workbook and the audit trail."
            )
            % {"n": counts["notes"]}
        )
    else:
        lines.append(
            _(
                "  - Nothing of the evaluators' personal notes: the organization chose to "
                "include them (the evaluation's setting “leave evaluators' personal notes out” "
                "is off)."
            )
        )
    lines += [
        _("  - E-mail addresses of the organization's members: people are named by their names."),
        _(
            "  - The history of records deleted before this export (a deleted document or "
            "criterion): the organization's full history page keeps it."
        ),
        "",
        _(
            "Review this record with your records officer and counsel before releasing it: "
            "your state's public-records law may require other redactions (for example trade "
            "secrets a vendor marked in its proposal)."
        ),
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")


def write_public_record(
    evaluation: Evaluation,
    target,
    *,
    actor,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, int]:
    """Write the archive into ``target`` for ``actor`` (an editor, checked by the caller);
    returns counts (documents, scores, what was left out)."""
    report = progress or (lambda fraction, sentence: None)
    archive = _Archive(target)
    organization = evaluation.organization
    members = list(
        PanelMember.objects.for_org(organization)
        .filter(evaluation=evaluation)
        .select_related("user")
    )
    names = {m.pk: person_name(m.user) for m in members}
    proposals = list(
        Proposal.objects.for_org(organization)
        .filter(evaluation=evaluation)
        .select_related("vendor")
    )
    vendor_of = {p.pk: p.vendor.name for p in proposals}
    tree = list(Criterion.objects.for_org(organization).filter(evaluation=evaluation))
    criterion_names = {c.pk: c.name for c in tree}
    shares = {n["criterion"].pk: n["global"] for n in _flatten(selectors.criteria_tree(evaluation))}
    report(0.05, _("Writing the evaluation, its criteria and its panel."))

    archive.add(
        "",
        "evaluation.csv",
        csv_bytes([_("Field"), _("Value")], _evaluation_rows(evaluation)),
        _("the evaluation and its solicitation"),
    )
    archive.add(
        "",
        "milestones.csv",
        csv_bytes(
            [_("Milestone"), _("Date")],
            (
                (m.get_kind_display(), m.date.isoformat())
                for m in Milestone.objects.for_org(organization).filter(evaluation=evaluation)
            ),
        ),
        _("the milestones of the solicitation"),
    )
    archive.add(
        "",
        "proposals.csv",
        csv_bytes(
            [_("Vendor"), _("Price"), _("One-time costs"), _("Yearly costs"), _("Received"),
             _("Notes")],
            (
                (p.vendor.name, p.price, p.one_time_cost, p.annual_cost,
                 p.received_on.isoformat() if p.received_on else "", p.notes)
                for p in proposals
            ),
        ),
        _("the proposals received"),
    )  # fmt: skip
    archive.add(
        "",
        "criteria.csv",
        csv_bytes(
            [
                _("Criterion"), _("Part of"), _("What it means"), _("Weight in its group (%)"),
                _("Share of the whole (%)"), _("What a 1 looks like"), _("What a 3 looks like"),
                _("What a 5 looks like"),
            ],
            (
                (c.name, criterion_names.get(c.parent_id, ""), c.description, c.weight,
                 round(shares.get(c.pk, 0) * 100, 4), c.anchor_low, c.anchor_mid, c.anchor_high)
                for c in tree
            ),
        ),
        _("the criteria tree, the anchored scale and the weights"),
    )  # fmt: skip
    judgments = Judgment.objects.for_org(organization).filter(member__evaluation=evaluation)
    archive.add(
        "",
        "ahp-judgments.csv",
        csv_bytes(
            [_("Evaluator"), _("First criterion"), _("Second criterion"), _("Times as important")],
            (
                (names[j.member_id], criterion_names[j.first_id], criterion_names[j.second_id],
                 j.value)
                for j in judgments.order_by("member_id", "pk")
            ),
        ),
        _("each evaluator's pairwise comparisons of the criteria (AHP, Saaty's 1–9 scale)"),
    )  # fmt: skip
    archive.add(
        "", "ahp-weights.csv", _ahp_weights_csv(evaluation), _("the weights derived by AHP")
    )
    archive.add(
        "",
        "panel.csv",
        csv_bytes(
            [_("Evaluator"), _("Conflicts declared"), _("Scores submitted")],
            ((names[m.pk], when(m.declared_at), when(m.submitted_at)) for m in members),
        ),
        _("the evaluation panel"),
    )
    declarations = ConflictDeclaration.objects.for_org(organization).filter(
        member__evaluation=evaluation
    )
    archive.add(
        "",
        "conflict-declarations.csv",
        csv_bytes(
            [_("Evaluator"), _("Vendor"), _("Conflict of interest"), _("Explanation")],
            (
                (names[d.member_id], d.vendor.name, _("yes") if d.has_conflict else _("no"),
                 d.explanation)
                for d in declarations.select_related("vendor").order_by("member_id", "pk")
            ),
        ),
        _("each evaluator's conflict-of-interest declaration for each vendor"),
    )  # fmt: skip

    report(0.2, _("Writing the submitted scores and the consensus."))
    withheld = evaluation.withhold_personal_notes
    scores = Score.objects.for_org(organization).filter(member__evaluation=evaluation)
    # The blind-scoring rule's own selector, then submitted only (an editor on the panel
    # would otherwise see their own drafts).
    submitted = selectors.visible_scores(evaluation, actor).filter(
        member__submitted_at__isnull=False
    )
    headers = [_("Evaluator"), _("Vendor"), _("Criterion"), _("Score (1–5)"), _("Comment")]
    if not withheld:
        headers.append(_("Personal note"))
    archive.add(
        "",
        "scores.csv",
        csv_bytes(
            headers,
            (
                [names[s.member_id], vendor_of[s.proposal_id], criterion_names[s.criterion_id],
                 s.value, s.comment] + ([] if withheld else [s.personal_note])
                for s in submitted.order_by("member_id", "proposal_id", "criterion_id")
            ),
        ),
        _("the submitted scores with their comments"),
    )  # fmt: skip
    archive.add(
        "",
        "consensus.csv",
        csv_bytes(
            [_("Vendor"), _("Criterion"), _("Consensus score"), _("Rationale")],
            (
                (vendor_of[c.proposal_id], criterion_names[c.criterion_id], c.value, c.rationale)
                for c in ConsensusScore.objects.for_org(organization)
                .filter(proposal__evaluation=evaluation)
                .order_by("proposal_id", "criterion_id")
            ),
        ),
        _("the consensus scores with the panel's rationale"),
    )
    archive.add(
        "",
        "score-sheets.xlsx",
        write_score_workbook(score_book(evaluation, actor, public=True)),
        _("the score workbook: one sheet per evaluator, the consensus and the totals (live "
          "formulas)"),
    )  # fmt: skip

    report(0.3, _("Writing the due diligence."))
    archive.add(
        "", "due-diligence.csv", _diligence_table(proposals), _("the due-diligence answers")
    )
    questions = {q["id"]: q["question"] for q in diligence_data()["reference_questions"]}
    archive.add(
        "",
        "reference-checks.csv",
        csv_bytes(
            [_("Vendor"), _("Customer called"), _("Person spoken to"), _("Date"), _("Answers"),
             _("Summary")],
            (
                (vendor_of[r.proposal_id], r.customer, r.contact,
                 r.checked_on.isoformat() if r.checked_on else "",
                 "\n".join(f"{questions.get(k, k)} {v}" for k, v in (r.answers or {}).items()),
                 r.summary)
                for r in ReferenceCheck.objects.for_org(organization)
                .filter(proposal__evaluation=evaluation).order_by("proposal_id", "pk")
            ),
        ),
        _("the reference checks"),
    )  # fmt: skip

    documents = list(
        ProposalDocument.objects.for_org(organization)
        .filter(proposal__evaluation=evaluation)
        .order_by("proposal__vendor__name", "filename", "pk")
        .values_list("pk", "proposal_id", "filename")
    )
    for index, (pk, proposal_id, filename) in enumerate(documents):
        report(
            0.35 + 0.5 * index / max(len(documents), 1),
            _("Copying document %(i)d of %(n)d.") % {"i": index + 1, "n": len(documents)},
        )
        folder = "documents/" + safe_part(slugify(vendor_of[proposal_id]) or "vendor", "vendor")
        archive.add_stream(
            folder,
            filename,
            _document_chunks(pk),
            _("a document of %(vendor)s's proposal, as uploaded as “%(name)s”")
            % {"vendor": vendor_of[proposal_id], "name": filename},
        )

    report(0.9, _("Writing the audit trail."))
    events = audit_events(evaluation, members)
    archive.add("", "audit-trail.csv", audit_csv(evaluation, events), _("the audit trail of "
                "the evaluation's records: who changed what, when, and why"))  # fmt: skip
    counts = {
        "documents": len(documents),
        "scores": submitted.count(),
        "unsubmitted": scores.filter(member__submitted_at__isnull=True).count(),
        "notes": submitted.exclude(personal_note="").count() if withheld else 0,
        "events": len(events),
    }
    archive.zip.writestr("README.txt", _readme(evaluation, archive.listing, counts))
    archive.zip.close()
    return counts


def _flatten(nodes):
    for node in nodes:
        yield node
        yield from _flatten(node["children"])


def _ahp_weights_csv(evaluation: Evaluation) -> bytes:
    rows = []
    for group in selectors.ahp_groups(evaluation):
        label = group.parent.name if group.parent else _("Main criteria")
        r = group.result
        for criterion, weight in group.weights:
            rows.append(
                (label, criterion.name, round(weight, 6), group.evaluators,
                 round(r.lambda_max, 6), round(r.ci, 6),
                 "" if r.cr is None else round(r.cr, 6),
                 f"{group.table.title} ({group.table.source})")
            )  # fmt: skip
    return csv_bytes(
        [_("Group"), _("Criterion"), _("AHP weight"), _("Evaluators combined"), _("λmax"),
         _("CI"), _("CR"), _("Random-index table")],
        rows,
    )  # fmt: skip


def _diligence_table(proposals) -> bytes:
    answers = DiligenceAnswer.objects.filter(proposal__in=proposals)
    by_proposal: dict[int, list] = {}
    for a in answers:
        by_proposal.setdefault(a.proposal_id, []).append(a)
    rows = []
    for p in proposals:
        for checklist, items in review(p, by_proposal.get(p.pk, [])).items():
            for row in items:
                a = row["answer"]
                rows.append(
                    (p.vendor.name, checklist, row["item"]["id"], row["item"]["question"],
                     row["value"], a.value if a else "", a.evidence if a else "",
                     _("yes") if row["red_flag"] else "")
                )  # fmt: skip
    return csv_bytes(
        [_("Vendor"), _("List"), _("Item"), _("Question"), _("Answer"), _("Stated value"),
         _("Evidence"), _("Red flag")],
        rows,
    )  # fmt: skip


def public_record_filename(evaluation: Evaluation) -> str:
    stem = slugify(evaluation.title)[:60] or "evaluation"
    return f"{stem}-public-record.zip"
