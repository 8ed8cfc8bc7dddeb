"""A changed password revokes the account's API tokens.

Connected to the user model's ``post_save``, so every path that changes a password is covered:
the reset link, site administration's password form, ``manage changepassword`` and any code that
calls ``set_password()`` then ``save()``. Django marks a real change by keeping the new raw
password in ``_password`` until the save is done; it clears it for the silent re-hash at sign-in
when hashing parameters change, which therefore revokes nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=get_user_model(), dispatch_uid="civicshift-api-revoke-on-password")
def revoke_tokens_when_the_password_changes(sender, instance, created, **kwargs) -> None:
    if created or getattr(instance, "_password", None) is None:
        return
    from .services import api_tokens_revoke_all

    api_tokens_revoke_all(user=instance, reason="password changed")
