from django import template

from civicshift.cases.report import line_basis

register = template.Library()


@register.filter
def basis(line, currency: str = "USD") -> str:
    """How a line's amount is built ("2,200 hours × $56 an hour"), or "" without a multiplier."""
    return line_basis(line, currency)
