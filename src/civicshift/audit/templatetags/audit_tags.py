from django import template

from civicshift.audit.selectors import history_for_object

register = template.Library()


@register.inclusion_tag("audit/object_history.html", takes_context=True)
def object_history(context, obj, limit: int = 20):
    """The change history of one record, newest first, for the bottom of its page."""
    org = context.get("org")
    events = list(history_for_object(org, obj)[:limit]) if org is not None else []
    return {"events": events, "obj": obj, "org": org}
