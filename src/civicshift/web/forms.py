"""Form rendering in the U.S. Web Design System's markup, for every form of every app."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

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
    "selectmultiple": "usa-select",
}


def widget_type(widget) -> str:
    """The same name Django's ``BoundField.widget_type`` gives (``TextInput`` → ``text``)."""
    return re.sub(r"widget$|input$", "", widget.__class__.__name__.lower())


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message beside its field when the form
    has that field, otherwise at the top of the form."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, messages in errors.items():
        form.add_error(field if field in form.fields else None, messages)


class UswdsFormRenderer(TemplatesSetting):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


class UswdsFormMixin:
    """Adds USWDS classes to widgets. Mix into any Form or ModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not through BoundFields: they would be cached now, and a subclass that changes a
        # label after this __init__ would not be seen.
        for field in self.fields.values():
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
