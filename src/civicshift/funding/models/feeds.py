"""The secret in an organization's funding-deadlines calendar-feed address (issue 10, item 5:
"a deadline view … and an iCalendar feed"). As with the plan's milestone feed, the address is
the credential a calendar program polls with: the fields and rules are the foundation's
``orgs.feed_tokens.FeedToken``; this table is funding's own, so the key opens the deadlines
and nothing else (not the milestones, and the milestones' key does not open this)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicshift.orgs.feed_tokens import FeedToken

#: "cs" and "d" for deadlines: the milestone feeds' keys start "csf_".
DEADLINE_FEED_KEY_PREFIX = "csd_"


class DeadlineFeedToken(FeedToken):
    key_prefix = DEADLINE_FEED_KEY_PREFIX

    class Meta(FeedToken.Meta):
        verbose_name = _("funding deadlines feed address")
