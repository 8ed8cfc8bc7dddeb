"""Support dates from endoflife.date on systems and components: suggest, confirm, reject, the
pages, and the refresh command. Dates are endoflife.date's (https://endoflife.date/windows-server,
https://endoflife.date/ibm-i), read from the shipped catalogue."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.core import endoflife
from civicshift.inventory import services_eol
from civicshift.inventory.models import Component, System
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.CIVICSHIFT_ENDOFLIFE_FILE = tmp_path / "endoflife" / "products.json"
    return tmp_path


@pytest.fixture
def town(data_dir):
    org = make_org()
    return org, make_member(org, Role.EDITOR)


def test_suggest_stores_the_best_match_unconfirmed_and_writes_no_dates(town):
    org, editor = town
    system = factories.make_system(
        org, editor, name="Finance", product="AS/400 IBM i", product_version="V7R1"
    )
    system = services_eol.eol_suggest(system, actor=editor)
    assert (system.eol_product, system.eol_cycle, system.eol_confirmed) == ("ibm-i", "7.1", False)
    assert system.eol_confidence == 1.0
    assert system.support_extended_end is None
    event = AuditEvent.objects.for_org(org).filter(object_pk=str(system.pk)).latest("pk")
    assert event.reason == "Suggested from endoflife.date."


def test_confirm_copies_the_three_dates_from_the_catalogue_and_is_audited(town):
    org, editor = town
    component = factories.make_component(org, editor, name="FS01 Windows Server 2012 R2")
    component = services_eol.eol_confirm(
        actor=editor, record=component, product="windows-server", cycle="2012-r2"
    )
    # https://endoflife.date/windows-server: 2012 R2 2018-10-09, 2023-10-10, ESU 2026-10-13.
    assert component.support_mainstream_end == date(2018, 10, 9)
    assert component.support_extended_end == date(2023, 10, 10)
    assert component.support_esu_end == date(2026, 10, 13)
    assert component.eol_confirmed is True
    # The automatic match's own confidence is kept (the host name "FS01" made it less sure).
    assert component.eol_confidence == endoflife.match(component.name)[0].confidence < 1
    event = AuditEvent.objects.for_org(org).filter(object_pk=str(component.pk)).latest("pk")
    assert "https://endoflife.date/windows-server" in event.reason
    assert event.actor == editor


def test_confirm_leaves_a_date_blank_when_the_catalogue_has_true_or_false(town):
    org, editor = town
    system = factories.make_system(org, editor, product="Apache Tomcat", product_version="11.0")
    system = services_eol.eol_confirm(actor=editor, record=system, product="tomcat", cycle="11.0")
    # https://endoflife.date/tomcat: 11.0 no end announced (eol: false).
    assert system.support_extended_end is None and system.eol_confirmed


def test_confirm_refuses_a_release_the_catalogue_does_not_have(town):
    org, editor = town
    system = factories.make_system(org, editor)
    with pytest.raises(ValidationError) as caught:
        services_eol.eol_confirm(actor=editor, record=system, product="ibm-i", cycle="9.9")
    assert "9.9" in str(caught.value)
    system.refresh_from_db()
    assert not system.eol_confirmed


def test_a_viewer_cannot_suggest_or_confirm(town):
    org, _editor = town
    viewer = make_member(org, Role.VIEWER)
    system = factories.make_system(org, _editor, product="RHEL", product_version="7")
    with pytest.raises(Exception, match="role"):
        services_eol.eol_confirm(actor=viewer, record=system, product="rhel", cycle="7")


def test_not_this_one_is_remembered_and_the_next_candidate_suggested(town):
    org, editor = town
    system = factories.make_system(org, editor, product="Oracle Database", product_version="11g")
    system = services_eol.eol_suggest(system, actor=editor)
    assert system.eol_cycle == "11.2"
    system = services_eol.eol_reject(
        actor=editor, record=system, product="oracle-database", cycle="11.2"
    )
    assert system.eol_confidence == 0.0
    assert ("oracle-database", "11.2") not in {
        (m.product_id, m.cycle) for m in services_eol.candidates(system)
    }
    system = services_eol.eol_suggest(system, actor=editor)
    assert (system.eol_product, system.eol_cycle) == ("oracle-database", "11.1")


def test_a_confirmed_match_is_not_replaced_by_a_suggestion(town):
    org, editor = town
    system = factories.make_system(org, editor, product="IBM i", product_version="7.3")
    system = services_eol.eol_confirm(actor=editor, record=system, product="ibm-i", cycle="7.2")
    system = services_eol.eol_suggest(system, actor=editor)
    assert (system.eol_cycle, system.eol_confirmed) == ("7.2", True)


def test_suggest_all_matches_every_unconfirmed_record(town):
    org, editor = town
    factories.make_system(org, editor, name="Permits", product="Sally's spreadsheet")
    factories.make_system(org, editor, name="Mail", product="Exchange", product_version="2013")
    factories.make_component(org, editor, name="DB01", product="SQL Server", product_version="2014")
    assert services_eol.eol_suggest_all(actor=editor, organization=org) == 2
    assert System.objects.get(name="Mail").eol_cycle == "2013"
    assert Component.objects.get(name="DB01").eol_cycle == "12.0-sp3"
    assert System.objects.get(name="Permits").eol_product == ""
    # Running it again changes nothing and writes no audit record.
    before = AuditEvent.objects.count()
    assert services_eol.eol_suggest_all(actor=editor, organization=org) == 0
    assert AuditEvent.objects.count() == before


def test_the_review_page_lists_unconfirmed_suggestions_with_their_phrase(client, town):
    org, editor = town
    system = factories.make_system(
        org, editor, name="Finance AS/400", product="IBM i", product_version="7.1"
    )
    services_eol.eol_suggest(system, actor=editor)
    client.force_login(editor)
    page = client.get(reverse("inventory:eol_review", args=[org.slug])).content.decode()
    assert "Finance AS/400" in page
    assert "IBM iSeries" in page and "100%" in page
    # On any date after 2024-04-30 (https://endoflife.date/ibm-i: 7.1 ELS ended then).
    assert "past extended support (2024-04-30)" in page
    assert "Confirm" in page and "Not this one" in page


def test_confirm_from_the_panel_works_without_javascript_and_with_htmx(client, town):
    org, editor = town
    system = factories.make_system(org, editor, product="Windows Server", product_version="2012 R2")
    client.force_login(editor)
    page = client.get(reverse("inventory:eol_system", args=[org.slug, system.pk])).content.decode()
    assert "Support dates from endoflife.date" in page
    assert "id “windows-server”" in page and "version 2012 r 2 → cycle 2012-r2" in page
    url = reverse("inventory:eol_system_confirm", args=[org.slug, system.pk])
    response = client.post(url, {"product": "windows-server", "cycle": "2012-r2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("inventory:eol_system", args=[org.slug, system.pk])
    system.refresh_from_db()
    assert system.support_esu_end == date(2026, 10, 13) and system.eol_confirmed
    reject = reverse("inventory:eol_system_reject", args=[org.slug, system.pk])
    response = client.post(
        reject,
        {"product": "windows-server", "cycle": "2012-r2"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"eol-system-{system.pk}",
    )
    assert response.status_code == 200
    assert f'id="eol-system-{system.pk}"' in response.content.decode()
    assert "will not be suggested" in response.content.decode()


def test_a_next_address_elsewhere_is_ignored(client, town):
    org, editor = town
    system = factories.make_system(org, editor, product="RHEL", product_version="7")
    client.force_login(editor)
    url = reverse("inventory:eol_system_confirm", args=[org.slug, system.pk])
    response = client.post(url, {"product": "rhel", "cycle": "7", "next": "https://evil.example/"})
    assert response["Location"] == reverse("inventory:eol_system", args=[org.slug, system.pk])


def test_a_bad_choice_is_a_message_not_an_error_page(client, town):
    org, editor = town
    system = factories.make_system(org, editor)
    client.force_login(editor)
    url = reverse("inventory:eol_system_confirm", args=[org.slug, system.pk])
    response = client.post(url, {"product": "ibm-i", "cycle": "9.9"}, follow=True)
    assert "endoflife.date has no release 9.9 of ibm-i." in response.content.decode()


# --- the refresh command --------------------------------------------------------------------


def test_the_refresh_command_writes_to_the_data_folder_and_core_prefers_it(data_dir, settings):
    raw = json.loads(endoflife.packaged_path().read_text(encoding="utf-8"))
    ibm = next(p for p in raw["products"] if p["id"] == "ibm-i")
    next(r for r in ibm["releases"] if r["releaseCycle"] == "7.3")["eoes"] = "2029-09-30"
    newer = data_dir / "newer.json"
    newer.write_text(json.dumps(raw), encoding="utf-8")
    shipped = endoflife.packaged_path().read_bytes()
    out = StringIO()
    call_command("inventory_eol_refresh", str(newer), stdout=out)
    assert "ibm-i 7.3: eoes 2028-09-30 → 2029-09-30" in out.getvalue()
    assert settings.CIVICSHIFT_ENDOFLIFE_FILE.is_file()
    assert endoflife.packaged_path().read_bytes() == shipped  # the package is never written
    m = endoflife.milestones("ibm-i", "7.3", cat=services_eol.catalogue())
    assert m.esu_end == date(2029, 9, 30)


def test_the_refresh_command_refuses_a_bad_file_naming_it(data_dir, settings):
    bad = data_dir / "bad.json"
    bad.write_text(
        '{"products": [{"id": "ibm-i", "releases": [{"releaseCycle": "7.3", "eol": "soon"}]}]}',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command("inventory_eol_refresh", str(bad))
    assert str(bad) in str(caught.value)
    assert "product “ibm-i”, field release 7.3 eol" in str(caught.value)
    assert not settings.CIVICSHIFT_ENDOFLIFE_FILE.exists()


def test_confirm_the_ticked_suggestions_at_once(client, town):
    org, editor = town
    a = factories.make_system(org, editor, name="Finance", product="IBM i", product_version="7.3")
    b = factories.make_component(org, editor, name="DB01", product="SQL Server 2016 SP3")
    services_eol.eol_suggest_all(actor=editor, organization=org)
    client.force_login(editor)
    page = client.get(reverse("inventory:eol_review", args=[org.slug])).content.decode()
    assert f'value="system:{a.pk}"' in page and f'value="component:{b.pk}"' in page
    url = reverse("inventory:eol_confirm_many", args=[org.slug])
    response = client.post(url, {"choice": [f"system:{a.pk}", f"component:{b.pk}"]}, follow=True)
    assert "2 suggestions confirmed" in response.content.decode()
    a.refresh_from_db()
    b.refresh_from_db()
    # https://endoflife.date/ibm-i 7.3 and https://endoflife.date/mssqlserver 2016 SP3.
    assert (a.support_extended_end, a.support_esu_end) == (date(2023, 9, 30), date(2028, 9, 30))
    assert b.support_esu_end == date(2029, 7, 17) and b.eol_confirmed


def test_confirm_many_refuses_another_organizations_record_and_writes_nothing(client, town):
    org, editor = town
    mine = factories.make_system(org, editor, name="Mine", product="RHEL", product_version="7")
    services_eol.eol_suggest(mine, actor=editor)
    other = make_org()
    outsider = make_member(other, Role.EDITOR)
    theirs = factories.make_system(other, outsider, product="RHEL", product_version="8")
    services_eol.eol_suggest(theirs, actor=outsider)
    client.force_login(editor)
    before = AuditEvent.objects.count()
    url = reverse("inventory:eol_confirm_many", args=[org.slug])
    response = client.post(url, {"choice": [f"system:{mine.pk}", f"system:{theirs.pk}"]})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_confirm_many_is_all_or_nothing(town):
    org, editor = town
    good = factories.make_system(org, editor, name="Good", product="RHEL", product_version="7")
    bad = factories.make_system(org, editor, name="Sally's spreadsheet")
    good = services_eol.eol_suggest(good, actor=editor)
    with pytest.raises(ValidationError, match="Sally's spreadsheet has no suggested release"):
        services_eol.eol_confirm_suggestions(actor=editor, organization=org, records=[good, bad])
    good.refresh_from_db()
    assert not good.eol_confirmed
