from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from blmk_portal import page_cache, roles
from tests.factories import MembershipFactory, PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads and stored packs go to the test's own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what one counted there (say, requests for password links from
    127.0.0.1) outlives its database transaction; and so do each process's near copies of kept pages and roles."""
    cache.clear()
    page_cache.NEAR_COPIES.clear()
    roles.NEAR_ROLES.clear()


@pytest.fixture
def staff_user(db):
    return UserFactory(email="office@example.org", programme_office=True)


@pytest.fixture
def board_member_user(db):
    user = UserFactory(email="member@example.org")
    MembershipFactory(person=PersonFactory(user=user))
    return user


@pytest.fixture
def other_board_member_user(db):
    """A member of a board, but not of the one the board member sits on."""
    user = UserFactory(email="other-member@example.org")
    MembershipFactory(person=PersonFactory(user=user))
    return user


@pytest.fixture
def readers(board_member_user, other_board_member_user, non_member_user, staff_user):
    """The five readers of the access matrix (see tests/access.py), by role."""
    return {
        "anonymous": None,
        "board_member": board_member_user,
        "other_board_member": other_board_member_user,
        "no_role": non_member_user,
        "staff": staff_user,
    }


@pytest.fixture
def non_member_user(db):
    """Signed in, but neither programme office nor on any board."""
    return UserFactory(email="someone@example.org")


@pytest.fixture
def client_for():
    def signed_in(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def blmk_data(db):
    """The real BLMK reference data, as `make run` loads it."""
    call_command("load_blmk_data", stdout=io.StringIO())
