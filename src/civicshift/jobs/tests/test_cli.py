import subprocess
import sys

import pytest

from civicshift import cli


class FakeProcess:
    def __init__(self, args):
        self.args = args
        self.terminated = False

    def poll(self):
        return 0 if self.terminated else None

    def terminate(self):
        self.terminated = True

    def wait(self, timeout=None):
        return 0


def test_demo_starts_a_worker_beside_its_server_and_stops_it_with_the_server(monkeypatch):
    started: list[FakeProcess] = []
    commands: list[tuple] = []

    def popen(args, **kwargs):
        started.append(FakeProcess(args))
        return started[-1]

    def call_command(name, *args, **kwargs):
        commands.append((name, args))
        if name == "runserver":
            assert started and not started[0].terminated  # the worker runs while it serves
            raise KeyboardInterrupt  # Ctrl+C

    monkeypatch.setattr(cli.subprocess, "Popen", popen)
    monkeypatch.setattr("django.core.management.call_command", call_command)
    with pytest.raises(KeyboardInterrupt):
        cli.main(["demo", "--port", "8123"])
    assert [name for name, _ in commands] == ["migrate", "load_demo", "runserver"]
    assert started[0].args == [sys.executable, "-m", "civicshift", "worker"]
    assert started[0].terminated


def test_stop_process_kills_a_child_that_does_not_stop():
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    assert child.stdout.readline() == b"ready\n"
    cli.stop_process(child, timeout=0.5)
    assert child.returncode == -9


def test_worker_help_says_workers_share_the_database(capsys):
    with pytest.raises(SystemExit):
        cli.main(["worker", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--batch" in out and "each take different tasks" in out


def test_worker_lowers_its_priority_and_runs_the_queue(monkeypatch):
    calls = []
    monkeypatch.setattr(cli.os, "nice", lambda n: calls.append(("nice", n)))
    monkeypatch.setattr(
        "civicshift.jobs.worker.run_worker", lambda **kwargs: calls.append(("run", kwargs))
    )
    assert cli.main(["worker", "--batch", "--worker-id", "w1"]) == 0
    assert calls == [
        ("nice", 10),
        ("run", {"batch": True, "max_tasks": None, "interval": 1.0, "worker_id": "w1"}),
    ]
    calls.clear()
    cli.main(["worker", "--nice", "0"])
    assert [c[0] for c in calls] == ["run"]
