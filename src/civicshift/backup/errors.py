"""The one exception the backup mechanism raises for a file or target it refuses."""

from __future__ import annotations


class BackupError(ValueError):
    """An export could not be made or an import file was refused.

    The message names the problem in words an IT manager can act on (the table, the row id and
    the field where it applies). When an import raises it, nothing has been written.
    """


class ExistingAccountsError(BackupError):
    """The file gives a role to accounts that already exist here, and nobody confirmed them.

    ``accounts`` lists them (``importing.ExistingAccount``): the e-mail address and the roles.
    Nothing has been written; import again confirming them, or leaving them out.
    """

    def __init__(self, message: str, accounts: list) -> None:
        super().__init__(message)
        self.accounts = accounts
