"""Logging filters for the console handler (settings.LOGGING)."""

from __future__ import annotations

import logging


class NoTracebackForClientErrors(logging.Filter):
    """A refused request (403, 404, a wrong Host header: status below 500) logs one line.

    Django attaches the exception to these records, so every 403 and every scanner's wrong Host
    printed a traceback that looked like a crash. Server errors (500) keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
