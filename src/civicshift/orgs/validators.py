"""Validators for text that ends up in e-mail headers.

An organization's name is the subject of every invitation. A line break in it would let whoever
can rename the organization add headers to the message (``Bcc:`` to anyone), so such text is
refused where it is entered — forms, API, services and imports all validate through the model —
rather than cleaned up later. Django's own mail code also refuses a header with a line break,
which would turn an invitation into a server error instead.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: Everything ``str.splitlines`` treats as a line break, plus the other C0 control characters
#: (tab is allowed: forms and spreadsheets produce it, and it ends no header).
FORBIDDEN = frozenset(
    [chr(c) for c in range(0x20) if c != 0x09] + ["\x7f", "\x85", "\u2028", "\u2029"]
)


@deconstructible
class SingleLineValidator:
    message = _(
        "Use a single line: line breaks and other control characters cannot be used here, "
        "because this text is used in e-mail subjects."
    )
    code = "single_line"

    def __call__(self, value) -> None:
        if isinstance(value, str) and not FORBIDDEN.isdisjoint(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, SingleLineValidator)

    def __hash__(self) -> int:
        return hash(self.code)


single_line = SingleLineValidator()
