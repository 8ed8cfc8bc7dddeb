"""Every reader of a business-case file refuses hostile files through ``formats.safety``:
``read_case`` (what ``civicshift case analyze`` calls) for YAML, JSON and xlsx, and the
command itself (exit code 2, the file and the problem on standard error)."""

from __future__ import annotations

import pytest

from civicshift.cli_case import main
from civicshift.formats.cases.file import CaseFileError, read_case

from . import hostile


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return hostile.write_zip_bomb(tmp_path_factory.mktemp("hostile") / "lines.xlsx")


HOSTILE_TEXT = [
    ("laughs.yaml", hostile.BILLION_LAUGHS, "anchor"),
    ("deep.json", hostile.DEEP_JSON, "100000 levels"),
    ("deep.yaml", "[" * 10_000 + "]" * 10_000, "nest more than"),
    ("twice.json", hostile.DUPLICATE_KEYS_JSON, "“title” appears twice"),
    ("digits.json", hostile.TEN_THOUSAND_DIGITS_JSON, "10000 characters"),
    ("digits.yaml", "start_year: " + "9" * 10_000 + "\n", "10000 characters"),
    ("huge.json", hostile.OVERFLOW_JSON, "1e999"),
    ("nan.json", '{"discount_rate": NaN}', "NaN"),
]


@pytest.mark.parametrize(("name", "text", "problem"), HOSTILE_TEXT)
def test_read_case_refuses_hostile_text(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(CaseFileError) as caught:
        read_case(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "lol" not in message


def test_read_case_refuses_a_zip_bomb_workbook(bomb):
    with pytest.raises(CaseFileError, match="unpack to more than 100 MB"):
        read_case(bomb)


def test_read_case_refuses_a_workbook_of_many_parts(tmp_path):
    path = hostile.write_many_entries(tmp_path / "parts.xlsx")
    with pytest.raises(CaseFileError, match="10000 parts"):
        read_case(path)


def test_read_case_refuses_an_oversized_file(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * 600_000)  # 6 MB of comments
    with pytest.raises(CaseFileError, match="larger than 5 MB"):
        read_case(path)


def test_case_analyze_command_reports_the_file_and_the_problem(tmp_path, bomb, capsys):
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text(hostile.BILLION_LAUGHS)
    for path, problem in ((laughs, "anchor"), (bomb, "unpack")):
        assert main(["analyze", str(path)]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert str(path) in err and problem in err
