"""The line editor's live messages are tied to their inputs (WCAG 2.1 success criteria 3.3.1
Error Identification and 4.1.2 Name, Role, Value; WAI-ARIA 1.2 ``aria-describedby`` and
``aria-invalid``): each input names its help text and its live message in aria-describedby, the
message lives in a polite live region that stays in place, and the preview marks which messages
say the value cannot be used (``data-invalid``), which line-editor.js turns into
``aria-invalid="true"`` on the input (tests/browser/test_business_case.py checks it toggles)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from civicshift.cases.forms import LineForm
from civicshift.cases.models import CaseLine

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every start tag of a page: (tag, attributes, its text up to the next tag)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict, list[str]]] = []
        self._open: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs), []))
        self._open = self.found[-1][2]

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def by_id(self, element_id: str):
        return next(
            ((t, a, "".join(x)) for t, a, x in self.found if a.get("id") == element_id), None
        )

    def inputs(self, name: str) -> list[dict]:
        return [
            a
            for t, a, _x in self.found
            if t in ("input", "select", "textarea") and a.get("name") == name
        ]


def _url(case, name, **extra):
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, **extra},
    )


def _typed(**fields):
    data = {
        "name": "Paper and postage",
        "kind": "benefit",
        "category": "cashable_savings",
        "distribution": "triangular",
        "low": "500",  # above likely: refused
        "likely": "400",
        "high": "900",
        "first_period": "1",
        "last_period": "10",
        "escalation": "0",
        "ramp": "",
    }
    data.update(fields)
    return data


def test_every_input_is_described_by_its_help_text_then_its_live_message(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    page = Elements(client.get(_url(case, "line_create", option=option.pk)).content.decode())
    form = LineForm(option=option)
    checked = 0
    for field in form.visible_fields():
        inputs = page.inputs(field.html_name)
        assert inputs, field.name
        expected = ([f"id_{field.name}_helptext"] if field.help_text else []) + [
            f"live-error-{field.name}"
        ]
        for attrs in inputs:
            described = attrs["aria-describedby"].split()
            assert described == expected, (field.name, attrs)
            for element_id in described:  # every id names an element of the page
                assert page.by_id(element_id) is not None, (field.name, element_id)
            assert "aria-invalid" not in attrs, field.name
            checked += 1
        region = page.by_id(f"live-region-{field.name}")
        assert region[1]["aria-live"] == "polite"
        message = page.by_id(f"live-error-{field.name}")
        assert message[2] == ""  # nothing said before anything is typed
    assert checked >= 10  # name, kind, category, distribution, low, likely, high, years…


def test_the_preview_marks_the_invalid_message_and_clears_it_when_valid(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    url = _url(case, "line_preview", option=option.pk)
    fragment = Elements(client.post(url, _typed(), HTTP_HX_REQUEST="true").content.decode())
    tag, attrs, text = fragment.by_id("live-error-low")
    assert "greater than likely" in text
    # Replaced whole (its attributes with it) inside the live region, which stays in place.
    assert attrs["hx-swap-oob"] == "outerHTML"
    assert attrs["data-invalid"] == "true"
    assert "cs-live-error" in attrs["class"].split()
    for name in ("likely", "high", "name", "escalation"):
        _tag, other, text = fragment.by_id(f"live-error-{name}")
        assert (other["data-invalid"], text) == ("false", ""), name
    # Valid again: no message says invalid any more.
    fragment = Elements(
        client.post(url, _typed(low="300"), HTTP_HX_REQUEST="true").content.decode()
    )
    marked = [a for _t, a, _x in fragment.found if "data-invalid" in a]
    assert len(marked) == len(LineForm(option=option).visible_fields())
    assert {a["data-invalid"] for a in marked} == {"false"}
    assert CaseLine.objects.filter(name="Paper and postage").count() == 0  # nothing saved


def test_a_refused_save_keeps_djangos_error_id_before_the_live_message(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    response = client.post(_url(case, "line_create", option=option.pk), _typed())
    assert response.status_code == 200
    page = Elements(response.content.decode())
    form = LineForm(option=option)
    helps = {n: [f"id_{n}_helptext"] if form[n].help_text else [] for n in ("low", "likely")}
    (low,) = page.inputs("low")
    assert low["aria-invalid"] == "true"
    assert low["aria-describedby"].split() == [*helps["low"], "id_low_error", "live-error-low"]
    assert "greater than likely" in page.by_id("id_low_error")[2]
    (likely,) = page.inputs("likely")
    assert "aria-invalid" not in likely
    assert likely["aria-describedby"].split() == [*helps["likely"], "live-error-likely"]
    assert helps["likely"]  # the likely amount explains itself: its help text is kept
