"""``civicshift plan``: parsing, the error paths (exit code 2, one line naming the file and the
task or element, nothing written), exports by extension, and the JSON shape of issue 9 item 11.

Where the engine or the simulation is needed, the tests below give the command a Schedule /
SimulationResult built by the test (inputs, not results under test): they check how the CLI
prints what the engine returns. The engine's own numbers are tested with the engine."""

from __future__ import annotations

import json
import sys
import types
from datetime import datetime

import pytest
from openpyxl import load_workbook

from civicshift import cli
from civicshift.core.schedule.model import (
    PertResult,
    Schedule,
    ScheduleError,
    SimulationResult,
    TaskSchedule,
)
from civicshift.formats.plan.mspdi_read import read_mspdi
from civicshift.formats.plan.planfile import read_plan_file
from civicshift.formats.tests.plan_helpers import shared_mspdi
from civicshift.formats.tests.test_plan_file import ISSUE_EXAMPLE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_yaml(tmp_path):
    path = tmp_path / "permits.yaml"
    path.write_bytes(ISSUE_EXAMPLE)
    return path


def _fake_module(monkeypatch, name: str, **functions) -> None:
    module = types.ModuleType(name)
    for key, value in functions.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)
    real = __import__("importlib.util").util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda wanted, *a: module.__spec__ or True if wanted == name else real(wanted, *a),
    )


def _no_module(monkeypatch, name: str) -> None:
    real = __import__("importlib.util").util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda wanted, *a: None if wanted == name else real(wanted, *a)
    )


def _given(project) -> Schedule:
    start = project.start
    finish = datetime(2027, 1, 14, 17, 0)
    tasks = {
        t.id: TaskSchedule(t.id, start, finish, start, finish, start, finish, 0, 0, 0, 0, True)
        for t in project.tasks
    }
    return Schedule(start, finish, tasks, tuple(tasks))


