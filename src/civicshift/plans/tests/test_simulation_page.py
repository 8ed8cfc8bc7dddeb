"""The schedule-risk simulation from the plan tab: a job whose page shows P50/P80/P90 before and
after the risks' responses, the tasks most often critical and the S-curve."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.jobs.models import Job
from civicshift.plans import services, services_risks

from .factories import make_plan, make_task

pytestmark = pytest.mark.django_db


def test_a_simulation_with_a_mitigated_risk(org, editor):
    plan = make_plan(org, editor, start=datetime(2027, 1, 4, 8))
    a = make_task(
        org,
        editor,
        plan,
        key="A",
        name="Configure",
        duration_minutes=10 * 480,
        optimistic_minutes=8 * 480,
        pessimistic_minutes=20 * 480,
    )
    b = make_task(org, editor, plan, key="B", name="Train", duration_minutes=5 * 480)
    services.link_create(actor=editor, plan=plan, predecessor=a, successor=b)
    services_risks.risk_create(
        actor=editor,
        organization=org,
        initiative=plan.initiative,
        title="Vendor late",
        category="vendor",
        likelihood=4,
        impact=3,
        probability=Decimal("0.6"),
        residual_probability=Decimal("0.1"),
        delay_low_days=5,
        delay_likely_days=10,
        delay_high_days=20,
        tasks=[a],
    )
    client = Client()
    client.force_login(editor)
    url = reverse("plans:simulate", kwargs={"org_slug": org.slug, "pk": plan.initiative_id})
    response = client.post(url, {"iterations": "2000", "seed": "7"}, follow=True)
    assert response.status_code == 200
    job = Job.objects.get()
    result = job.result.get("data", job.result)
    before, after = result["before"], result["after"]
    # The risk's response lowers its chance from 60 % to 10 %: with the same draws, the P80
    # finish cannot be later after it, and here it is earlier (10 working days × 0.5 chance).
    assert after["p80"] <= before["p80"]
    assert after["p80"] < before["p80"]
    assert before["p50"] <= before["p80"] <= before["p90"]
    # Without uncertainty the plan ends after 15 working days: Friday 22 January 2027, 17:00.
    assert result["deterministic"] == "2027-01-22T17:00:00"
    assert {row["id"] for row in result["criticality"]} == {"A", "B"}
    html = response.content.decode()
    assert "P80" in html and "Configure" in html


def test_the_timeline_shows_the_latest_simulation_only_while_the_plan_is_unchanged(org, editor):
    plan = make_plan(org, editor, start=datetime(2027, 1, 4, 8))
    a = make_task(
        org,
        editor,
        plan,
        key="A",
        name="Configure",
        duration_minutes=10 * 480,
        optimistic_minutes=8 * 480,
        pessimistic_minutes=20 * 480,
    )
    client = Client()
    client.force_login(editor)
    kwargs = {"org_slug": org.slug, "pk": plan.initiative_id}
    client.post(reverse("plans:simulate", kwargs=kwargs), {"iterations": "500", "seed": "1"})
    page = client.get(reverse("plans:plan", kwargs=kwargs)).content.decode()
    assert 'class="cs-gantt__p80"' in page and "latest schedule-risk simulation" in page
    services.task_update(actor=editor, task=a, duration_minutes=12 * 480)
    page = client.get(reverse("plans:plan", kwargs=kwargs)).content.decode()
    assert 'class="cs-gantt__p80"' not in page  # that result was for the plan as it was
