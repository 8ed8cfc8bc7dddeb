"""The secret in an organization's milestone calendar-feed addresses (issue 9, item 4: "iCalendar
feeds of milestones per initiative and per organization"). A calendar program polls the address
without signing in, so the address itself is the credential: only a hash of it is stored, it
opens the milestone feeds and nothing else, and an editor can revoke or replace it
(docs/decisions.md, "Calendar feed addresses"). The fields and rules are the foundation's
``orgs.feed_tokens.FeedToken``, shared with the funding deadlines' feed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicshift.orgs.feed_tokens import FeedToken

FEED_KEY_PREFIX = "csf_"
#: Characters of the key stored in clear to find its row (the prefix and 8 random characters,
#: 48 bits) and shown to tell keys apart; the remaining 35 characters (210 bits) stay secret.
FEED_LOOKUP_LENGTH = 12


class MilestoneFeedToken(FeedToken):
    key_prefix = FEED_KEY_PREFIX

    class Meta(FeedToken.Meta):
        verbose_name = _("calendar feed address")
