"""How a person is named to the other members of an organization.

Members' e-mail addresses are personal data that only administrators see (the member list,
invitations). Everywhere else — owners, "saved by", "changed by", documents — a person is shown
by ``person_name``: their name; without one, a username that is not an e-mail address, or the
part of their e-mail address before the @ (which colleagues recognise, but which is no address
to write to). The tenancy harness checks the rule on every page (``testing/sensitive.py``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def person_name(user) -> str:
    if user is None:
        return ""
    name = (user.get_full_name() or "").strip()
    if name:
        return name
    username = user.get_username() or ""
    if username and "@" not in username:
        return username
    address = getattr(user, "email", "") or username
    return address.split("@", 1)[0] or _("a member")
