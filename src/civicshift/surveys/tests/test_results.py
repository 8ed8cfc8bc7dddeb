"""The results: numbers equal the library's (and scipy's) on the same answers, the k rule holds
on the page and in both exports, free text of small groups loses its department, and the wave
comparison uses the right test."""

import csv
import io

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from scipy import stats

from civicshift.core.survey import cronbach_alpha
from civicshift.orgs.roles import Role
from civicshift.surveys import exports, selectors
from civicshift.testing.factories import make_member, make_org

from .factories import add_comment_item, answer, answer_many, department, make_survey, open_survey

pytestmark = pytest.mark.django_db

SMALL = "Parks Maintenance"  # 2 answers: under k, must appear nowhere


@pytest.fixture
def org():
    return make_org("shelbyville")


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR)


@pytest.fixture
def survey(org, editor):
    """Finance 8 (low efficacy, agreeing), Clerk 6, Parks Maintenance 2, with comments."""
    survey = make_survey(org, editor)
    comment = add_comment_item(survey, editor)
    open_survey(survey, editor)
    finance, clerk, parks = (department(org, n) for n in ("Finance", "Clerk", SMALL))
    for i in range(8):
        answer(
            survey,
            [4, 4, 5, 4, 4] + [2, 2, 1, 2, 2, 2, 2][:7]
            if i % 2
            else [4, 5, 4, 4, 4] + [2, 1, 2, 2, 2, 2, 1],
            department=finance,
        )
    answer_many(survey, 6, department=clerk, level=4, seed=2)
    for text in ("the Parks tractor budget", "we in parks were never asked"):
        answer(survey, [3] * 12, department=parks, extra={comment.key: text})
    answer(survey, [5] * 12, department=finance, extra={comment.key: "Finance needs training"})
    return survey


def _matrix(survey):
    keys = [i.key for i in survey.items.filter(kind="likert5")]
    rows = [r.answers for r in survey.responses.all()]
    return np.array([[r.get(k, np.nan) for k in keys] for r in rows], dtype=float)


def test_subscale_mean_interval_and_alpha_match_the_library(survey):
    data = selectors.survey_results(survey, use_cache=False)
    matrix = _matrix(survey)
    efficacy = next(s for s in data["subscales"] if s["key"] == "oric:efficacy")
    scores = matrix[:, 5:12].mean(axis=1)
    assert efficacy["interval"]["mean"] == pytest.approx(scores.mean(), abs=1e-3)
    low, high = stats.t.interval(0.95, len(scores) - 1, loc=scores.mean(), scale=stats.sem(scores))
    assert efficacy["interval"]["low"] == pytest.approx(low, abs=1e-3)
    assert efficacy["interval"]["high"] == pytest.approx(high, abs=1e-3)
    assert efficacy["alpha"]["value"] == pytest.approx(
        cronbach_alpha(matrix[:, 5:12]).alpha, abs=1e-3
    )


def test_small_department_is_in_no_breakdown_and_complement_is_protected(survey):
    data = selectors.survey_results(survey, use_cache=False)
    deps = data["departments"]
    assert [g["name"] for g in deps["groups"]] == ["Finance"]
    # Parks (2) alone would be recoverable as "everyone minus Finance minus Clerk": Clerk is
    # folded into "other groups" with it (core.survey.anonymity, protect_complement).
    assert deps["other"]["n"] == 8 and deps["other_count"] == 8
    assert SMALL not in str(data)


