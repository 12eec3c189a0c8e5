"""The access matrix every app's tests share: five readers against every URL, and every refused POST with its
control (the same POST from staff does change something)."""

from __future__ import annotations

from django.urls import URLPattern, resolve

from tests.documents import pdf_text

PUBLIC, SIGN_IN, REFUSED, NOT_FOUND, POST_ONLY = 200, 302, 403, 404, 405

# anonymous, member of this board, member of another board, signed in with no role, programme office
READERS = ("anonymous", "board_member", "other_board_member", "no_role", "staff")
EVERYONE = (PUBLIC,) * 5
STAFF_ONLY = (SIGN_IN, REFUSED, REFUSED, REFUSED, PUBLIC)
STAFF_POST_ONLY = (SIGN_IN, REFUSED, REFUSED, REFUSED, POST_ONLY)
STAFF_ONLY_MISSING = (SIGN_IN, REFUSED, REFUSED, REFUSED, NOT_FOUND)
NOWHERE = (NOT_FOUND,) * 5
DRAFT = (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, PUBLIC)
BOARD_MEMBERS = (NOT_FOUND, PUBLIC, NOT_FOUND, NOT_FOUND, PUBLIC)  # Part II: not even told it exists


def check_reader(client, role: str, path: str, expected: int, *, secret: str | None = None) -> None:
    """The reader gets the status expected, and never, on any page, the `secret` only staff may read."""
    response = client.get(path)
    assert response.status_code == expected, f"{role} on {path}: {response.status_code}, expected {expected}"
    if expected == SIGN_IN and not path.startswith("/accounts/"):
        assert response["Location"].startswith("/accounts/login/?next=")
    if secret and role != "staff":
        assert secret not in text_of(response), f"{role} on {path} was shown {secret!r}"


def text_of(response) -> str:
    """What a reader can read in the response: the page, or the text of a PDF's pages."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":
        return pdf_text(body)
    return body.decode(errors="replace")


def uncovered(patterns: list[URLPattern], paths: list[str]) -> set[str]:
    """The names of the app's URLs that no path in the matrix reaches."""
    covered = {resolve(path.split("?")[0]).url_name for path in paths}
    return {pattern.name for pattern in patterns} - covered
