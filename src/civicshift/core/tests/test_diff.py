from civicshift.core.diff import changed_fields


def test_only_changed_fields_are_reported_old_to_new():
    before = {"title": "Permits", "cost": "100", "tags": ["a"]}
    after = {"title": "Online permits", "cost": "100", "tags": ["a", "b"]}
    assert changed_fields(before, after) == {
        "title": ["Permits", "Online permits"],
        "tags": [["a"], ["a", "b"]],
    }


def test_create_and_delete_report_every_field():
    assert changed_fields(None, {"a": 1, "b": None}) == {"a": [None, 1]}
    assert changed_fields({"a": 1}, None) == {"a": [1, None]}


def test_fields_present_on_one_side_only_count_as_changes():
    assert changed_fields({"a": 1}, {"b": 2}) == {"a": [1, None], "b": [None, 2]}
