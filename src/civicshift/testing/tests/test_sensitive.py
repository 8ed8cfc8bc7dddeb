"""The SENSITIVE rule's helpers: which roles read a page, and what text a response shows."""

import io
import zipfile

from django.http import HttpResponse

from civicshift.orgs.roles import Role
from civicshift.testing.sensitive import SENSITIVE, response_text, strictest_readers


def test_each_page_is_read_by_the_most_privileged_role_of_each_rule():
    assert strictest_readers(Role.VIEWER) == [Role.EDITOR, Role.ADMIN]
    assert strictest_readers(Role.EDITOR) == [Role.EDITOR, Role.ADMIN]
    assert strictest_readers(Role.ADMIN) == [Role.ADMIN]


def test_only_administrators_see_addresses_and_nobody_sees_keys_or_hashes():
    rules = {secret.name: secret.visible_to for secret in SENSITIVE}
    assert rules["other people's e-mail addresses"] == {Role.ADMIN}
    assert rules["invitation e-mail addresses"] == {Role.ADMIN}
    assert rules["API token keys"] == rules["API token hashes"] == frozenset()
    assert rules["password hashes"] == rules["invitation token hashes"] == frozenset()


def test_the_text_of_a_zipped_document_is_searched_inside_its_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:t>Owner: jdoe@example.org</w:t>")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    assert b"jdoe@example.org" not in buffer.getvalue()  # compressed
    assert "jdoe@example.org" in response_text(response)
