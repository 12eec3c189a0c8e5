"""Every write to plans, priorities, programmes, milestones, status updates and risks: atomic and attributed.

The rules live here, once, with the database holding the same ones (constraints and a trigger in
models.py): a priority's code is unique in its plan; an override needs a reason; a risk threatens a
priority, and names a programme only of that priority; Red and Amber need commentary. Forms only present
them: a refused rule comes back as a message at the field it is about.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from blmk_portal.rag import Rag, with_article
from blmk_portal.services import record_create, record_update
from priorities.models import Milestone, Plan, Priority, Programme, Risk, StatusUpdate
from priorities.status_rules import needs_commentary


def plan_create(*, values: dict[str, Any], by) -> Plan:
    return record_create(model=Plan, values=values, by=by)


def plan_update(*, plan: Plan, opened_at_version: int, values: dict[str, Any], by) -> Plan:
    return record_update(item=plan, opened_at_version=opened_at_version, values=values, by=by)


def priority_create(*, plan: Plan, values: dict[str, Any], by) -> Priority:
    values = _with_override_rule(values)
    _check_code_is_free(plan, values["code"], Priority.objects.all())
    return record_create(model=Priority, values={**values, "plan": plan}, by=by)


def priority_update(*, priority: Priority, opened_at_version: int, values: dict[str, Any], by) -> Priority:
    values = _with_override_rule(values)
    _check_code_is_free(priority.plan, values["code"], Priority.objects.exclude(pk=priority.pk))
    return record_update(item=priority, opened_at_version=opened_at_version, values=values, by=by)


def programme_create(*, priority: Priority, values: dict[str, Any], by) -> Programme:
    return record_create(model=Programme, values={**_with_override_rule(values), "priority": priority}, by=by)


def programme_update(*, programme: Programme, opened_at_version: int, values: dict[str, Any], by) -> Programme:
    return record_update(item=programme, opened_at_version=opened_at_version, values=_with_override_rule(values), by=by)


def milestone_create(*, programme: Programme, values: dict[str, Any], by) -> Milestone:
    return record_create(model=Milestone, values={**values, "programme": programme}, by=by)


def milestone_update(*, milestone: Milestone, opened_at_version: int, values: dict[str, Any], by) -> Milestone:
    return record_update(item=milestone, opened_at_version=opened_at_version, values=values, by=by)


@transaction.atomic
def milestone_add_status_update(
    *, milestone: Milestone, rag: Rag | str, commentary: str, reporting_period: str, by
) -> StatusUpdate:
    """Append a status report. Red and Amber need commentary saying what is wrong and what is being done.

    The same report sent again (a double click, a retry, a second tab) is the report already made.
    """
    commentary = commentary.strip()
    if needs_commentary(rag) and not commentary:
        status = with_article(Rag(rag).label)
        raise ValidationError(
            {"commentary": f"Enter commentary: {status} status must say what is wrong and what is being done"}
        )
    # Locks the milestone, so two identical reports sent at the same moment are checked one after the other.
    Milestone.objects.select_for_update().filter(pk=milestone.pk).first()
    latest = milestone.updates.order_by("-created_at", "-pk").first()
    if latest and (latest.rag, latest.commentary, latest.reporting_period, latest.author_id) == (
        rag,
        commentary,
        reporting_period,
        by.pk,
    ):
        return latest
    return StatusUpdate.objects.create(
        milestone=milestone, rag=rag, commentary=commentary, reporting_period=reporting_period, author=by
    )


def risk_create(*, values: dict[str, Any], by) -> Risk:
    _check_what_it_threatens(values)
    return record_create(model=Risk, values=values, by=by)


def risk_update(*, risk: Risk, opened_at_version: int, values: dict[str, Any], by) -> Risk:
    _check_what_it_threatens(values)
    return record_update(item=risk, opened_at_version=opened_at_version, values=values, by=by)


def _check_what_it_threatens(values: dict[str, Any]) -> None:
    """A risk threatens a priority, and may name one of that priority's programmes."""
    priority, programme = values.get("priority"), values.get("programme")
    if priority is None:
        raise ValidationError({"priority": "Select the priority this risk threatens"})
    if programme is not None and programme.priority_id != priority.pk:
        raise ValidationError(
            {"programme": f"{programme.title} is not a programme of {priority}: choose one of its programmes, or none"}
        )


def _check_code_is_free(plan: Plan, code: str, others) -> None:
    if others.filter(plan=plan, code__iexact=code.strip()).exists():
        raise ValidationError({"code": f"{plan.title} already has a priority {code}"})


def _with_override_rule(values: dict[str, Any]) -> dict[str, Any]:
    """An override needs a reason; without an override, any old reason goes."""
    if "rag_override" not in values:
        return values
    if not values["rag_override"]:
        return {**values, "rag_override_reason": ""}
    if not values.get("rag_override_reason", "").strip():
        raise ValidationError({"rag_override_reason": "Enter the reason for overriding the status"})
    return values
