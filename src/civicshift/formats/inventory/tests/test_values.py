"""Cell values as towns and legacy systems write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from civicshift.formats.inventory import columns, values
from civicshift.formats.inventory.values import ValueProblem

FIELD = columns.FIELDS_BY_KEY


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-10-13", dt.date(2026, 10, 13)),
        ("2026/10/13", dt.date(2026, 10, 13)),
        ("10/13/2026", dt.date(2026, 10, 13)),  # US month/day/year
        ("10/13/26", dt.date(2026, 10, 13)),
        ("13/10/2026", dt.date(2026, 10, 13)),  # 13 cannot be a month
        ("13-Oct-2026", dt.date(2026, 10, 13)),
        ("13 October 2026", dt.date(2026, 10, 13)),
        ("Oct 13, 2026", dt.date(2026, 10, 13)),
        ("10/13/2026 0:00:00", dt.date(2026, 10, 13)),  # Access's date/time export
        (dt.datetime(2026, 10, 13, 0, 0), dt.date(2026, 10, 13)),
        ("20261013", dt.date(2026, 10, 13)),  # AS/400 YYYYMMDD
        (20240430, dt.date(2024, 4, 30)),
        ("1240430", dt.date(2024, 4, 30)),  # CYYMMDD, century 1 = 20xx
        ("0991231", dt.date(1999, 12, 31)),  # century 0 = 19xx
        (991231, dt.date(1999, 12, 31)),  # the same, its leading zero lost as a number
        ("0", None),  # AS/400 "no date"
        ("00000000", None),
        ("", None),
        ("N/A", None),
    ],
)
def test_dates_in_the_formats_towns_and_legacy_systems_use(raw, expected):
    # CYYMMDD: IBM i "*CYMD" date format, century digit 0 for 19xx and 1 for 20xx (IBM i
    # documentation, "Date formats", DDS keyword DATFMT).
    assert values.parse_date(raw) == expected


def test_excel_serial_numbers_count_from_excels_own_origin():
    # Microsoft's DATEVALUE documentation: "January 1, 2008 is serial number 39448";
    # 45000 is 2023-03-15 in Excel (=TEXT(45000,"yyyy-mm-dd")).
    assert values.parse_date(39448) == dt.date(2008, 1, 1)
    assert values.parse_date(45000.0) == dt.date(2023, 3, 15)
    assert values.parse_date("39448") == dt.date(2008, 1, 1)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("soon", "not a date"),
        ("02/30/2027", "not a real date"),
        ("March 2027", "has no day"),
        ("2241231", "century digit is 2"),
        (1234, "a number, not a date"),
    ],
)
def test_unreadable_dates_say_why(raw, words):
    with pytest.raises(ValueProblem, match=words):
        values.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$12,500", "12500.00"),
        ("12.5k", "12500.00"),
        ("12.5K", "12500.00"),
        ("1.2M", "1200000.00"),
        ("USD 1,000", "1000.00"),
        ("$ 3,200.50", "3200.50"),
        ("48000.00", "48000.00"),
        ("2 million", "2000000.00"),
        (12500, "12500.00"),
        (12500.456, "12500.46"),
        ("0", "0.00"),
        ("", None),
        ("-", None),
    ],
)
def test_amounts_as_people_type_them(raw, expected):
    result = values.parse_money(raw, FIELD["cost_maintenance"])
    assert result == (Decimal(expected) if expected else None)


@pytest.mark.parametrize("raw", ["(500)", "-500", "$-500", -500])
def test_a_negative_cost_is_refused(raw):
    with pytest.raises(ValueProblem, match="cannot be below zero"):
        values.parse_money(raw, FIELD["cost_licence"])


def test_an_amount_that_is_not_one_says_how_to_write_it():
    with pytest.raises(ValueProblem, match=r"“about 5 grand” is not an amount.*12\.5k"):
        values.parse_money("about 5 grand", FIELD["cost_licence"])


def test_percentages_hours_and_whole_numbers():
    assert values.parse_decimal("50%", FIELD["staff_fte"]) == Decimal("0.50")
    assert values.parse_decimal("0.25", FIELD["staff_fte"]) == Decimal("0.25")
    with pytest.raises(ValueProblem, match="above 1000"):
        values.parse_decimal("2000", FIELD["staff_fte"])
    assert values.parse_hours("2 days", FIELD["rto_hours"]) == Decimal("48.00")
    assert values.parse_hours("4h", FIELD["rto_hours"]) == Decimal("4.00")
    assert values.parse_hours("30 min", FIELD["rpo_hours"]) == Decimal("0.50")
    assert values.parse_integer("1,200", FIELD["users_count"]) == 1200
    assert values.parse_integer(35.0, FIELD["users_count"]) == 35
    assert values.parse_integer("2012", FIELD["year_deployed"]) == 2012
    assert values.parse_integer(dt.datetime(2012, 5, 1), FIELD["year_deployed"]) == 2012
    assert values.parse_integer("5/1/2012", FIELD["year_deployed"]) == 2012
    with pytest.raises(ValueProblem, match="below 1950"):
        values.parse_integer("1900", FIELD["year_deployed"])
    with pytest.raises(ValueProblem, match="not a whole number"):
        values.parse_integer("12.5", FIELD["users_count"])


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("hosting", "SaaS", "saas"),
        ("hosting", "Cloud (SaaS)", "saas"),
        ("hosting", "On-prem", "on_premises"),
        ("hosting", "ON PREMISES  ", "on_premises"),
        ("hosting", "vendor_hosted", "vendor_hosted"),
        ("criticality", "Mission critical", "mission_critical"),
        ("criticality", "MISSION-CRITICAL", "mission_critical"),
        ("sso", "Yes", "yes"),
        ("sso", "N", "no"),
        ("sso", True, "yes"),
        ("mfa", "No", "none"),
        ("mfa", "None", "none"),
        ("mfa", "unknown", "unknown"),
        ("backup_status", "None", "none"),
        ("category", "Finance / ERP", "finance_erp"),
        ("category", "public safety", "public_safety"),
        ("category", "CAD/RMS", "public_safety"),
        ("criticality", "n/a", None),
    ],
)
def test_choices_by_key_label_or_synonym_in_any_case(key, raw, expected):
    assert values.parse_choice(raw, FIELD[key]) == expected


def test_an_unknown_category_names_the_value_and_the_allowed_ones():
    with pytest.raises(ValueProblem) as caught:
        values.parse_choice("Telecom", FIELD["category"])
    message = str(caught.value)
    assert "“Telecom” is not a known category" in message
    assert "Finance / ERP" in message and "Network and infrastructure" in message


def test_lists_of_departments_and_regulated_data():
    assert values.split_list("Finance; Public Works, Police / Fire") == [
        "Finance", "Public Works", "Police", "Fire",
    ]  # fmt: skip
    assert values.split_list("Finance;finance") == ["Finance"]
    assert values.parse_choices("PII; CJIS, HIPAA / PCI; FTI", FIELD["regulated_data"]) == [
        "pii", "criminal_justice", "health", "payment_card", "federal_tax",
    ]  # fmt: skip
    assert values.parse_choices("None", FIELD["regulated_data"]) == []
    with pytest.raises(ValueProblem, match="“gossip”"):
        values.parse_choices("PII; gossip", FIELD["regulated_data"])


def test_text_is_trimmed_bounded_and_loses_the_exports_formula_guard():
    assert values.parse_text("PERMITS       ", FIELD["name"]) == "PERMITS"
    assert values.parse_text("'=HYPERLINK(1)", FIELD["notes"]) == "=HYPERLINK(1)"
    assert values.parse_text("'quoted", FIELD["notes"]) == "'quoted"
    assert values.parse_text(7.0, FIELD["product_version"]) == "7"
    with pytest.raises(ValueProblem, match="201 characters long; at most 200"):
        values.parse_text("x" * 201, FIELD["name"])


def test_every_choice_and_header_synonym_points_at_one_place():
    seen: dict[str, str] = {}
    for field in columns.FIELDS:
        for text in (field.key, field.label, *field.synonyms):
            key = columns.normalise(text)
            assert seen.setdefault(key, field.key) == field.key, (text, seen[key], field.key)
        index: dict[str, str] = {}
        for choice in field.choices:
            for text in (choice.key, choice.label, *choice.synonyms):
                key = columns.normalise(text)
                assert index.setdefault(key, choice.key) == choice.key, (field.key, text)
