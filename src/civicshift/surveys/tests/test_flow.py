"""A survey from building to answers: the builder's rules, the open page's 404s, one-time
codes, the linking word, spam protection, and what is (not) stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.surveys import services, tokens
from civicshift.surveys.models import OneTimeCode, Survey, SurveyResponse, SurveyStatus
from civicshift.testing.factories import make_member, make_org

from .factories import answer, department, make_survey, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("springfield")


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR)


def test_oric_bank_gives_twelve_items_worded_with_the_change(org, editor):
    survey = make_survey(org, editor)
    items = list(survey.items.all())
    assert len(items) == 12
    assert [i.subscale for i in items].count("commitment") == 5
    assert [i.subscale for i in items].count("efficacy") == 7
    assert items[0].text == (
        "People who work here are committed to implementing the new financial system."
    )
    with pytest.raises(ValidationError):
        services.survey_add_bank(actor=editor, survey=survey, bank_id="oric")


def test_technology_acceptance_bank_names_the_system(org, editor):
    survey = make_survey(org, editor, system_name="Munis")
    added = services.survey_add_bank(actor=editor, survey=survey, bank_id="technology_acceptance")
    assert len(added) == 12
    assert {i.subscale for i in added} == {"usefulness", "ease_of_use"}
    assert "Munis" in added[0].text and "{system}" not in added[0].text


def test_k_below_three_is_refused(org, editor):
    with pytest.raises(ValidationError) as error:
        services.survey_create(actor=editor, organization=org, title="Small", k=2)
    assert "k" in error.value.message_dict


def test_viewer_cannot_build(org):
    viewer = make_member(org, Role.VIEWER)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.survey_create(actor=viewer, organization=org, title="No")


def test_choice_item_needs_two_choices(org, editor):
    survey = make_survey(org, editor)
    with pytest.raises(ValidationError) as error:
        services.survey_item_create(
            actor=editor, survey=survey, text="Which?", kind="single", choices=["Only"]
        )
    assert "choices" in error.value.message_dict


def test_questions_are_frozen_once_answered_and_survey_cannot_be_deleted(org, editor):
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    answer(survey, [4] * 12)
    with pytest.raises(ValidationError):
        services.survey_item_create(actor=editor, survey=survey, text="Late", kind="text")
    with pytest.raises(ValidationError):
        services.survey_delete(actor=editor, survey=survey)
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_response_rows_carry_no_time_and_no_audit(org, editor):
    survey = make_survey(org, editor, allow_linking=True)
    open_survey(survey, editor)
    before = AuditEvent.objects.count()
    response = answer(survey, [4] * 12, link_word="Blue Heron")
    assert AuditEvent.objects.count() == before
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not fields & {"created_at", "updated_at"}
    assert not {f.name for f in OneTimeCode._meta.get_fields()} & {"created_at", "updated_at"}
    assert not any(
        f.is_relation and f.related_model is OneTimeCode for f in SurveyResponse._meta.get_fields()
    )
    assert response.link_hash == tokens.link_hash(org.pk, "  blue   heron ")
    assert "heron" not in response.link_hash.lower()
    unlinked = make_survey(org, editor, title="No linking")
    open_survey(unlinked, editor)
    assert answer(unlinked, [4] * 12, link_word="Blue Heron").link_hash == ""


def _page(client, survey):
    return client.get(reverse("surveys_public:answer", args=[survey.token]))


def _post(client, survey, data, *, aged=True):
    token = tokens.render_token(survey.token)
    payload = {"rt": token, **data}
    return client.post(reverse("surveys_public:answer", args=[survey.token]), payload)


@pytest.fixture
def no_minimum_age(monkeypatch):
    monkeypatch.setattr(tokens, "RENDER_MIN_AGE", 0)


def test_unknown_draft_and_closed_tokens_get_the_same_404(client, org, editor):
    survey = make_survey(org, editor)
    draft = _page(client, survey)
    unknown = client.get(reverse("surveys_public:answer", args=["x" * 43]))
    open_survey(survey, editor)
    assert _page(client, survey).status_code == 200
    services.survey_update(actor=editor, survey=survey, status=SurveyStatus.CLOSED)
    closed = _page(client, survey)
    assert draft.status_code == unknown.status_code == closed.status_code == 404
    assert draft.content == unknown.content == closed.content


def test_the_page_says_what_is_stored(client, org, editor):
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    text = _page(client, survey).content.decode()
    assert "What is stored, and what is not" in text
    assert "computer&#x27;s address" in text or "computer's address" in text
    assert "People who work here are committed" in text


def test_submission_through_the_page(client, org, editor, no_minimum_age):
    finance = department(org, "Finance")
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    items = list(survey.items.all())
    data = {f"q{i.pk}": "4" for i in items} | {"department": str(finance.pk)}
    response = _post(client, survey, data)
    assert response.status_code == 302
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.department == finance and stored.answers[items[0].key] == 4
    assert response["Location"].endswith("/thanks/")


def test_honeypot_stores_nothing_but_looks_like_success(client, org, editor, no_minimum_age):
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    response = _post(client, survey, {"website": "http://spam", "department": "none"})
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_forged_or_too_fast_render_token_is_refused(client, org, editor):
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    url = reverse("surveys_public:answer", args=[survey.token])
    forged = client.post(url, {"rt": "abc:def", "department": "none"})
    fast = client.post(url, {"rt": tokens.render_token(survey.token), "department": "none"})
    assert forged.status_code == fast.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_one_time_code_works_once(client, org, editor, no_minimum_age):
    survey = make_survey(org, editor, require_code=True)
    open_survey(survey, editor)
    codes = services.survey_codes_generate(actor=editor, survey=survey, count=3)
    assert len(set(codes)) == 3
    assert not OneTimeCode.objects.filter(code_hash__in=codes).exists()  # stored hashed
    data = {"department": "none", "code": codes[0].lower()}
    assert _post(client, survey, data).status_code == 302
    again = _post(client, survey, data)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    wrong = _post(client, survey, {"department": "none", "code": "NOTACODE00"})
    assert "not one of this survey" in wrong.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_codes_page_shows_codes_once_and_csv(client, org, editor):
    survey = make_survey(org, editor, require_code=True)
    client.force_login(editor)
    url = reverse("surveys:codes", args=[org.slug, survey.pk])
    page = client.post(url, {"count": 4, "format": "page"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert page.content.decode().count("<li><code>") == 4
    csv = client.post(url, {"count": 2, "format": "csv"})
    assert csv.content.decode().splitlines()[0] == "code" and len(csv.content.decode().split()) == 3
    assert OneTimeCode.objects.filter(survey=survey).count() == 6


def test_rate_limit_answers_429_without_storing_the_address(client, org, editor, monkeypatch):
    from civicshift.surveys import views_public
    from civicshift.surveys.throttle import AnonymousRateLimit

    monkeypatch.setattr(views_public, "PAGE_LIMIT", AnonymousRateLimit("test.page", 2, 60))
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    codes = [_page(client, survey).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_throttle_key_changes_daily_and_hides_the_address():
    from civicshift.surveys.throttle import address_key

    today = address_key("p", "203.0.113.7", day="2026-12-07")
    assert "203.0.113.7" not in today
    assert today == address_key("p", "203.0.113.7", day="2026-12-07")
    assert today != address_key("p", "203.0.113.7", day="2026-12-08")


def test_no_edit_or_delete_route_for_responses():
    from django.urls import get_resolver

    names = [n for n in get_resolver().reverse_dict if isinstance(n, str)]
    assert not [n for n in names if "response" in n and ("edit" in n or "delete" in n)]


def test_next_wave_copies_questions_and_follows(client, org, editor):
    survey = make_survey(org, editor, allow_linking=True, k=6)
    open_survey(survey, editor)
    answer(survey, [4] * 12)
    client.force_login(editor)
    response = client.post(reverse("surveys:next_wave", args=[org.slug, survey.pk]))
    wave = Survey.objects.for_org(org).exclude(pk=survey.pk).get()
    assert response["Location"].endswith(f"/surveys/{wave.pk}/")
    assert wave.previous_wave == survey and wave.status == SurveyStatus.DRAFT
    assert wave.k == 6 and wave.allow_linking and wave.token != survey.token
    assert [i.text for i in wave.items.all()] == [i.text for i in survey.items.all()]
    assert not wave.responses.exists()


def test_settings_form_refuses_k_below_three(client, org, editor):
    client.force_login(editor)
    response = client.post(
        reverse("surveys:create", args=[org.slug]),
        {"title": "Tiny groups", "change_name": "x", "system_name": "y", "status": "draft", "k": 2},
    )
    assert response.status_code == 200
    assert "k" in response.context["form"].errors
    assert not Survey.objects.for_org(org).exists()
