"""Hostile funding files, generated here: entity expansion, external entity, DOCTYPE, zip bomb,
truncated and deeply nested XML, hostile JSON."""

from __future__ import annotations

import io
import zipfile

import pytest

from civicshift.formats.funding.grantsgov_xml import NAMESPACE, read_grants_xml
from civicshift.formats.funding.limits import BoundedStream
from civicshift.formats.funding.model import FundingFileError, ReadReport
from civicshift.formats.funding.simpler_json import read_simpler_json
from civicshift.formats.tests.hostile import xml_entity_bomb

GOOD = (
    f'<?xml version="1.0"?>\n<Grants xmlns="{NAMESPACE}">\n'
    "<OpportunitySynopsisDetail_1_0><OpportunityID>1</OpportunityID>"
    "<OpportunityTitle>Cyber</OpportunityTitle></OpportunitySynopsisDetail_1_0>\n</Grants>\n"
).encode()


def _xml(data, **limits):
    return list(
        read_grants_xml(data, file="extract.xml", report=ReadReport("extract.xml"), **limits)
    )


def test_entity_expansion_is_refused_at_the_doctype():
    with pytest.raises(FundingFileError, match="document type declaration"):
        _xml(xml_entity_bomb("Grants"))


def test_external_entity_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE Grants [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<Grants><OpportunitySynopsisDetail_1_0><OpportunityID>1</OpportunityID>"
        b"<OpportunityTitle>&x;</OpportunityTitle></OpportunitySynopsisDetail_1_0></Grants>"
    )
    with pytest.raises(FundingFileError, match="document type declaration") as error:
        _xml(data)
    assert "root:" not in str(error.value)  # nothing of /etc/passwd


def test_plain_doctype_is_refused():
    with pytest.raises(FundingFileError, match="DOCTYPE"):
        _xml(b'<?xml version="1.0"?><!DOCTYPE Grants SYSTEM "http://example.com/x.dtd"><Grants/>')


def test_undeclared_entity_gives_line_and_column():
    data = GOOD.replace(b"Cyber", b"&lol;")
    with pytest.raises(FundingFileError, match=r"line 3, column \d+: undefined entity"):
        _xml(data)


def test_truncated_file_gives_line_and_column():
    with pytest.raises(FundingFileError, match=r"line 3, column \d+: .*truncated"):
        _xml(GOOD[: GOOD.index(b"</OpportunityTitle>")])


def test_malformed_file_gives_line_and_column():
    with pytest.raises(FundingFileError, match=r"line 3, column \d+: mismatched tag"):
        _xml(GOOD.replace(b"</OpportunityTitle>", b"</OpportunityName>"))


def test_deep_nesting_is_refused():
    deep = b"<x>" * 50 + b"</x>" * 50
    data = GOOD.replace(b"Cyber", deep)
    with pytest.raises(FundingFileError, match="nests more than 8"):
        _xml(data)


def test_empty_file():
    with pytest.raises(FundingFileError, match="not well-formed|empty"):
        _xml(b"")


def _zip_of_zeros(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("GrantsDBExtract20260101v2.xml", "w", force_zip64=True) as part,
    ):
        chunk = b"0" * 2**20
        for _ in range(megabytes):
            part.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_is_refused_from_the_central_directory():
    bomb = _zip_of_zeros(64)  # 64 MB of zeros in about 64 KB: ratio about 1000
    with pytest.raises(FundingFileError, match="decompression bomb"):
        _xml(bomb)


def test_zip_over_the_absolute_limit_is_refused():
    data = _zip_of_zeros(3)
    with pytest.raises(FundingFileError, match="unpack to more than"):
        _xml(data, max_unzipped_bytes=2 * 2**20, max_ratio=10_000)


def test_bounded_stream_refuses_while_reading():
    stream = BoundedStream(io.BytesIO(b"x" * 100), 50, "f.zip", "too much")
    stream.read(40)
    with pytest.raises(FundingFileError, match="too much"):
        stream.read(40)


def test_zip_with_two_xml_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", GOOD)
        archive.writestr("b.xml", GOOD)
    with pytest.raises(FundingFileError, match="holds 2 .xml files"):
        _xml(buffer.getvalue())


def test_json_nesting_is_refused():
    data = b'{"opportunities": [' + b"[" * 100 + b"]" * 100 + b"]}"
    with pytest.raises(FundingFileError, match="nest more than"):
        list(read_simpler_json(data, file="x.json"))


def test_truncated_json_is_refused():
    data = b'{"opportunities": [{"legacy_opportunity_id": 1, "opportunity_title": "A"}, {"leg'
    with pytest.raises(FundingFileError, match="not valid JSON near opportunity 2"):
        list(read_simpler_json(data, file="x.json"))
