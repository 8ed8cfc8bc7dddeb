"""The ideas board's part of the demo (``civicshift.ideas.demo``): checked before anything is
written, naming the key; loaded, eight ideas of several departments with comments, supports
and responses, one declined with its reason, one hidden comment, and the 311 initiative that
came from a staff idea."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError
from civicshift.ideas import selectors
from civicshift.ideas.demo import DEMO_MODULE
from civicshift.ideas.models import Idea, IdeaComment, IdeaResponse, IdeaSupport, Status
from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Organization

pytestmark = pytest.mark.django_db


def _raw() -> dict:
    return yaml.safe_load(DEMO_MODULE.data_path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "ideas.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda raw: raw["ideas"][0].update(department="NOPE"), "ideas[0].department"),
        (lambda raw: raw["ideas"][0].update(by="nobody"), "ideas[0].by"),
        (lambda raw: raw["ideas"][0].update(supporters=["ghost"]), "ideas[0].supporters[0]"),
        (lambda raw: raw["ideas"][0].update(colour="blue"), "ideas[0].colour"),
        (lambda raw: raw["ideas"][0].pop("problem"), "ideas[0].problem"),
        (
            lambda raw: raw["ideas"][0]["timeline"][2].update(respond="promoted"),
            "ideas[0].timeline[2].respond",
        ),
        (
            lambda raw: raw["ideas"][3]["timeline"][1].update(text=""),
            "ideas[3].timeline[1].text",
        ),
        (lambda raw: raw["promotions"][0].update(idea="Unknown idea"), "promotions[0].idea"),
        (lambda raw: raw.pop("version"), "version"),
    ],
)
def test_malformed_ideas_file_names_the_key_and_writes_nothing(tmp_path, change, named):
    raw = _raw()
    change(raw)
    pattern = re.escape("ideas.yaml: ") + ".*" + re.escape(f"'{named}")
    with pytest.raises(DemoDataError, match=pattern):
        load_demo(module_paths={"ideas": _write(tmp_path, raw)})
    assert not Organization.objects.exists() and not Idea.objects.exists()


def test_the_demo_city_has_its_ideas_board():
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    ideas = Idea.objects.for_org(maple)
    assert ideas.count() == 8
    assert ideas.exclude(department=None).values("department").distinct().count() >= 6
    assert IdeaSupport.objects.for_org(maple).count() >= 15
    assert IdeaComment.objects.for_org(maple).count() >= 8
    statuses = set(ideas.values_list("status", flat=True))
    assert {"new", "under_review", "planned", "declined", "promoted"} <= statuses
    declined = ideas.get(status=Status.DECLINED)
    reason = IdeaResponse.objects.for_org(maple).get(idea=declined, to_status="declined")
    assert "CodeRED" in reason.body
    assert IdeaComment.objects.for_org(maple).exclude(hidden_at=None).count() == 1
    promoted = ideas.get(status=Status.PROMOTED)
    crm = Initiative.objects.for_org(maple).get(title="311 and resident request management (CRM)")
    assert promoted.initiative == crm and selectors.idea_of_initiative(crm) == promoted
    assert promoted.support_count == 3
    kinds = [entry.kind for entry in selectors.timeline(promoted)]
    assert kinds == ["submitted", "comment", "comment", "response", "response"]
    # The neighbour county has none: the board belongs to the main organization only.
    assert not Idea.objects.exclude(organization=maple).exists()
