"""``{{ user|person }}``: a person's name as other members see it (see ``accounts/people.py``)."""

from django import template

from civicshift.accounts.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
