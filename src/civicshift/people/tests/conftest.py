import pytest

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR)


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER)
