"""Per-request formatting: the page's language for ``core.formatting`` and the organization's
time zone for dates and times.

``web.org_views.resolve_organization`` activates the organization's time zone when a page
belongs to one; this middleware makes sure it never leaks into the next request served by the
same thread, and sets the locale the documents' and history's formatting use.
"""

from __future__ import annotations

from django.utils import timezone, translation

from civicshift.core import formatting


class LocalFormatsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        locale = translation.to_locale(translation.get_language() or "en-us")
        try:
            with formatting.use_locale(locale):
                return self.get_response(request)
        finally:
            timezone.deactivate()
