"""An evaluation's rules: how you buy (justifications), milestones into the plan (confirm
step, idempotent), proposal documents through the safety checks, the starter criteria, typed
weights summing to 100 % per group, and AHP weights with the consistency warning."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from civicshift.core.decision import ahp, pairwise_matrix
from civicshift.formats.tests.hostile import write_zip_bomb
from civicshift.orgs.roles import Role
from civicshift.plans.models import PlanTask
from civicshift.plans.tests.factories import make_plan
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import selectors, services, services_panel
from civicshift.vendors.models import Criterion, ProposalDocument
from civicshift.vendors.starter import starter_criteria

from .factories import make_criterion, make_evaluation, make_initiative, make_item, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    org = make_org()
    return {"org": org, "editor": make_member(org, Role.EDITOR)}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_sole_source_needs_a_written_justification(town):
    initiative = make_initiative(town["org"], town["editor"])
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(
            actor=town["editor"], initiative=initiative, title="Sole", solicitation="sole_source"
        )
    assert "justification" in exc.value.message_dict
    made = services.evaluation_create(
        actor=town["editor"],
        initiative=initiative,
        title="Sole",
        solicitation="sole_source",
        justification="Only the original vendor can extend its proprietary permitting code.",
    )
    assert made.solicitation == "sole_source"


def test_a_cooperative_purchase_names_the_contract_and_its_justification(town):
    org, editor = town["org"], town["editor"]
    initiative = make_initiative(org, editor)
    contract = make_item(org, editor, "contract")
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(
            actor=editor, initiative=initiative, title="Coop", solicitation="cooperative"
        )
    assert "cooperative_contract" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(
            actor=editor,
            initiative=initiative,
            title="Coop",
            solicitation="cooperative",
            cooperative_contract=contract,
        )
    assert "justification" in exc.value.message_dict
    other = make_org()
    foreign = make_item(other, make_member(other, Role.EDITOR), "contract")
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(
            actor=editor,
            initiative=initiative,
            title="Coop",
            solicitation="cooperative",
            cooperative_contract=foreign,
            justification="Competed by NASPO.",
        )
    assert "cooperative_contract" in exc.value.message_dict


def test_a_milestone_becomes_one_plan_task_however_often_it_is_confirmed(town):
    org, editor = town["org"], town["editor"]
    evaluation = make_evaluation(org, editor)
    milestone = services.milestone_set(
        actor=editor, evaluation=evaluation, kind="proposals", date=date(2027, 3, 1)
    )
    with pytest.raises(ValidationError, match="no plan yet"):
        services.milestone_to_task(actor=editor, milestone=milestone)
    plan = make_plan(org, editor, initiative=evaluation.initiative)
    client = client_for(editor)
    url = reverse("vendors:milestone_task", args=[org.slug, evaluation.pk, milestone.pk])
    preview = client.get(url).content.decode()
    assert f"{evaluation.title}: Proposals due" in preview
    assert PlanTask.objects.filter(plan=plan).count() == 0  # shown before it is added
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    tasks = PlanTask.objects.filter(plan=plan)
    assert tasks.count() == 1
    task = tasks.get()
    assert task.milestone and task.constraint == "MSO"
    assert task.constraint_date.date() == date(2027, 3, 1)
    # Moving the date and confirming again moves the task, still one.
    milestone = services.milestone_set(
        actor=editor, evaluation=evaluation, kind="proposals", date=date(2027, 3, 8)
    )
    client.post(url)
    assert PlanTask.objects.filter(plan=plan).get().constraint_date.date() == date(2027, 3, 8)


def test_documents_are_checked_and_a_bomb_is_refused_naming_the_file(town, tmp_path):
    org, editor = town["org"], town["editor"]
    proposal = make_proposal(org, editor)
    url = reverse("vendors:document_upload", args=[org.slug, proposal.evaluation_id, proposal.pk])
    client = client_for(editor)
    bomb = write_zip_bomb(tmp_path / "pricing.xlsx").read_bytes()
    response = client.post(url, {"file": SimpleUploadedFile("pricing.xlsx", bomb)})
    assert response.status_code == 200
    assert "pricing.xlsx" in str(response.context["form"].errors["file"])
    response = client.post(url, {"file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00binary")})
    assert "tool.exe" in str(response.context["form"].errors["file"])
    assert "not a PDF" in str(response.context["form"].errors["file"])
    assert not ProposalDocument.objects.exists()

    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
    assert client.post(url, {"file": SimpleUploadedFile("proposal.pdf", pdf)}).status_code == 302
    document = ProposalDocument.objects.get()
    assert (document.content_type, document.size) == ("application/pdf", len(pdf))
    download = client.get(
        reverse("vendors:document_download", args=[org.slug, proposal.evaluation_id, document.pk])
    )
    assert download.content == pdf and download["Content-Type"] == "application/pdf"


def test_a_document_over_the_size_limit_is_refused(town, monkeypatch):
    proposal = make_proposal(town["org"], town["editor"])
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError) as exc:
        services.document_upload(
            actor=town["editor"],
            proposal=proposal,
            upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20),
        )
    assert "big.pdf" in str(exc.value.message_dict["file"])


def test_the_starter_set_loads_once_from_the_versioned_file(town):
    org, editor = town["org"], town["editor"]
    data = starter_criteria()
    assert data["id"] == "vendors-starter-criteria" and data["version"]
    evaluation = make_evaluation(org, editor)
    made = services.criteria_load_starter(actor=editor, evaluation=evaluation)
    top = [c for c in made if c.parent_id is None]
    assert [c.name for c in top][:3] == [
        "Functional fit",
        "Technical and security",
        "Implementation approach",
    ]
    assert sum(c.weight for c in top) == 100
    fit = top[0]
    assert fit.anchor_low and fit.anchor_mid and fit.anchor_high
    assert sum(c.weight for c in fit.children.all()) == 100
    with pytest.raises(ValidationError, match="already has criteria"):
        services.criteria_load_starter(actor=editor, evaluation=evaluation)
    assert Criterion.objects.filter(evaluation=evaluation).count() == len(made)


def test_typed_weights_must_sum_to_100_per_group_naming_the_group(town):
    org, editor = town["org"], town["editor"]
    evaluation = make_evaluation(org, editor)
    fit = make_criterion(org, editor, evaluation, name="Functional fit")
    cost = make_criterion(org, editor, evaluation, name="Cost")
    a = make_criterion(org, editor, evaluation, name="Payroll", parent=fit)
    b = make_criterion(org, editor, evaluation, name="Ledger", parent=fit)
    with pytest.raises(ValidationError, match="the main criteria add up to 90 %"):
        services.weights_set_typed(
            actor=editor,
            evaluation=evaluation,
            parent=None,
            weights={fit: Decimal(60), cost: Decimal(30)},
        )
    with pytest.raises(ValidationError, match="the parts of “Functional fit” add up to 110 %"):
        services.weights_set_typed(
            actor=editor,
            evaluation=evaluation,
            parent=fit,
            weights={a: Decimal(60), b: Decimal(50)},
        )
    services.weights_set_typed(
        actor=editor, evaluation=evaluation, parent=fit, weights={a: Decimal(60), b: Decimal(40)}
    )
    services.weights_set_typed(
        actor=editor,
        evaluation=evaluation,
        parent=None,
        weights={fit: Decimal(70), cost: Decimal(30)},
    )
    tree = selectors.criteria_tree(evaluation)
    shares = {leaf["criterion"].name: round(leaf["global"], 6) for leaf in selectors.leaves(tree)}
    # Hand calculation: 0.70 × 0.60 = 0.42, 0.70 × 0.40 = 0.28, cost 0.30.
    assert shares == {"Payroll": 0.42, "Ledger": 0.28, "Cost": 0.3}
    # The page refuses a bad total with the group named, and saves nothing.
    response = client_for(editor).post(
        reverse("vendors:weights", args=[org.slug, evaluation.pk]),
        {"group": "top", f"w{fit.pk}": "50", f"w{cost.pk}": "10"},
    )
    assert response.status_code == 400
    assert "the main criteria add up to 60 %" in response.content.decode()
    fit.refresh_from_db()
    assert fit.weight == 70


def _ahp_evaluation(org, editor, judgments):
    evaluation = make_evaluation(org, editor, weight_method="ahp")
    names = ["Functional fit", "Security", "Cost"]
    criteria = {n: make_criterion(org, editor, evaluation, name=n) for n in names}
    member = services_panel.panel_member_add(actor=editor, evaluation=evaluation, user=editor)
    for a, b, v in judgments:
        services_panel.judgment_set(
            actor=editor, member=member, first=criteria[a], second=criteria[b], value=v
        )
    return evaluation, criteria, member


def test_the_ahp_page_warns_above_cr_010_naming_the_judgment_most_at_odds(town):
    org, editor = town["org"], town["editor"]
    # Circular judgments: fit > security > cost, yet cost > fit. Inconsistent on purpose.
    judgments = [
        ("Functional fit", "Security", "5"),
        ("Security", "Cost", "5"),
        ("Functional fit", "Cost", "1/5"),
    ]
    evaluation, criteria, _member = _ahp_evaluation(org, editor, judgments)
    expected = ahp(
        pairwise_matrix(list(criteria), [(a, b, v) for a, b, v in judgments]),
        random_index="saaty-1980",
    )
    assert expected.cr > 0.10
    page = client_for(editor).get(reverse("vendors:weights", args=[org.slug, evaluation.pk]))
    text = page.content.decode()
    assert "The judgments contradict each other" in text
    assert f"{expected.cr:.3f}" in text
    worst = expected.most_inconsistent
    names = list(criteria)
    assert f"“{names[worst.row]}” against “{names[worst.col]}”" in text
    assert "Saaty (1980)" in text and "European Journal of Operational" in text
    assert f"{expected.lambda_max:.4f}" in text


def test_consistent_judgments_give_saatys_weights_without_a_warning(town):
    org, editor = town["org"], town["editor"]
    # Perfectly consistent: fit = 2 × security = 4 × cost, so weights 4/7, 2/7, 1/7.
    evaluation, _criteria, _member = _ahp_evaluation(
        org,
        editor,
        [
            ("Functional fit", "Security", "2"),
            ("Security", "Cost", "2"),
            ("Functional fit", "Cost", "4"),
        ],
    )
    (group,) = selectors.ahp_groups(evaluation)
    weights = [round(w, 6) for _c, w in group.weights]
    assert weights == [round(4 / 7, 6), round(2 / 7, 6), round(1 / 7, 6)]
    assert abs(group.result.lambda_max - 3) < 1e-9 and not group.warn
    text = (
        client_for(editor)
        .get(reverse("vendors:weights", args=[org.slug, evaluation.pk]))
        .content.decode()
    )
    assert "contradict" not in text


def test_the_ahp_weights_become_the_criteria_weights_the_ranking_uses(town):
    from civicshift.audit.models import AuditEvent
    from civicshift.vendors.selectors import percents

    org, editor = town["org"], town["editor"]
    # Consistent judgments: fit = 2 × security = 4 × cost, so weights 4/7, 2/7, 1/7 =
    # 57.142857…, 28.571428…, 14.285714… %. To hundredths: 57.14 + 28.57 + 14.28 = 99.99, and
    # the hundredth left over goes to the largest remainder (14.2857 - 14.28 = 0.0057 beats
    # 0.0028 and 0.0014): 57.14, 28.57, 14.29, adding up to exactly 100.
    evaluation, criteria, _member = _ahp_evaluation(
        org,
        editor,
        [
            ("Functional fit", "Security", "2"),
            ("Security", "Cost", "2"),
            ("Functional fit", "Cost", "4"),
        ],
    )
    url = reverse("vendors:weights", args=[org.slug, evaluation.pk])
    client = client_for(editor)
    assert "does not use these weights yet" in client.get(url).content.decode()
    response = client.post(url, {"apply": "ahp"})
    assert response.status_code == 302
    stored = [c.weight for c in Criterion.objects.filter(evaluation=evaluation).order_by("pk")]
    assert stored == [Decimal("57.14"), Decimal("28.57"), Decimal("14.29")]
    assert AuditEvent.objects.filter(
        organization=org, action="update", object_pk=str(criteria["Cost"].pk)
    ).exists()
    (group,) = selectors.ahp_groups(evaluation)
    assert group.applied
    assert "The ranking uses these weights." in client.get(url).content.decode()
    # The largest-remainder rounding always adds up to 100.00 (here on thirds: 33.34 + 33.33
    # + 33.33).
    assert percents([1 / 3, 1 / 3, 1 / 3]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    # A viewer cannot; a typed evaluation is refused by the service.
    viewer = make_member(org, Role.VIEWER)
    assert client_for(viewer).post(url, {"apply": "ahp"}).status_code == 403
    typed = make_evaluation(org, editor)
    with pytest.raises(ValidationError, match="typed"):
        services.weights_apply_ahp(actor=editor, evaluation=typed)


def test_contradicting_comparisons_are_not_made_the_ranking_weights(town):
    org, editor = town["org"], town["editor"]
    evaluation, criteria, _member = _ahp_evaluation(
        org,
        editor,
        [
            ("Functional fit", "Security", "5"),
            ("Security", "Cost", "5"),
            ("Functional fit", "Cost", "1/5"),
        ],
    )
    before = [c.weight for c in Criterion.objects.filter(evaluation=evaluation)]
    response = client_for(editor).post(
        reverse("vendors:weights", args=[org.slug, evaluation.pk]), {"apply": "ahp"}
    )
    assert response.status_code == 400
    assert "the main criteria contradict each other" in response.content.decode()
    assert [c.weight for c in Criterion.objects.filter(evaluation=evaluation)] == before


def test_several_evaluators_are_combined_by_the_geometric_mean(town):
    org, editor = town["org"], town["editor"]
    evaluation = make_evaluation(org, editor, weight_method="ahp")
    a = make_criterion(org, editor, evaluation, name="Fit")
    b = make_criterion(org, editor, evaluation, name="Cost")
    other = make_member(org, Role.EVALUATOR)
    for user, value in ((editor, "4"), (other, "1")):
        member = services_panel.panel_member_add(actor=editor, evaluation=evaluation, user=user)
        services_panel.judgment_set(actor=user, member=member, first=a, second=b, value=value)
    (group,) = selectors.ahp_groups(evaluation)
    # Geometric mean of 4 and 1 is 2: weights 2/3 and 1/3.
    assert group.evaluators == 2
    assert [round(w, 9) for _c, w in group.weights] == [round(2 / 3, 9), round(1 / 3, 9)]


def test_a_judgment_outside_saatys_scale_is_refused_naming_the_pair(town):
    org, editor = town["org"], town["editor"]
    evaluation, criteria, member = _ahp_evaluation(org, editor, [])
    with pytest.raises(ValidationError) as exc:
        services_panel.judgment_set(
            actor=editor,
            member=member,
            first=criteria["Security"],
            second=criteria["Cost"],
            value="12",
        )
    assert "Security" in str(exc.value) and "Cost" in str(exc.value)
