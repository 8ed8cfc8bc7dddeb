"""Hostile files are refused by ``formats.safety`` with a message naming the file and the problem.

The files are generated here: a workbook whose sheet unpacks to 1 GiB of zeros (written in
chunks, never held in memory), an archive of 10,000 parts, a YAML "billion laughs", JSON nested
100,000 deep, duplicate keys, a 10,000-digit number and 1e999. A subprocess reads them all and
reports its peak memory, which must stay far below what unpacking or expanding them would need.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from civicshift.formats import safety
from civicshift.formats.safety import UnsafeFileError

from .hostile import BILLION_LAUGHS, GIB, write_many_entries, write_zip_bomb


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return write_zip_bomb(tmp_path_factory.mktemp("hostile") / "budget.xlsx")


def refused(call, *expected: str) -> str:
    with pytest.raises(UnsafeFileError) as caught:
        call()
    message = str(caught.value)
    for text in expected:
        assert text in message, f"{text!r} not in {message!r}"
    return message


# Zip and xlsx ----------------------------------------------------------------------------------


def test_zip_bomb_is_refused_from_the_directory(bomb):
    refused(
        lambda: safety.check_zip(bomb),
        "budget.xlsx",
        "more than 100 MB",
        "“xl/worksheets/sheet1.xml” is 1024 MB",
    )


def test_zip_bomb_is_refused_by_ratio_when_the_total_is_allowed(bomb):
    refused(
        lambda: safety.check_zip(bomb, max_uncompressed_bytes=2 * GIB),
        "budget.xlsx",
        "sheet1.xml",
        "times larger",
    )


def test_zip_bomb_workbook_is_refused_before_openpyxl(bomb):
    refused(lambda: safety.open_workbook(bomb), "budget.xlsx", "unpack")


def test_archive_with_many_parts(tmp_path):
    path = tmp_path / "parts.xlsx"
    write_many_entries(path)
    refused(lambda: safety.check_zip(path), "parts.xlsx", "10000 parts", "at most 500")


def test_archive_entry_count_is_read_before_the_directory(tmp_path, monkeypatch):
    path = tmp_path / "parts.xlsx"
    write_many_entries(path, 600)

    def no_directory(*args, **kwargs):
        raise AssertionError("zipfile must not read the directory of a refused archive")

    monkeypatch.setattr(zipfile, "ZipFile", no_directory)
    refused(lambda: safety.check_zip(path), "600 parts")


def test_not_a_zip_says_not_a_workbook(tmp_path):
    path = tmp_path / "costs.xlsx"
    path.write_text("name,amount\nlicences,100\n")
    refused(lambda: safety.open_workbook(path), "costs.xlsx", "not an Excel workbook")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    refused(lambda: safety.open_workbook(path), "photos.xlsx", "not an Excel workbook")


def test_real_workbook_opens_read_only_and_streams_rows():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "amount"])
    book.active.append(["licences", 100])
    buffer = io.BytesIO()
    book.save(buffer)
    opened = safety.open_workbook(buffer.getvalue(), name="costs.xlsx")
    try:
        assert opened.read_only
        assert list(opened.active.iter_rows(values_only=True)) == [
            ("name", "amount"),
            ("licences", 100),
        ]
    finally:
        opened.close()


def test_memory_error_is_not_turned_into_not_a_workbook(monkeypatch):
    import openpyxl
    from openpyxl import Workbook

    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(openpyxl, "load_workbook", exhausted)
    with pytest.raises(MemoryError):
        safety.open_workbook(buffer.getvalue(), name="costs.xlsx")


# Size ------------------------------------------------------------------------------------------


def test_size_limit_stops_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (3 * 2**20))
    refused(lambda: safety.read_bounded(path, max_bytes=2**20), "big.json", "larger than 1 MB")


def test_size_limit_on_a_stream_reads_at_most_one_byte_more():
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(UnsafeFileError):
        safety.read_bounded(stream, max_bytes=1000, name="upload.json")
    assert stream.tell() == 1001


class _Upload(io.BytesIO):
    """What Django's UploadedFile offers: a size and chunks."""

    name = "upload.yaml"

    def __init__(self, data: bytes, size: int):
        super().__init__(data)
        self.size = size

    def chunks(self, chunk_size=None):
        raise AssertionError("a declared size over the limit is refused before reading")


def test_upload_with_a_declared_size_over_the_limit():
    refused(
        lambda: safety.read_bounded(_Upload(b"", 10 * 2**20), max_bytes=2**20),
        "upload.yaml",
        "larger than",
    )


# JSON ------------------------------------------------------------------------------------------


def test_deeply_nested_json_is_refused_without_recursion():
    text = "[" * 100_000 + "]" * 100_000
    refused(lambda: safety.load_json(text, name="case.json"), "case.json", "100000 levels", "64")


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"a": "[[[[[[[[" * 100, "b": ['\\"[[[', {"c": []}]})
    assert safety.nesting_depth(text) == 4  # object, list, object, list
    assert safety.load_json(text, name="case.json")["b"][1] == {"c": []}


