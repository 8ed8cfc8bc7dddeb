"""The versioned catalog file: levels 0–4 in words, starter skills, per-skill level words."""

import pytest

from civicshift.skills import catalog as cat
from civicshift.skills.catalog import CatalogError, read_catalog


def test_the_packaged_file_defines_five_levels_and_starter_skills():
    c = cat.catalog()
    assert [lv.number for lv in c.levels] == [0, 1, 2, 3, 4]
    assert [lv.name for lv in c.levels] == [
        "None",
        "Aware",
        "Can do it with help",
        "Independent",
        "Can teach others",
    ]
    assert len(c.skills) >= 10
    permitting = cat.starter_skill("online-permitting")
    assert permitting.levels[3].startswith("Processes a permit")


def test_a_skills_own_words_replace_only_the_levels_it_defines():
    words = cat.level_words({"3": "Posts journal entries alone."})
    assert words[3] == (3, "Independent", "Posts journal entries alone.")
    assert words[2][2] == cat.levels()[2].description


@pytest.mark.parametrize(
    "change, message",
    [
        ({"id": "other"}, "Key 'id'"),
        ({"version": 2}, "Key 'version'"),
        ({"levels": {0: {"name": "x", "description": "y"}}}, "Key 'levels'"),
        ({"skills": [{"key": "a", "name": "A", "category": "C"}]}, "skills[0].description"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_key(change, message):
    raw = {
        "id": cat.DATA_ID,
        "version": cat.VERSION,
        "levels": {n: {"name": f"L{n}", "description": f"D{n}"} for n in range(5)},
        "skills": [],
        **change,
    }
    with pytest.raises(CatalogError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_catalog(raw)
