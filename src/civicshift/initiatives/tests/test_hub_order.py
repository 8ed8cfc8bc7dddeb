"""The hub's tab order: a module not in the built-in list goes first, or after the module it
names, whatever order the apps register in."""

from __future__ import annotations

import pytest

from civicshift.initiatives import hub


@pytest.fixture
def modules(monkeypatch):
    saved = dict(hub.MODULES)
    monkeypatch.setattr(hub, "MODULES", dict(saved))
    return hub.MODULES


def test_unlisted_module_goes_first(modules):
    hub.register_module("origin", "x:y", label="Origin", description="Where it came from.")
    assert list(modules)[0] == "origin"


def test_after_places_it_behind_the_named_module_in_any_order(modules):
    hub.register_module("b", "x:b", label="B", description="b", after="people")
    hub.register_module("a", "x:a", label="A", description="a", after="people")
    keys = list(modules)
    assert keys[keys.index("people") + 1 : keys.index("people") + 3] == ["a", "b"]
    assert keys.index("vendors") > keys.index("b")


def test_after_an_unknown_module_is_refused(modules):
    with pytest.raises(KeyError, match="not listed"):
        hub.register_module("z", "x:z", label="Z", description="z", after="nowhere")
