"""How people are named to other members: never by their e-mail address."""

import pytest

from civicshift.accounts.people import person_name
from civicshift.testing.factories import make_user


@pytest.mark.django_db
def test_a_person_is_named_by_name_then_username_then_the_address_before_the_at():
    dana = make_user("dana@town.example.org", first_name="Dana", last_name="Ortiz")
    assert person_name(dana) == "Dana Ortiz"
    assert person_name(make_user("jdoe@town.example.org")) == "jdoe"  # username is the address
    clerk = make_user("clerk@town.example.org")
    clerk.username = "cityclerk"
    assert person_name(clerk) == "cityclerk"
    assert person_name(None) == ""
