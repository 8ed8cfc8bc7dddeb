"""Hostile and broken MSPDI: each refused with one message naming the element or task, and no
Project returned. The attacks are the classic ones (OWASP "XML External Entity Prevention" and
"billion laughs", the cases defusedxml documents); the broken files are the shared
mpxj_mspdirelations.xml with one element changed."""

from __future__ import annotations

import pytest

from civicshift.formats.plan import PlanFileError
from civicshift.formats.plan.mspdi_read import read_mspdi
from civicshift.formats.tests.plan_helpers import shared_mspdi

NS = 'xmlns="http://schemas.microsoft.com/project"'

XXE = f"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project {NS}><Name>&secret;</Name><StartDate>2027-01-04T08:00:00</StartDate></Project>"""

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + f"]>\n<Project {NS}><Name>&lol9;</Name></Project>"
)

PLAIN_DOCTYPE = f'<?xml version="1.0"?>\n<!DOCTYPE Project>\n<Project {NS}/>'


def refused(data: bytes | str, **kwargs) -> str:
    if isinstance(data, str):
        data = data.encode()
    with pytest.raises(PlanFileError) as info:
        read_mspdi(data, "plan.xml", **kwargs)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("plan.xml: ")
    return message


def relations_with(old: str, new: str) -> bytes:
    text = shared_mspdi("mpxj_mspdirelations.xml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


def test_external_entity_is_refused():
    assert "document type declaration" in refused(XXE)


def test_billion_laughs_is_refused():
    assert "document type declaration" in refused(BILLION_LAUGHS)


def test_any_doctype_is_refused():
    assert "<!DOCTYPE" in refused(PLAIN_DOCTYPE)


def test_deep_nesting_is_refused_before_the_tree_grows():
    deep = f"<Project {NS}>" + "<a>" * 100_000 + "</a>" * 100_000 + "</Project>"
    assert "nests more than 32 elements deep" in refused(deep)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    # A sparse 300 MB file: only the limit (50 MB) plus one byte is ever read.
    big = tmp_path / "huge.xml"
    with open(big, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    with pytest.raises(PlanFileError) as info:
        read_mspdi(big)
    assert str(info.value) == "huge.xml: the file is larger than 50 MB, the limit."
    assert "larger than 1.0 KB" not in refused(b"<Project/>" * 200, max_bytes=1000)


def test_malformed_xml_names_the_line():
    message = refused(f"<Project {NS}>\n<Tasks><Task></Tasks>\n</Project>")
    assert "not well-formed XML at line 2" in message


def test_not_a_project_file():
    assert "root element is <Grants>" in refused("<Grants/>")


def test_link_to_a_missing_uid_names_the_task_and_element():
    data = relations_with(
        "<PredecessorUID>1</PredecessorUID>", "<PredecessorUID>99</PredecessorUID>"
    )
    message = refused(data)
    assert message == (
        "plan.xml: Tasks/Task[3]/PredecessorLink[1], task 2 ('Task 2'): "
        "PredecessorUID 99 is not a task in the file"
    )


def test_negative_duration_names_the_task():
    data = relations_with("<Duration>PT8H0M0S</Duration>", "<Duration>-PT8H0M0S</Duration>")
    message = refused(data)
    assert "Tasks/Task[2]/Duration, task 1 ('Task 1')" in message
    assert "negative" in message


def test_unknown_constraint_type_names_the_task():
    text = shared_mspdi("mpxj_mspdirelations.xml").read_text(encoding="utf-8")
    # The first <ConstraintType> after <Name>Task 1</Name> is task UID 1's.
    at = text.index("<ConstraintType>0</ConstraintType>", text.index("<Name>Task 1</Name>"))
    data = (text[:at] + "<ConstraintType>9</ConstraintType>" + text[at + 34 :]).encode()
    message = refused(data)
    assert "Tasks/Task[2]/ConstraintType, task 1 ('Task 1')" in message
    assert "ConstraintType 9 is not one of 0–7" in message


def test_schedule_from_finish_is_refused_with_what_to_do():
    data = relations_with(
        "<ScheduleFromStart>1</ScheduleFromStart>", "<ScheduleFromStart>0</ScheduleFromStart>"
    )
    message = refused(data)
    assert "Project/ScheduleFromStart" in message and "Project Start Date" in message


def test_calendar_with_no_working_time_is_refused():
    text = shared_mspdi("mpxj_mspdirelations.xml").read_text(encoding="utf-8")
    text = text.replace("<DayWorking>1</DayWorking>", "<DayWorking>0</DayWorking>")
    message = refused(text)
    assert "Calendar 'Standard' (UID 1)" in message and "no working time" in message


def test_link_type_out_of_range():
    data = relations_with(
        "<Type>3</Type>\n\t\t\t\t<CrossProject>", "<Type>7</Type>\n\t\t\t\t<CrossProject>"
    )
    assert "link Type 7 is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)" in refused(data)
