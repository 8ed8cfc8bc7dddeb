"""The audit trail as sentences for people.

An event is stored as field names and raw values (``{"cost_high": ["120000.00", "150000.00"]}``)
so that it never changes. This module turns it into what a council member can read: "Dana Ruiz
changed the initiative “ERP” on March 3, 2026, 2:05 PM — Rough cost, high: from $120,000 to
$150,000". Field labels are the models' ``verbose_name``, choices their labels, amounts money in
the organization's currency, rates percentages, people their names.

Which figures are rates: a model lists them in ``audit_percent`` (fractions shown as
percentages); a decimal field with two decimal places is money, unless the model lists it in
``audit_number`` (a score, a weight typed in percent: shown as the plain number).
Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core import formatting
from civicshift.web.templatetags.civicshift import active_locale

from .models import Action, AuditEvent


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str
    #: "set" (a value where there was none: shown as "Label: after"), "changed" or "cleared".
    kind: str

    @property
    def text(self) -> str:
        if self.kind == "set":
            return _("%(field)s: %(after)s") % {"field": self.label, "after": self.after}
        if self.kind == "cleared":
            return _("%(field)s: %(before)s removed") % {
                "field": self.label,
                "before": self.before,
            }
        return _("%(field)s: from %(before)s to %(after)s") % {
            "field": self.label,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class EventView:
    event: AuditEvent
    who: str
    what: str  # "changed the initiative “ERP”"
    when: str
    changes: list[ChangeLine] = field(default_factory=list)

    @property
    def sentence(self) -> SafeString:
        """'<strong>Dana Ruiz</strong> changed the initiative “ERP” on March 3, 2026, 2:05 PM.'"""
        return mark_safe(  # noqa: S308 - every part is escaped here
            _("%(who)s %(what)s on %(when)s.")
            % {
                "who": f"<strong>{conditional_escape(self.who)}</strong>",
                "what": conditional_escape(self.what),
                "when": f'<time datetime="{self.event.created_at.isoformat()}">'
                f"{conditional_escape(self.when)}</time>",
            }
        )

    @property
    def reason(self) -> str:
        return self.event.reason

    @property
    def folded(self) -> bool:
        """A new or deleted record lists all its values: folded away when there are many."""
        return self.event.action in (Action.CREATE, Action.DELETE) and len(self.changes) > 3


VERBS = {
    Action.CREATE: gettext_lazy("created %(kind)s “%(name)s”"),
    Action.UPDATE: gettext_lazy("changed %(kind)s “%(name)s”"),
    Action.DELETE: gettext_lazy("deleted %(kind)s “%(name)s”"),
    Action.STATUS: gettext_lazy("changed the status of %(kind)s “%(name)s”"),
    Action.IMPORT: gettext_lazy("imported into %(kind)s “%(name)s”"),
    Action.EXPORT: gettext_lazy("exported the data of %(kind)s “%(name)s”"),
}


def person_name(user, *, label: str, show_contact: bool) -> str:
    """A person's name as the pages show it. E-mail addresses and usernames (often e-mails) only
    to administrators, who see them on the members page anyway."""
    if user is not None:
        name = user.get_full_name().strip()
        if name:
            return name
    if label == "system":
        return _("CivicShift (command line or import)")
    if show_contact and label:
        return label
    return _("A member without a name on file")


class _Values:
    """Formats stored values of one model's fields for display."""

    def __init__(self, *, currency: str, locale: str, people: dict[str, str]) -> None:
        self.currency = currency
        self.locale = locale
        self.people = people

    def text(self, model: type[models.Model] | None, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return _("(empty)")
        model_field = _field(model, name)
        if isinstance(value, list):
            return ", ".join(self.text(None, name, v) for v in value) or _("(none)")
        if model_field is None:
            return str(value)
        if model_field.choices:
            labels = {str(k): str(v) for k, v in model_field.flatchoices}
            return labels.get(str(value), str(value))
        if isinstance(model_field, models.BooleanField):
            return _("yes") if value in (True, "True", "true") else _("no")
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is (
            get_user_model()
        ):
            return self.people.get(str(value), _("a member"))
        if isinstance(model_field, models.DecimalField):
            if name in getattr(model, "audit_percent", ()):
                # As many decimals as the stored rate needs: 0.0300 → 3%, 0.0345 → 3.45%.
                exponent = Decimal(str(value)).normalize().as_tuple().exponent
                digits = max(0, -int(exponent) - 2)
                return formatting.percent(value, digits, locale=self.locale)
            if model_field.decimal_places == 2 and name not in getattr(model, "audit_number", ()):
                return formatting.money(value, self.currency, locale=self.locale)
            return formatting.number(value, locale=self.locale)
        if isinstance(model_field, (models.IntegerField, models.FloatField)):
            return formatting.number(value, locale=self.locale)
        if isinstance(model_field, models.DateTimeField):
            return formatting.datetime(
                value, timezone.get_current_timezone_name(), locale=self.locale
            )
        if isinstance(model_field, models.DateField):
            return formatting.date(value, locale=self.locale)
        return str(value)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: shown by its name
        return None


def _label(model: type[models.Model] | None, name: str) -> str:
    model_field = _field(model, name)
    label = getattr(model_field, "verbose_name", None) or name.replace("_", " ")
    return str(label)[:1].upper() + str(label)[1:]


def _change_lines(event: AuditEvent, model, values: _Values) -> list[ChangeLine]:
    lines = []
    for name, pair in (event.changes or {}).items():
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        empty = (None, "", [])
        if before in empty and after in empty:
            continue
        kind = "set" if before in empty else "cleared" if after in empty else "changed"
        if event.action == Action.DELETE:
            kind, after = "set", before
        lines.append(
            ChangeLine(
                label=_label(model, name),
                before=values.text(model, name, before),
                after=values.text(model, name, after),
                kind=kind,
            )
        )
    return lines


def _user_values(events: list[AuditEvent]) -> set[str]:
    """The stored texts of every user reference in these events (owners, for example)."""
    user_model = get_user_model()
    found = set()
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        for name, pair in (event.changes or {}).items():
            model_field = _field(model, name)
            if isinstance(model_field, models.ForeignKey) and (
                model_field.related_model is user_model
            ):
                found.update(str(v) for v in (pair if isinstance(pair, list) else [pair]) if v)
    return found


def present(events, *, organization, show_contact: bool) -> list[EventView]:
    """Sentences for these events (an iterable of AuditEvent, actor and content type loaded)."""
    events = list(events)
    user_model = get_user_model()
    texts = _user_values(events)
    people: dict[str, str] = {}
    if texts:
        # A user foreign key is stored as str(user), which is the username.
        for user in user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": texts}).only(
            "first_name", "last_name", user_model.USERNAME_FIELD
        ):
            people[user.get_username()] = person_name(
                user, label=user.get_username(), show_contact=show_contact
            )
        for text in texts - people.keys():
            people[text] = text if show_contact else _("a former member")
    locale = active_locale()
    values = _Values(currency=organization.currency, locale=locale, people=people)
    views = []
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        kind = _("the %(kind)s") % {"kind": model._meta.verbose_name} if model else ""
        verb = str(VERBS.get(event.action, VERBS[Action.UPDATE]))
        what = (verb % {"kind": kind, "name": event.object_repr}).replace("  ", " ")
        views.append(
            EventView(
                event=event,
                who=person_name(event.actor, label=event.actor_label, show_contact=show_contact),
                what=what,
                when=formatting.datetime(
                    event.created_at, timezone.get_current_timezone_name(), locale=locale
                ),
                changes=_change_lines(event, model, values),
            )
        )
    return views
