"""The deadlines feed's address actions, registered with the generic tenancy harness. The feed
itself is outside /o/<org>/ (the key names the organization); test_feeds.py checks it."""

from civicshift.funding.models import DeadlineFeedToken
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness


class TestDeadlineFeedTokens(TenancyHarness):
    model = DeadlineFeedToken
    endpoints = [
        Endpoint(
            "funding:deadlines_feed_create",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            shows_secret=True,
        ),
        Endpoint("funding:deadlines_feed_revoke", "POST", Role.EDITOR, object_in_url=False),
    ]

    def make_object(self, organization, user):
        from civicshift.funding import services_feeds

        token, _key = services_feeds.deadline_feed_token_create(
            actor=user, organization=organization
        )
        return token
