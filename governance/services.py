"""Every write to boards, their terms of reference, seats and the people named in the papers, with the rules:
a board never reports to itself or to one that reports to it; a seat ends after it starts; a person may
deputise only in a seat they do not hold."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from blmk_portal.services import record_create, record_update
from governance.models import Board, Membership, Person, TermsOfReference


def board_create(*, values: dict[str, Any], by) -> Board:
    return record_create(model=Board, values=values, by=by)


def board_update(*, board: Board, opened_at_version: int, values: dict[str, Any], by) -> Board:
    _check_reporting_line(board, values.get("reports_to"))
    return record_update(item=board, opened_at_version=opened_at_version, values=values, by=by)


def termsofreference_create(*, board: Board, values: dict[str, Any], by) -> TermsOfReference:
    return record_create(model=TermsOfReference, values={**_with_quorum_rule(values), "board": board}, by=by)


def termsofreference_update(
    *, termsofreference: TermsOfReference, opened_at_version: int, values: dict[str, Any], by
) -> TermsOfReference:
    return record_update(
        item=termsofreference, opened_at_version=opened_at_version, values=_with_quorum_rule(values), by=by
    )


def membership_create(*, board: Board, values: dict[str, Any], by) -> Membership:
    _check_seat(values)
    return record_create(model=Membership, values={**values, "board": board}, by=by)


def membership_update(*, membership: Membership, opened_at_version: int, values: dict[str, Any], by) -> Membership:
    _check_seat(values)
    return record_update(item=membership, opened_at_version=opened_at_version, values=values, by=by)


def person_create(*, values: dict[str, Any], by) -> Person:
    return record_create(model=Person, values=values, by=by)


def person_update(*, person: Person, opened_at_version: int, values: dict[str, Any], by) -> Person:
    return record_update(item=person, opened_at_version=opened_at_version, values=values, by=by)


def _check_reporting_line(board: Board, reports_to: Board | None) -> None:
    """Up the line from `reports_to` there must be no loop back to `board`."""
    seen = set()
    above = reports_to
    while above is not None and above.pk not in seen:
        if above.pk == board.pk:
            raise ValidationError({"reports_to": f"{board} cannot report to a body that reports to it"})
        seen.add(above.pk)
        above = above.reports_to


def _check_seat(values: dict[str, Any]) -> None:
    started, ended = values.get("started"), values.get("ended")
    if started and ended and ended < started:
        raise ValidationError({"ended": "The last day of the seat must be on or after its first day"})
    holder = values.get("person")
    if holder is not None and holder in list(values.get("deputies") or []):
        raise ValidationError({"deputies": f"{holder} holds this seat, so cannot also be its deputy"})


def _with_quorum_rule(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("quorum_members") is not None and not (values.get("quorum") or "").strip():
        raise ValidationError({"quorum": "Enter the quorum rule as the terms of reference print it"})
    return values
