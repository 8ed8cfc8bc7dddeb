"""Supports given at the same moment: each counts once, and the stored count is the number of
supports (the idea's row is locked while its support is added and recounted)."""

import pytest

from civicshift.ideas import services
from civicshift.ideas.models import Idea, IdeaSupport
from civicshift.orgs.roles import Role
from civicshift.testing.concurrency import rendezvous, run_together
from civicshift.testing.factories import make_member, make_org

from .factories import make_idea

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board(concurrent_database):
    org = make_org("maple")
    ana, bo = make_member(org, Role.VIEWER), make_member(org, Role.VIEWER)
    return org, ana, bo, make_idea(org, ana)


@pytest.fixture
def overlap(monkeypatch):
    """Both threads pause after adding their support and before counting, so without the lock
    each would count only its own (uncommitted) support and store 1."""
    meet = rendezvous(2)
    real = services._recount_supports

    def wait_then_count(idea):
        meet()
        return real(idea)

    monkeypatch.setattr(services, "_recount_supports", wait_then_count)


def _fresh(idea):
    return Idea.objects.get(pk=idea.pk)


def test_two_colleagues_supporting_at_once_count_two(board, overlap):
    org, ana, bo, idea = board
    outcomes = run_together(
        lambda: services.support_toggle(actor=ana, idea=_fresh(idea)),
        lambda: services.support_toggle(actor=bo, idea=_fresh(idea)),
    )
    assert outcomes == [True, True]
    assert IdeaSupport.objects.for_org(org).filter(idea=idea).count() == 2
    assert _fresh(idea).support_count == 2


def test_a_double_click_toggles_twice_without_an_error(board, overlap):
    org, ana, _bo, idea = board
    outcomes = run_together(
        lambda: services.support_toggle(actor=ana, idea=_fresh(idea)),
        lambda: services.support_toggle(actor=ana, idea=_fresh(idea)),
    )
    assert sorted(outcomes) == [False, True]  # one gave it, the other took it back
    assert not IdeaSupport.objects.for_org(org).filter(idea=idea).exists()
    assert _fresh(idea).support_count == 0
