"""Safe, unique names inside the public-records archive: uploaded names cannot climb out of
their folder ("zip slip", CWE-22), hide, name a Windows device, or overwrite one another."""

from __future__ import annotations

import subprocess
import sys

import pytest

from civicshift.formats.vendors.archive import MAX_PART, UniqueNames, safe_part


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("C:\\Users\\bid\\Price sheet.txt", "Price sheet.txt"),
        ("/absolute/path.pdf", "path.pdf"),
        ("..", "document"),
        ("", "document"),
        (".htaccess", "htaccess"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("evil\x00name\n.pdf", "evilname.pdf"),
        ("Résumé – final.pdf", "Résumé _ final.pdf"),
        ("a:b*c?d.docx", "a_b_c_d.docx"),
    ],
)
def test_safe_part(given, safe):
    assert safe_part(given) == safe


def test_a_long_name_keeps_its_extension():
    name = safe_part("x" * 300 + ".pdf")
    assert len(name) == MAX_PART and name.endswith(".pdf")


def test_names_are_unique_case_insensitively_and_stay_in_their_folder():
    names = UniqueNames()
    got = [
        names.add("documents/vendor-a", "Proposal.pdf"),
        names.add("documents/vendor-a", "proposal.PDF"),
        names.add("documents/vendor-a", "../vendor-a/Proposal.pdf"),
        names.add("documents/vendor-b", "Proposal.pdf"),
        names.add("../..", "README"),
    ]
    assert got == [
        "documents/vendor-a/Proposal.pdf",
        "documents/vendor-a/proposal (2).PDF",
        "documents/vendor-a/Proposal (3).pdf",
        "documents/vendor-b/Proposal.pdf",
        "folder/folder/README",
    ]


def test_the_formats_do_not_import_django():
    code = (
        "import sys, civicshift.formats.vendors.archive, "
        "civicshift.formats.vendors.score_workbook; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