def test_cpm_json_has_the_shape_of_issue_9(capsys, monkeypatch, plan_yaml):
    project = read_plan_file(plan_yaml)
    _fake_module(monkeypatch, "civicshift.core.schedule.cpm", schedule=lambda p: _given(project))
    code, out, err = run(capsys, "cpm", str(plan_yaml), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["project_start", "project_finish", "critical_path", "tasks"]
    assert data["project_start"] == "2027-01-04T08:00:00"
    assert data["critical_path"] == ["A", "B", "C", "M"]
    assert list(data["tasks"][0]) == [
        "id",
        "name",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float_minutes",
        "free_float_minutes",
        "critical",
    ]
    assert data["tasks"][1]["name"] == "Configure"


def test_cpm_table_without_json(capsys, monkeypatch, plan_yaml):
    project = read_plan_file(plan_yaml)
    _fake_module(monkeypatch, "civicshift.core.schedule.cpm", schedule=lambda p: _given(project))
    code, out, _ = run(capsys, "cpm", str(plan_yaml))
    assert code == 0
    assert "Critical path: A → B → C → M" in out
    assert "Early start" in out and "Train staff" in out


def test_mspdi_input_is_told_by_content_and_uses_uids(capsys, monkeypatch, tmp_path):
    # An MSPDI file named .yaml is still read as MSPDI: the first character is "<".
    path = tmp_path / "odd-name.yaml"
    path.write_bytes(shared_mspdi("mpxj_mspdirelations.xml").read_bytes())
    project = read_mspdi(path)
    _fake_module(monkeypatch, "civicshift.core.schedule.cpm", schedule=lambda p: _given(project))
    code, out, _ = run(capsys, "cpm", str(path), "--json")
    assert code == 0
    assert [t["id"] for t in json.loads(out)["tasks"]] == ["1", "2", "3", "4", "5"]


def test_engine_errors_name_the_file_and_task(capsys, monkeypatch, plan_yaml):
    def cycle(project):
        raise ScheduleError("the links form a cycle: A → B → A", task_id="A", task_name="Req")

    _fake_module(monkeypatch, "civicshift.core.schedule.cpm", schedule=cycle)
    code, out, err = run(capsys, "cpm", str(plan_yaml))
    assert (code, out) == (2, "")
    assert (
        err
        == "civicshift: error: permits.yaml: task A ('Req'): the links form a cycle: A → B → A\n"
    )


def test_without_the_engine_it_says_so(capsys, monkeypatch, plan_yaml):
    _no_module(monkeypatch, "civicshift.core.schedule.cpm")
    code, out, err = run(capsys, "cpm", str(plan_yaml), "--json")
    assert (code, out) == (2, "")
    assert "the scheduling engine (civicshift.core.schedule.cpm) is not available" in err


def test_simulate_json_shape(capsys, monkeypatch, plan_yaml):
    seen = {}

    def simulate(project, *, iterations, seed):
        seen.update(iterations=iterations, seed=seed)
        when = datetime(2027, 1, 20, 17, 0)
        pert = PertResult(12.5, 1.25, ("A", "B", "M"))
        return SimulationResult(iterations, seed, when, when, when, {"A": 1.0, "C": 0.25}, pert)

    _fake_module(monkeypatch, "civicshift.core.schedule.simulation", simulate=simulate)
    code, out, _ = run(
        capsys, "simulate", str(plan_yaml), "--iterations", "500", "--seed", "7", "--json"
    )
    assert code == 0 and seen == {"iterations": 500, "seed": 7}
    data = json.loads(out)
    assert list(data) == ["p50", "p80", "p90", "criticality", "pert"]
    assert data["p80"] == "2027-01-20T17:00:00"
    assert data["criticality"] == {"A": 1.0, "C": 0.25}
    assert data["pert"] == {"mean_days": 12.5, "sd_days": 1.25, "critical_path": ["A", "B", "M"]}


def test_simulate_without_the_module_and_bad_iterations(capsys, monkeypatch, plan_yaml):
    _no_module(monkeypatch, "civicshift.core.schedule.simulation")
    code, _, err = run(capsys, "simulate", str(plan_yaml))
    assert code == 2 and "schedule-risk simulation" in err and "not available" in err
    code, _, err = run(capsys, "simulate", str(plan_yaml), "--iterations", "0")
    assert code == 2 and "--iterations must be between 1 and 1,000,000" in err
    code, _, err = run(capsys, "simulate", str(plan_yaml), "--seed", "-1")
    assert code == 2 and "--seed must be 0 or more" in err


def test_bad_files_exit_2_with_one_line(capsys, tmp_path):
    missing = tmp_path / "nope.yaml"
    code, _, err = run(capsys, "cpm", str(missing))
    assert (code, err) == (2, "civicshift: error: nope.yaml: no such file.\n")
    broken = tmp_path / "broken.xml"
    broken.write_text("<Project><Tasks></Project>")
    code, _, err = run(capsys, "cpm", str(broken))
    assert code == 2 and err.startswith("civicshift: error: broken.xml: not well-formed XML")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(ISSUE_EXAMPLE.replace(b"after: [A]", b"after: [Q]"))
    code, _, err = run(capsys, "cpm", str(bad))
    assert (
        err == "civicshift: error: bad.yaml: field 'after[0]', task B ('Configure'): "
        "no task has the id 'Q'\n"
    )
    assert err.count("\n") == 1


def test_usage_errors(capsys):
    assert cli.main(["plan"]) == 2
    assert "cpm,simulate,export" in capsys.readouterr().err


def test_export_by_extension(capsys, monkeypatch, tmp_path):
    _no_module(monkeypatch, "civicshift.core.schedule.cpm")  # exports without computed dates
    source = shared_mspdi("mpxj_mspdirelations.xml")
    project = read_mspdi(source)
    for suffix in (".xml", ".yaml", ".json", ".xlsx", ".ics"):
        out = tmp_path / f"plan{suffix}"
        code, printed, err = run(capsys, "export", str(source), str(out))
        assert (code, err) == (0, ""), suffix
        assert printed == f"Wrote {out}\n"
    assert read_mspdi(tmp_path / "plan.xml") == project
    assert read_plan_file(tmp_path / "plan.yaml") == project
    assert read_plan_file(tmp_path / "plan.json") == project
    assert load_workbook(tmp_path / "plan.xlsx").sheetnames == ["Tasks", "Links"]
    assert (tmp_path / "plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_export_refusals_write_nothing(capsys, tmp_path, plan_yaml):
    code, _, err = run(capsys, "export", str(plan_yaml), str(tmp_path / "plan.pdf"))
    assert code == 2 and "cannot write '.pdf' files" in err
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(ISSUE_EXAMPLE.replace(b"duration: 2d", b"duration: -2d"))
    code, _, err = run(capsys, "export", str(bad), str(tmp_path / "out.xml"))
    assert code == 2 and "task C ('Train staff')" in err and "negative" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "permits.yaml"]
