"""A backup file uploaded for import, kept between the preview and the administrator's
confirmation (in the database, so any app process or worker can read it)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Uploads not confirmed within this time are removed at the next upload.
KEEP_FOR = dt.timedelta(days=1)


class PendingImport(models.Model):
    """Not organization-owned: the organization does not exist until the import is confirmed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    into_slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")

    def __str__(self) -> str:
        return f"{self.file_name} → {self.into_slug}"

    @classmethod
    def remove_stale(cls) -> None:
        cls.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
