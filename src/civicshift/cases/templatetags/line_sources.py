from django import template

from civicshift.cases.line_sources import line_sources as _line_sources

register = template.Library()


@register.simple_tag
def line_sources(option):
    """Links to other modules' pages that propose lines for ``option``."""
    return _line_sources(option)
