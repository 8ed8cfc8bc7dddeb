from django import template

from civicshift.audit.presentation import present
from civicshift.audit.selectors import can_see_contacts, history_for_object

register = template.Library()


@register.inclusion_tag("audit/object_history.html", takes_context=True)
def object_history(context, obj, limit: int = 20):
    """The change history of one record, newest first, for the bottom of its page."""
    org = context.get("org")
    membership = context.get("membership")
    role = membership.role if membership is not None else None
    events = []
    if org is not None:
        events = present(
            history_for_object(org, obj, role)[:limit],
            organization=org,
            show_contact=can_see_contacts(role),
        )
    return {"events": events, "obj": obj, "org": org}