def test_small_department_absent_from_page_and_both_exports(client, survey, editor, org):
    client.force_login(editor)
    page = client.get(reverse("surveys:results", args=[org.slug, survey.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Finance" in text and SMALL not in text
    assert "we in parks were never asked" in text  # the comment, without its department
    for what in ("results", "responses"):
        for fmt in ("csv", "xlsx"):
            response = client.post(
                reverse("surveys:export", args=[org.slug, survey.pk]),
                {"what": what, "format": fmt},
            )
            assert response.status_code == 200, (what, fmt)
            if fmt == "csv":
                content = response.content.decode("utf-8-sig")
            else:
                book = load_workbook(io.BytesIO(response.content), read_only=True)
                content = " ".join(
                    str(c)
                    for s in book.worksheets
                    for row in s.iter_rows(values_only=True)
                    for c in row
                    if c is not None
                )
            assert SMALL not in content, (what, fmt)
            assert "Finance" in content, (what, fmt)


def test_responses_export_has_one_row_per_answer_and_no_link(survey):
    content, _name, _type = exports.build(survey, "responses", "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 17
    departments = {r[0] for r in rows[1:]}
    assert departments == {"Finance", "Other departments together"}


def test_free_text_of_small_groups_has_no_department(survey):
    data = selectors.survey_results(survey, use_cache=False)
    answers = data["free_text"][0]["answers"]
    assert {"group": "Finance", "text": "Finance needs training"} in answers
    assert {"group": None, "text": "we in parks were never asked"} in answers


def test_group_score_only_where_the_group_agrees(survey):
    data = selectors.survey_results(survey, use_cache=False)
    finance = data["departments"]["groups"][0]["cells"]["oric:efficacy"]
    assert finance["rwg"] >= 0.7 and finance["mean"] is not None
    assert any(h["group"] == "Finance" and h["scale"] == "oric:efficacy" for h in data["hotspots"])


def test_fewer_than_k_answers_show_nothing(org, editor):
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    answer_many(survey, 4)
    data = selectors.survey_results(survey, use_cache=False)
    assert data == {"n": 4, "k": 5, "enough": False}
    content, _n, _t = exports.build(survey, "responses", "csv")
    assert len(content.decode("utf-8-sig").splitlines()) == 1  # the header only


def test_alpha_warning_below_point_seven(client, org, editor):
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    rng = np.random.default_rng(5)
    for _ in range(30):
        answer(survey, list(rng.integers(1, 6, 12)))  # unrelated answers: alpha near 0
    client.force_login(editor)
    text = client.get(reverse("surveys:results", args=[org.slug, survey.pk])).content.decode()
    assert 'data-alpha-warning="oric:commitment"' in text


def test_wave_comparison_is_mann_whitney_and_paired_only_for_linked(org, editor):
    before = make_survey(org, editor, title="Before", allow_linking=True)
    open_survey(before, editor)
    after = make_survey(org, editor, title="After", allow_linking=True, previous_wave=before)
    open_survey(after, editor)
    for i in range(6):
        answer(before, [3] * 5 + [2] * 7, link_word=f"word{i}")
        answer(after, [3] * 5 + [4 if i % 3 else 3] * 7, link_word=f"word{i}")
    answer_many(before, 10, level=2, seed=1)
    answer_many(after, 10, level=4, seed=3)
    data = selectors.survey_results(after, use_cache=False)
    efficacy = next(c for c in data["comparison"] if c["key"] == "oric:efficacy")
    b = selectors.results.Answers.build(
        selectors.item_specs(before), selectors.response_rows(before)
    ).scores("oric:efficacy")
    a = selectors.results.Answers.build(
        selectors.item_specs(after), selectors.response_rows(after)
    ).scores("oric:efficacy")
    reference = stats.mannwhitneyu(a, b, alternative="two-sided")
    assert efficacy["anonymous"]["u"] == pytest.approx(reference.statistic, abs=0.1)
    assert efficacy["anonymous"]["p"] == pytest.approx(reference.pvalue, abs=1e-4)
    assert efficacy["anonymous"]["cles"] == pytest.approx(
        reference.statistic / (len(a) * len(b)), abs=1e-3
    )
    assert efficacy["linked_pairs"] == 6
    paired = stats.wilcoxon(np.array([4 if i % 3 else 3 for i in range(6)]) - 2.0)
    assert efficacy["paired"]["p"] == pytest.approx(paired.pvalue, abs=1e-4)


def test_results_are_cached_and_a_new_answer_changes_the_key(org, editor, survey):
    first = selectors.survey_results(survey)
    assert selectors.survey_results(survey) == first
    answer(survey, [1] * 12)
    assert selectors.survey_results(survey)["n"] == first["n"] + 1


def test_viewer_reads_results_but_cannot_build(client, org, survey):
    viewer = make_member(org, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(reverse("surveys:results", args=[org.slug, survey.pk])).status_code == 200
    response = client.post(
        reverse("surveys:bank_add", args=[org.slug, survey.pk]), {"bank": "oric"}
    )
    assert response.status_code == 403


def test_large_export_runs_as_a_job_and_respects_k(client, survey, editor, org, monkeypatch):
    from civicshift.jobs.models import Job

    monkeypatch.setattr(exports, "LARGE", 5)
    client.force_login(editor)
    response = client.post(
        reverse("surveys:export", args=[org.slug, survey.pk]),
        {"what": "responses", "format": "csv"},
    )
    job = Job.objects.for_org(org).get(kind="surveys.export")
    assert job.status == "done"
    assert response.status_code == 200  # the immediate queue: the file at once
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    assert "Finance" in text and SMALL not in text
