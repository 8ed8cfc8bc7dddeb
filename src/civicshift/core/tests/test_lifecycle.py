import pytest

from civicshift.core.lifecycle import (
    MAIN_PATH,
    Status,
    TransitionError,
    allowed_targets,
    check_transition,
)


def test_the_main_path_can_be_walked_forward_from_idea_to_closed():
    for current, target in zip(MAIN_PATH, MAIN_PATH[1:], strict=False):
        assert check_transition(current, target) is target


def test_one_step_back_is_allowed_but_not_skipping_ahead():
    assert check_transition(Status.APPROVED, Status.PROPOSED) is Status.PROPOSED
    with pytest.raises(TransitionError, match="cannot go from 'idea' to 'funded'"):
        check_transition(Status.IDEA, Status.FUNDED)


def test_on_hold_resumes_where_it_left_or_is_cancelled():
    assert check_transition(Status.FUNDED, Status.ON_HOLD) is Status.ON_HOLD
    assert allowed_targets(Status.ON_HOLD, resume_to=Status.FUNDED) == [
        Status.FUNDED,
        Status.CANCELLED,
    ]
    with pytest.raises(TransitionError):
        check_transition(Status.ON_HOLD, Status.LIVE, resume_to=Status.FUNDED)


@pytest.mark.parametrize("finished", [Status.CLOSED, Status.CANCELLED])
def test_finished_initiatives_do_not_move(finished):
    assert allowed_targets(finished) == []
    with pytest.raises(TransitionError, match="cannot change status"):
        check_transition(finished, Status.IDEA)


def test_same_status_is_refused_with_a_message():
    with pytest.raises(TransitionError, match="already 'live'"):
        check_transition("live", "live")


def test_unknown_status_is_a_value_error():
    with pytest.raises(ValueError):
        check_transition("idea", "launched")