def test_duplicate_keys_are_refused_and_named():
    refused(
        lambda: safety.load_json('{"title": "A", "lines": [], "title": "B"}', name="case.json"),
        "case.json",
        "“title” appears twice",
    )


def test_ten_thousand_digit_number():
    refused(
        lambda: safety.load_json('{"amount": ' + "9" * 10_000 + "}", name="case.json"),
        "case.json",
        "10000 characters",
    )


def test_long_float_digits():
    refused(
        lambda: safety.load_json("[0." + "1" * 10_000 + "]", name="case.json"),
        "10002 characters",
    )


def test_number_that_overflows_to_infinity():
    refused(lambda: safety.load_json('{"amount": 1e999}', name="case.json"), "1e999", "too large")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity(constant):
    refused(lambda: safety.load_json(f"[{constant}]", name="case.json"), constant)


def test_invalid_json_names_line_and_column():
    refused(
        lambda: safety.load_json(b'{\n  "a": ,\n}', name="case.json"),
        "case.json",
        "line 2",
        "column 8",
    )


def test_not_utf8_json():
    refused(lambda: safety.load_json(b"\xff\xfe{}", name="case.json"), "not UTF-8")


def test_ordinary_json_is_read_exactly():
    data = {"title": "Permits", "amount": 45000.5, "years": 10, "tags": ["a", "b"], "x": None}
    assert safety.load_json(json.dumps(data).encode(), name="case.json") == data


# YAML ------------------------------------------------------------------------------------------


def test_billion_laughs_is_refused_at_the_first_anchor():
    message = refused(
        lambda: safety.load_yaml(BILLION_LAUGHS, name="case.yaml"),
        "case.yaml",
        "anchor",
        "line 1",
    )
    assert "lol" not in message


def test_alias_without_anchor_in_the_message():
    # An alias to an undefined anchor: refused as an alias, and no value is shown.
    refused(lambda: safety.load_yaml("a: *x\n", name="case.yaml"), "alias")


def test_merge_keys_need_aliases_and_are_refused():
    text = "base: &b {x: 1}\nother:\n  <<: *b\n"
    refused(lambda: safety.load_yaml(text, name="case.yaml"), "anchor")


def test_deep_yaml_is_refused():
    text = "[" * 10_000 + "]" * 10_000
    refused(lambda: safety.load_yaml(text, name="case.yaml"), "case.yaml", "nest more than 64")


def test_yaml_node_count_is_bounded():
    class Small(safety.SafeYamlLoader):
        max_nodes = 100

    text = "[" + ",".join(["1"] * 500) + "]"
    refused(lambda: safety.load_yaml(text, name="case.yaml", loader=Small), "more than 100 values")


def test_yaml_duplicate_keys_and_long_numbers():
    refused(
        lambda: safety.load_yaml("title: A\ntitle: B\n", name="case.yaml"),
        "“title” appears twice",
        "line 2",
    )
    refused(
        lambda: safety.load_yaml("amount: " + "9" * 10_000 + "\n", name="case.yaml"),
        "10000 characters",
    )
    refused(lambda: safety.load_yaml("amount: .inf\n", name="case.yaml"), "not finite")


def test_ordinary_yaml_is_read():
    assert safety.load_yaml("title: Permits\nyears: 10\nrate: 0.03\n", name="c.yaml") == {
        "title": "Permits",
        "years": 10,
        "rate": 0.03,
    }


# Peak memory, in a fresh interpreter -----------------------------------------------------------

_PROBE = """
import json, sys
from civicshift.formats import safety
bomb, laughs = sys.argv[1], sys.argv[2]
results = []
for call in (
    lambda: safety.open_workbook(bomb),
    lambda: safety.read_yaml(laughs),
    lambda: safety.load_json("[" * 100_000 + "]" * 100_000, name="deep.json"),
    lambda: safety.load_json('{"a": ' + "9" * 10_000 + "}", name="digits.json"),
    lambda: safety.load_json("[1e999]", name="huge.json"),
):
    try:
        call()
        results.append("accepted")
    except safety.UnsafeFileError as exc:
        results.append(str(exc))
# VmHWM is this process's own peak; ru_maxrss would carry the parent's over exec on Linux.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
results.append(peak)
print(json.dumps(results))
"""


def test_hostile_files_are_refused_in_bounded_memory(bomb, tmp_path):
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text(BILLION_LAUGHS)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(bomb), str(laughs)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    *messages, peak_kib = json.loads(done.stdout)
    assert [m.split(":")[0] for m in messages] == [
        "budget.xlsx",
        "laughs.yaml",
        "deep.json",
        "digits.json",
        "huge.json",
    ]
    # VmHWM is in KiB. The interpreter with numpy and openpyxl is ~80 MB;
    # unpacking the sheet would take 1 GiB and the laughs ~10^9 list items.
    assert peak_kib < 300 * 1024, f"peak {peak_kib / 1024:.0f} MB"
