"""The one exception the backup mechanism raises for a file or target it refuses."""

from __future__ import annotations


class BackupError(ValueError):
    """An export could not be made or an import file was refused.

    The message names the problem in words an IT manager can act on (the table, the row id and
    the field where it applies). When an import raises it, nothing has been written.
    """
