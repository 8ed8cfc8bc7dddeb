"""Form rendering in the U.S. Web Design System's markup, for every form of every app."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .concurrency import VersionedFormMixin

WIDGET_CLASSES = {
    # keys are BoundField.widget_type: the widget's class name without "Input"/"Widget"
    "text": "usa-input",
    "email": "usa-input",
    "number": "usa-input",
    "password": "usa-input",
    "url": "usa-input",
    "date": "usa-input",
    "textarea": "usa-textarea",
    "select": "usa-select",
    "checkbox": "usa-checkbox__input",
}

#: Django's placeholder for "no choice" in select boxes, replaced by words.
DASHES = "---------"


def widget_type(widget) -> str:
    """The same name Django's ``BoundField.widget_type`` gives (``TextInput`` → ``text``)."""
    return re.sub(r"widget$|input$", "", widget.__class__.__name__.lower())


class SharedChoicesMixin:
    """A choice field whose copies share its list of choices instead of deep-copying it.

    Django deep-copies every field of a form class for each form (``BaseForm.__init__``), and a
    ``ChoiceField`` deep-copies its choices with it: for a form built at every keystroke (the
    business case's line editor) that copying was the largest part of building the form. The
    choices are made a tuple of ``(value, label)`` tuples, which nothing can change in place, so
    sharing them is safe; a form that needs other choices assigns new ones to its own copy
    (``field.choices = ...``, as ``_words_for_no_choice`` does), which never reaches the class's
    field. Callable choices (evaluated per form) keep Django's own copying."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self._choices, list):
            self._choices = tuple(self._choices)

    def __deepcopy__(self, memo):
        if not isinstance(self._choices, tuple):
            return super().__deepcopy__(memo)
        # Field.__deepcopy__: a copy of the field with its own widget, error messages and
        # validators; ChoiceField's own step (deep-copying the choices) is the one left out.
        return forms.Field.__deepcopy__(self, memo)


class SharedChoiceField(SharedChoicesMixin, forms.ChoiceField):
    """A ChoiceField whose forms share one immutable choices tuple (see the mixin)."""


class SharedTypedChoiceField(SharedChoicesMixin, forms.TypedChoiceField):
    """A TypedChoiceField whose forms share one immutable choices tuple (see the mixin)."""


def shared_choices_formfield(model_field, **kwargs):
    """``Meta.formfield_callback`` for a model form: the model's choice fields become
    ``SharedTypedChoiceField`` (Django's ``TypedChoiceField`` otherwise), the rest as Django
    makes them."""
    if model_field.choices is not None:
        kwargs.setdefault("choices_form_class", SharedTypedChoiceField)
    return model_field.formfield(**kwargs)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message beside its field when the form
    has that field, otherwise at the top of the form."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, messages in errors.items():
        form.add_error(field if field in form.fields else None, messages)


class UswdsFormRenderer(TemplatesSetting):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


class ChoiceBoxes:
    """USWDS markup for a list of checkboxes or radio buttons: each input in its own
    ``usa-checkbox``/``usa-radio`` box with its label after it (Django's default wraps the input
    inside the label, which USWDS does not style)."""

    template_name = "web/forms/widgets/choice_boxes.html"
    option_template_name = "django/forms/widgets/input.html"
    box_class = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["box_class"] = self.box_class
        return context

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = f"{self.box_class}__input"
        return option


class CheckboxSelectMultiple(ChoiceBoxes, forms.CheckboxSelectMultiple):
    box_class = "usa-checkbox"


class RadioSelect(ChoiceBoxes, forms.RadioSelect):
    box_class = "usa-radio"


def _uswds_widget(widget: forms.Widget) -> forms.Widget:
    """The USWDS form of a choice widget: checkboxes instead of a multiple-select box (which
    needs Ctrl-click and is hard to use on a phone or with a screen reader)."""
    if isinstance(widget, ChoiceBoxes):
        return widget
    for django_class, ours in (
        (forms.CheckboxSelectMultiple, CheckboxSelectMultiple),
        (forms.RadioSelect, RadioSelect),
        (forms.SelectMultiple, CheckboxSelectMultiple),
    ):
        if isinstance(widget, django_class):
            new = ours(attrs=widget.attrs, choices=widget.choices)
            new.is_required, new.is_localized = widget.is_required, widget.is_localized
            return new
    return widget


def _words_for_no_choice(field: forms.Field) -> None:
    """No "---------" in a select box: "Choose one" when a choice is required, "None" when
    leaving it empty is allowed. A form may set its own words (e.g. "No owner yet")."""
    words = _("Choose one") if field.required else _("None")
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DASHES:
        field.empty_label = words
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if any(value == "" and label == DASHES for value, label in choices):
            field.choices = [
                (value, words if (value == "" and label == DASHES) else label)
                for value, label in choices
            ]


class UswdsFormMixin:
    """Adds USWDS classes and markup to widgets. Mix into any Form or ModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not through BoundFields: they would be cached now, and a subclass that changes a
        # label after this __init__ would not be seen.
        for field in self.fields.values():
            field.widget = _uswds_widget(field.widget)
            _words_for_no_choice(field)
            widget = field.widget
            css = WIDGET_CLASSES.get(widget_type(widget))
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


class Form(UswdsFormMixin, forms.Form):
    pass


class ModelForm(VersionedFormMixin, UswdsFormMixin, forms.ModelForm):
    """A model form in USWDS markup; editing a versioned row, it carries the row's version
    (``web.concurrency``)."""
