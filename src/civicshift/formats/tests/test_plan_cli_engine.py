"""``civicshift plan cpm --json`` end to end, with the real engine, on a textbook network whose
answer is published: the Reliable Construction Company project of Hillier & Lieberman,
"Introduction to Operations Research", chapter "Project Management with PERT/CPM" (Table 22.1
and the slack table of the 9th edition): duration 44 weeks, critical path A B C E F J L N,
slack D 4, G 4, H 4, I 2, K 1, M 4 weeks, every other activity 0. One week is 5 working days
of the default calendar (2400 working minutes), so the textbook's weeks fall on calendar weeks:
week 16 starts Monday 2027-04-26, week 44 ends Friday 2027-11-05 at 17:00."""

from __future__ import annotations

import json

from civicshift import cli
from civicshift.formats.tests.plan_helpers import FIXTURES

WEEK = 2400  # working minutes


def test_cpm_json_reproduces_the_textbook_answer(capsys):
    code = cli.main(["plan", "cpm", str(FIXTURES / "reliable_construction.yaml"), "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["project_start"] == "2027-01-04T08:00:00"
    assert data["project_finish"] == "2027-11-05T17:00:00"
    assert data["critical_path"] == ["A", "B", "C", "E", "F", "J", "L", "N"]
    slack = {"D": 4, "G": 4, "H": 4, "I": 2, "K": 1, "M": 4}
    tasks = {t["id"]: t for t in data["tasks"]}
    for task_id, task in tasks.items():
        assert task["total_float_minutes"] == slack.get(task_id, 0) * WEEK, task_id
        assert task["critical"] is (task_id not in slack), task_id
    # D can start once C is done, after 2 + 4 + 10 = 16 weeks; its latest start is week 20.
    assert tasks["D"]["early_start"] == "2027-04-26T08:00:00"
    assert tasks["D"]["late_start"] == "2027-05-24T08:00:00"


def test_exported_mspdi_carries_the_dates_microsoft_project_stored(capsys, tmp_path):
    """Export mpxj_mspdirelations.xml with the engine's schedule: the written EarlyStart,
    EarlyFinish, TotalSlack and Critical equal what Microsoft Project stored in the original
    (README: finish 2006-09-25T17:00, critical UIDs 1–4, UID 5 one day of slack), and the
    plan itself reads back unchanged."""
    from civicshift.formats.plan.mspdi_read import read_mspdi, read_mspdi_stored
    from civicshift.formats.tests.plan_helpers import shared_mspdi

    source = shared_mspdi("mpxj_mspdirelations.xml")
    out = tmp_path / "relations.xml"
    assert cli.main(["plan", "export", str(source), str(out)]) == 0
    capsys.readouterr()
    assert read_mspdi(out) == read_mspdi(source)
    mine, theirs = read_mspdi_stored(out), read_mspdi_stored(source)
    for uid, stored in theirs.items():
        got = mine[uid]
        assert (got.early_start, got.early_finish) == (stored.early_start, stored.early_finish)
        assert got.total_slack_tenths == stored.total_slack_tenths, uid
        assert got.critical == stored.critical, uid
