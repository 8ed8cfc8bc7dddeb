"""The recommendation's reason and warning as the writers print them (no Django): the label says
which figures another option beats the recommended one at, and nothing is printed without a
reason (or, for the warning, with one)."""

from __future__ import annotations

import dataclasses

from civicshift.core.cases import summarize
from civicshift.formats.cases.report import option_report
from civicshift.formats.cases.report_text import (
    executive_summary,
    recommendation_note,
    recommendation_warning,
)
from civicshift.formats.cases.tests.test_documents import build_report, issue_case


def test_no_reason_no_note_and_no_warning_when_the_recommended_option_is_best():
    report = build_report()  # "SaaS product" recommended, no other option is better
    assert recommendation_note(report) is None
    assert recommendation_warning(report) == ""


def test_the_reason_is_labelled_at_the_figures_the_report_leads_with():
    # build_report's options carry no core summary: their figures are those at the likely
    # amounts, so the label says so.
    report = dataclasses.replace(
        build_report(),
        recommendation_reason="Archive is cheaper.\r\n\r\nBut unsupported.",
        better_option="Archive",
    )
    note = recommendation_note(report)
    assert note.title == "Why this option although another has a higher NPV at the likely amounts"
    assert note.paragraphs == ("Archive is cheaper.", "But unsupported.")
    assert recommendation_warning(report) == ""


def test_a_report_leading_with_expected_figures_says_expected():
    case = dataclasses.replace(issue_case(), lead="expected")
    summary = summarize(case)
    assert summary.lead.at == "expected"
    option = option_report("SaaS product", case, summary.likely, summary=summary, recommended=True)
    report = dataclasses.replace(
        build_report(), options=(option,), recommendation_reason="Risk.", better_option="Archive"
    )
    assert recommendation_note(report).title == (
        "Why this option although another has a higher expected NPV"
    )
    no_reason = dataclasses.replace(report, recommendation_reason="")
    assert recommendation_warning(no_reason).startswith(
        "The recommended option no longer has the best expected NPV (“Archive”"
    )


def test_without_a_reason_the_summary_warns_after_the_recommendation():
    report = dataclasses.replace(build_report(), better_option="Archive")
    warning = recommendation_warning(report)
    assert warning == (
        "The recommended option no longer has the best NPV at the likely amounts (“Archive” "
        "has a higher one); record why in Settings."
    )
    paragraphs = executive_summary(report)
    at = paragraphs.index("Recommended option: SaaS product.")
    assert paragraphs[at + 2] == warning
    assert recommendation_note(report) is None


def test_nothing_is_said_without_a_recommended_option():
    report = build_report()
    options = tuple(dataclasses.replace(o, recommended=False) for o in report.options)
    report = dataclasses.replace(
        report, options=options, recommendation_reason="x", better_option="Archive"
    )
    assert recommendation_note(report) is None
    assert recommendation_warning(report) == ""
