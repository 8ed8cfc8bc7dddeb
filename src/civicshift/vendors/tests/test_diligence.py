"""Due diligence: the versioned lists, red flags, refusals naming the item, reference checks."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services_panel
from civicshift.vendors.diligence import diligence_data, review

from .factories import make_proposal

pytestmark = pytest.mark.django_db


# CISA, "Cross-Sector Cybersecurity Performance Goals", version 2.0, December 2025
# (CPG_Report_2.0_508c.pdf): the goal headings the questionnaire cites, id -> title, as the
# report's goal pages give them (in capitals there).
CPG_V2 = {
    "1.D": "Supply Chain Incident Reporting & Vulnerability Disclosure",
    "1.E": "Manage Risks from Managed Service Providers",
    "2.B": "Mitigate Known Vulnerabilities",
    "3.F": "Implement Multifactor Authentication (MFA)",
    "3.O": "Maintain System Backups & Restoration Ability",
    "3.Q": "Maintain Log Collection & Storage",
}
# Version 1.0.1 (March 2023 update), CISA_CPG_REPORT_v1.0.1_FINAL.pdf, pages 8-20: the same
# goals' ids there, for readers of policies written against it.
CPG_V101 = {
    "1.E": "Mitigating Known Vulnerabilities",
    "1.G": "Supply Chain Incident Reporting",
    "1.I": "Vendor/Supplier Cybersecurity Requirements",
    "2.H": "Phishing-Resistant Multifactor Authentication (MFA)",
    "2.R": "System Backups",
    "2.T": "Log Collection",
    "2.U": "Secure Log Storage",
}


def _ids(text):
    return [part.strip() for part in text.split(",") if part.strip()]


def test_the_security_items_cite_cpg_2_0_goals_with_their_1_0_1_ids():
    data = diligence_data()
    assert "version 2.0" in data["security"]["source"]
    cited = 0
    for item in data["security"]["items"]:
        ids = _ids(item["cpg"])
        assert [CPG_V2[i] for i in ids] == ([item["cpg_title"]] if ids else []), item["id"]
        assert all(i in CPG_V101 for i in _ids(item["cpg_v1"])), item["id"]
        assert bool(ids) == bool(_ids(item["cpg_v1"])), item["id"]
        cited += len(ids)
    assert cited == 6  # every item but where the data are kept, which has no goal
    by_item = {i["id"]: (i["cpg"], i["cpg_v1"]) for i in data["security"]["items"]}
    # A vendor's duty to tell the city of an incident is the supply-chain goal.
    assert by_item["incident_notice"] == ("1.D", "1.G")
    assert by_item["logging"] == ("3.Q", "2.T, 2.U")


def test_the_lists_are_versioned_and_cover_the_issues_items():
    data = diligence_data()
    assert data["id"] == "vendors-diligence" and data["version"]
    security = {i["id"] for i in data["security"]["items"]}
    assert security == {
        "mfa",
        "logging",
        "patching",
        "backups",
        "incident_notice",
        "data_location",
        "subprocessors",
    }
    contract = {i["id"] for i in data["contract"]["items"]}
    assert {
        "data_ownership",
        "exit_assistance",
        "breach_hours",
        "accessibility",
        "sla",
        "escalator_cap",
        "insurance",
        "public_records",
        "data_residency",
        "audit_rights",
    } == contract
    assert "Cross-Sector Cybersecurity Performance Goals" in data["security"]["source"]


def test_red_flags_follow_the_answers_and_the_page_saves_them():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    proposal = make_proposal(org, editor)
    rows = review(proposal, [])["security"]
    # Nothing answered: only "data location unknown" is a red flag by the file's rule.
    assert [r["item"]["id"] for r in rows if r["red_flag"]] == ["data_location"]
    client = Client()
    client.force_login(editor)
    url = reverse("vendors:diligence", args=[org.slug, proposal.evaluation_id, proposal.pk])
    response = client.post(
        url,
        {
            "checklist": "security",
            "a-security-mfa": "no",
            "e-security-mfa": "Admins use passwords only (questionnaire p. 4).",
            "a-security-incident_notice": "yes",
            "v-security-incident_notice": "72",
        },
    )
    assert response.status_code == 302
    rows = review(proposal, proposal.diligence.all())["security"]
    flags = [r["item"]["id"] for r in rows if r["red_flag"]]
    assert flags == ["mfa", "data_location"]
    page = client.get(url).content.decode()
    assert "Red flag:" in page and "questionnaire p. 4" in page
    notice = proposal.diligence.get(item="incident_notice")
    assert notice.value == "72"


def test_unknown_items_and_answers_are_refused_naming_them():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    proposal = make_proposal(org, editor)
    with pytest.raises(ValidationError, match="quantum"):
        services_panel.diligence_set(
            actor=editor, proposal=proposal, checklist="security", item="quantum", answer="yes"
        )
    with pytest.raises(ValidationError, match="Answer yes"):
        services_panel.diligence_set(
            actor=editor, proposal=proposal, checklist="security", item="mfa", answer="maybe"
        )
    with pytest.raises(ValidationError, match="Name the town"):
        services_panel.reference_check_create(actor=editor, proposal=proposal, customer=" ")


def test_an_answer_takes_one_of_the_proposals_own_documents_as_its_evidence_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from civicshift.vendors import services
    from civicshift.vendors.models import DiligenceAnswer

    org = make_org()
    editor = make_member(org, Role.EDITOR)
    proposal = make_proposal(org, editor)
    other = make_proposal(org, editor, evaluation=proposal.evaluation)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    report = services.document_upload(
        actor=editor, proposal=proposal, upload=SimpleUploadedFile("soc2-2025.pdf", pdf)
    )
    theirs = services.document_upload(
        actor=editor, proposal=other, upload=SimpleUploadedFile("other.pdf", pdf)
    )
    client = Client()
    client.force_login(editor)
    url = reverse("vendors:diligence", args=[org.slug, proposal.evaluation_id, proposal.pk])
    page = client.get(url)
    assert b"soc2-2025.pdf" in page.content and b"other.pdf" not in page.content
    response = client.post(
        url,
        {"checklist": "security", "a-security-mfa": "yes", "d-security-mfa": str(report.pk)},
    )
    assert response.status_code == 302
    answer = DiligenceAnswer.objects.get(proposal=proposal, item="mfa")
    assert answer.evidence_document == report
    assert b"Open the evidence file" in client.get(url).content
    # Another proposal's document is refused, naming the question, and nothing changes.
    response = client.post(
        url,
        {"checklist": "security", "a-security-mfa": "no", "d-security-mfa": str(theirs.pk)},
    )
    assert response.status_code == 400 and b"multifactor" in response.content
    answer.refresh_from_db()
    assert answer.answer == "yes" and answer.evidence_document == report
    with pytest.raises(ValidationError, match="own documents"):
        services_panel.diligence_set(
            actor=editor,
            proposal=proposal,
            checklist="security",
            item="mfa",
            answer="yes",
            evidence_document=theirs,
        )
