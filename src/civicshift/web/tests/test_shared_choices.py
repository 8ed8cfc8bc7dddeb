"""Choice fields that share their choices between forms (web.forms.SharedChoicesMixin): built for
the live preview, where a form is made at every keystroke. The copies must behave as Django's own
deep copies do from the outside: each form has its own field, its own widget, and choices changed
on one form never reach the class or another form."""

from __future__ import annotations

import copy

from django import forms

from civicshift.cases.forms import LineForm
from civicshift.web.forms import Form, SharedChoiceField, SharedTypedChoiceField

COLOURS = [("", "---------"), ("r", "Red"), ("g", "Green")]


class _Plain(Form):
    colour = forms.ChoiceField(choices=COLOURS, required=False)


class _Shared(Form):
    colour = SharedChoiceField(choices=COLOURS, required=False)


def test_copies_share_one_tuple_of_choices_and_own_the_rest():
    field = SharedTypedChoiceField(choices=COLOURS, coerce=str)
    clone = copy.deepcopy(field)
    assert isinstance(field.choices, tuple)
    assert clone.choices is field.choices
    assert clone is not field
    assert clone.widget is not field.widget
    assert clone.widget.attrs is not field.widget.attrs
    assert clone.error_messages is not field.error_messages
    assert clone.validators is not field.validators
    # Django's own ChoiceField copies them (the cost this mixin avoids).
    django_field = forms.ChoiceField(choices=COLOURS)
    assert copy.deepcopy(django_field).choices is not django_field.choices


def test_choices_changed_on_one_form_stay_on_that_form():
    first, second = _Shared(), _Shared()
    first.fields["colour"].choices = [("b", "Blue")]
    first.fields["colour"].widget.attrs["data-x"] = "1"
    assert list(second.fields["colour"].choices) == [("", "None"), ("r", "Red"), ("g", "Green")]
    assert list(_Shared.base_fields["colour"].choices) == COLOURS
    assert "data-x" not in second.fields["colour"].widget.attrs
    assert "data-x" not in _Shared.base_fields["colour"].widget.attrs


def test_a_shared_field_renders_and_validates_as_django_s_own():
    for data in ({"colour": "g"}, {"colour": "nope"}, {}):
        plain, shared = _Plain(data), _Shared(data)
        assert str(shared["colour"]) == str(plain["colour"])
        assert shared.is_valid() == plain.is_valid()
        assert shared.errors == plain.errors


def test_callable_choices_keep_django_s_copying():
    field = SharedChoiceField(choices=lambda: COLOURS)
    assert not isinstance(field._choices, tuple)
    assert list(copy.deepcopy(field).choices) == COLOURS


def test_the_line_form_uses_shared_choice_fields():
    fields = LineForm.base_fields
    for name in ("kind", "category", "distribution"):
        assert isinstance(fields[name], SharedTypedChoiceField), name
    assert isinstance(fields["counting"], SharedChoiceField)
