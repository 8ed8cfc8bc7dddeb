"""The shared API fixtures (``civicshift.testing.api_fixtures``) for this app's API tests."""

from civicshift.testing.api_fixtures import (  # noqa: F401
    admin_api,
    editor_api,
    org,
    other_org,
    token_client,
    users,
    viewer_api,
)
