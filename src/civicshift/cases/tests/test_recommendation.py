"""The recommended option and its recorded reason (issue 7): printed in the Word and PDF
documents, required by the service that sets the recommendation, and a warning (not a refusal)
when a later edit of the figures leaves the recommended option without the best NPV.

The NPVs compared are those the settings page compares (``cases.terms.recommendation_check``):
here one option saves $500,000 a year for ten years against a $10,000 fee, far above the issue's
example option (NPV about $0.9 million at the expected amounts), so which one is best is not in
doubt at any rounding.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader
from rest_framework.test import APIClient

from civicshift.api.services import api_token_create
from civicshift.cases import services
from civicshift.cases.models import CaseLine
from civicshift.cases.report import case_report
from civicshift.cases.selectors import case_figures
from civicshift.cases.terms import recommendation_check, recommendation_warning
from civicshift.formats.cases.docx import write_case_docx
from civicshift.formats.cases.pdf import write_case_pdf
from civicshift.formats.cases.tests.test_pdf_tags import Tree

pytestmark = pytest.mark.django_db

REASON = "Keep and patch loses vendor support in 2028.\n\nThe council asked for online permits."
LABEL = "Why this option although another has a higher expected NPV"
WARNING = (
    "The recommended option no longer has the best expected NPV (“Keep and patch” has a "
    "higher one); record why in Settings."
)


def _keep_and_patch(case, editor, saving="500000") -> tuple:
    option = services.option_create(actor=editor, case=case, name="Keep and patch")
    services.line_create(
        actor=editor,
        option=option,
        name="Patch fee",
        kind="cost",
        category="maintenance",
        distribution="point",
        likely=Decimal("10000"),
        first_period=0,
        last_period=0,
    )
    saving_line = services.line_create(
        actor=editor,
        option=option,
        name="Saving",
        kind="benefit",
        category="cashable_savings",
        distribution="point",
        likely=Decimal(saving),
        first_period=1,
        last_period=10,
    )
    return option, saving_line


@pytest.fixture
def two_options(case, editor):
    """(the proposed solution, keep and patch): keep and patch has by far the best NPV."""
    services.business_case_update(actor=editor, case=case, iterations=200)
    best, _line = _keep_and_patch(case, editor)
    proposed = case.options.exclude(pk=best.pk).get()
    return proposed, best


def _documents(case):
    report = case_report(case)
    no_charts = [[] for _option in report.options]
    return write_case_docx(report, no_charts), write_case_pdf(report, no_charts)


def _docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(data)).paragraphs]


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


# 1. The reason in the documents ---------------------------------------------------------------


def test_the_reason_is_printed_in_both_documents_under_a_plain_label(case, editor, two_options):
    proposed, _best = two_options
    services.business_case_update(
        actor=editor, case=case, recommended_option=proposed, recommendation_reason=REASON
    )
    case.refresh_from_db()
    docx, pdf = _documents(case)

    paragraphs = _docx_paragraphs(docx)
    heading = paragraphs.index(("Heading 2", LABEL))
    assert paragraphs[heading + 1][1] == "Keep and patch loses vendor support in 2028."
    assert paragraphs[heading + 2][1] == "The council asked for online permits."
    assert paragraphs.index(("Heading 2", "Options compared")) > heading
    assert not any(WARNING in text for _style, text in paragraphs)  # a reason is recorded

    text = _pdf_text(pdf)
    assert LABEL in text
    assert "Keep and patch loses vendor support in 2028." in text
    tree = Tree(pdf)  # in the structure tree: a heading for the label, a paragraph for the text
    assert (2, LABEL) in tree.headings()
    assert "The council asked for online permits." in [tree.text(p) for p in tree.elements("/P")]


def test_no_reason_no_label(case, editor, two_options):
    _proposed, best = two_options
    services.business_case_update(actor=editor, case=case, recommended_option=best)
    case.refresh_from_db()
    docx, pdf = _documents(case)
    assert not any("Why this option" in text for _s, text in _docx_paragraphs(docx))
    assert "Why this option" not in _pdf_text(pdf)


def test_a_reason_for_the_best_option_is_labelled_without_claiming_another_is_better(
    case, editor, two_options
):
    _proposed, best = two_options
    services.business_case_update(
        actor=editor, case=case, recommended_option=best, recommendation_reason="Least change."
    )
    case.refresh_from_db()
    docx, pdf = _documents(case)
    paragraphs = _docx_paragraphs(docx)
    assert ("Heading 2", "Why this option is recommended") in paragraphs
    assert not any(LABEL in text for _s, text in paragraphs)
    assert "Why this option is recommended Least change." in _pdf_text(pdf)


# 2. Where the reason is required, and where a warning is shown instead ------------------------


def test_the_service_refuses_a_recommendation_without_the_best_npv_and_no_reason(
    case, editor, two_options
):
    proposed, best = two_options
    with pytest.raises(ValidationError) as refused:
        services.business_case_update(actor=editor, case=case, recommended_option=proposed)
    assert list(refused.value.message_dict) == ["recommendation_reason"]
    assert "Keep and patch" in refused.value.message_dict["recommendation_reason"][0]
    case.refresh_from_db()
    assert case.recommended_option_id is None
    # a blank reason is no reason
    with pytest.raises(ValidationError):
        services.business_case_update(
            actor=editor, case=case, recommended_option=proposed, recommendation_reason="  "
        )
    services.business_case_update(actor=editor, case=case, recommended_option=best)
    case.refresh_from_db()
    assert case.recommended_option_id == best.pk


def test_a_settings_change_that_makes_another_option_best_is_refused_without_a_reason(case, editor):
    """A discount rate decides which option is best: two options with the same undiscounted
    total, one paid back early, the other late. At 0% they tie; at 10% the early one wins."""
    services.business_case_update(actor=editor, case=case, iterations=200, discount_rate=0)
    late = case.options.get()
    CaseLine.objects.filter(option=late).delete()
    for name, period in (("Late saving", 10), ("Cost", 0)):
        services.line_create(
            actor=editor,
            option=late,
            name=name,
            kind="benefit" if period else "cost",
            category="cashable_savings" if period else "implementation",
            distribution="point",
            likely=Decimal("100000") if period else Decimal("50000"),
            first_period=period,
            last_period=period,
        )
    early = services.option_create(actor=editor, case=case, name="Early")
    for name, period in (("Early saving", 1), ("Cost", 0)):
        services.line_create(
            actor=editor,
            option=early,
            name=name,
            kind="benefit" if period else "cost",
            category="cashable_savings" if period else "implementation",
            distribution="point",
            likely=Decimal("100000") if period else Decimal("50000"),
            first_period=period,
            last_period=period,
        )
    services.business_case_update(actor=editor, case=case, recommended_option=late)  # a tie
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.business_case_update(actor=editor, case=case, discount_rate=Decimal("0.1"))
    assert list(refused.value.message_dict) == ["recommendation_reason"]
    case.refresh_from_db()
    assert case.discount_rate == 0


def test_a_line_edit_that_makes_another_option_best_is_not_refused_but_warned(client, case, editor):
    services.business_case_update(actor=editor, case=case, iterations=200)
    best, saving = _keep_and_patch(case, editor, saving="1000")  # worse than the proposed one
    proposed = case.options.exclude(pk=best.pk).get()
    services.business_case_update(actor=editor, case=case, recommended_option=proposed)
    case.refresh_from_db()
    assert recommendation_warning(case) == ""

    services.line_update(actor=editor, line=saving, likely=Decimal("500000"))  # not refused
    case.refresh_from_db()
    assert case.recommended_option_id == proposed.pk
    assert recommendation_warning(case) == WARNING
    assert recommendation_warning(case, case_figures(case)) == WARNING  # same rule, same figures

    client.force_login(editor)
    address = reverse("cases:detail", args=[case.organization.slug, case.initiative_id])
    page = client.get(address).content.decode()
    warning = page.split('data-warning="recommendation"', 1)[1].split("</div>", 1)[0]
    assert WARNING in warning
    settings_address = reverse("cases:settings", args=[case.organization.slug, case.initiative_id])
    assert f'href="{settings_address}"' in warning

    docx, pdf = _documents(case)
    assert any(text == WARNING for _s, text in _docx_paragraphs(docx))
    assert WARNING in _pdf_text(pdf)

    # Other saves of the case (the narrative) still work; the settings form asks for the reason.
    services.business_case_update(actor=editor, case=case, strategic_case="Residents wait.")
    with pytest.raises(ValidationError):
        services.business_case_update(actor=editor, case=case, recommended_option=proposed)
    services.business_case_update(actor=editor, case=case, recommendation_reason="Support ends.")
    case.refresh_from_db()
    assert recommendation_warning(case) == ""
    check = recommendation_check(case)
    assert check.needs_reason and check.best_name == "Keep and patch"


def test_the_narrative_page_saves_while_the_warning_stands(client, case, editor):
    services.business_case_update(actor=editor, case=case, iterations=200)
    best, saving = _keep_and_patch(case, editor, saving="1000")
    proposed = case.options.exclude(pk=best.pk).get()
    services.business_case_update(actor=editor, case=case, recommended_option=proposed)
    services.line_update(actor=editor, line=saving, likely=Decimal("500000"))
    case.refresh_from_db()
    client.force_login(editor)
    address = reverse("cases:narrative", args=[case.organization.slug, case.initiative_id])
    data = {
        "strategic_case": "Residents wait 23 days.",
        "economic_case": "",
        "commercial_case": "",
        "financial_case": "",
        "management_case": "",
        "version": case.version,
    }
    response = client.post(address, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.strategic_case == "Residents wait 23 days."


def test_a_line_edit_through_the_api_is_not_refused_and_the_warning_follows(case, editor):
    services.business_case_update(actor=editor, case=case, iterations=200)
    best, saving = _keep_and_patch(case, editor, saving="1000")
    proposed = case.options.exclude(pk=best.pk).get()
    services.business_case_update(actor=editor, case=case, recommended_option=proposed)
    _token, key = api_token_create(actor=editor, name="tests")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    address = reverse(
        "api:case-line-detail",
        kwargs={
            "org_slug": case.organization.slug,
            "case_pk": case.pk,
            "option_pk": best.pk,
            "pk": saving.pk,
        },
    )
    response = api.patch(address, {"likely": "500000"}, format="json")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert recommendation_warning(case) == WARNING


def test_lines_replaced_from_an_uploaded_template_are_not_refused_and_warned(case, editor):
    services.business_case_update(actor=editor, case=case, iterations=200)
    best, _saving = _keep_and_patch(case, editor, saving="1000")
    proposed = case.options.exclude(pk=best.pk).get()
    services.business_case_update(actor=editor, case=case, recommended_option=proposed)
    case.refresh_from_db()
    lines = [
        {
            "name": "Saving",
            "kind": "benefit",
            "category": "cashable_savings",
            "distribution": "point",
            "likely": Decimal("500000"),
            "first_period": 1,
            "last_period": 10,
        }
    ]
    assert services.option_lines_replace(actor=editor, option=best, lines=lines, source="x.xlsx")
    case.refresh_from_db()
    assert case.recommended_option_id == proposed.pk
    assert recommendation_warning(case) == WARNING
