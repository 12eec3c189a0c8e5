"""Every write to plans, priorities, programmes, milestones, status updates and risks: atomic and attributed.

The rules live here, once, with the database holding the same ones (constraints and a trigger in
models.py): a priority's code is unique in its plan; an override needs a reason; a risk threatens a
priority, and names a programme only of that priority; Red and Amber need commentary; a milestone has one
standing status per period; a superseded plan names its successor. One is the services' alone: a risk's
target score is no worse than its current one. Forms only present them: a refused rule comes back as a
message at the field it is about.
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from blmk_portal.rag import Rag, with_article
from blmk_portal.services import record_create, record_update
from priorities import risk_rules
from priorities.models import HighlightReport, Milestone, Plan, Priority, Programme, Risk, SignOff, StatusUpdate
from priorities.period_rules import Change, Period, change_for, correction_needs_reason
from priorities.status_rules import needs_commentary


def plan_create(*, values: dict[str, Any], by) -> Plan:
    return record_create(model=Plan, values=_with_plan_state_rule(values, None), by=by)


def plan_update(*, plan: Plan, opened_at_version: int, values: dict[str, Any], by) -> Plan:
    values = _with_plan_state_rule(values, plan)
    return record_update(item=plan, opened_at_version=opened_at_version, values=values, by=by)


def _with_plan_state_rule(values: dict[str, Any], plan: Plan | None) -> dict[str, Any]:
    """A superseded plan names the plan that superseded it (another one); a current or closed plan names none."""
    if "state" not in values:
        return values
    # Left unchosen, a plan is current.
    values = {**values, "state": values["state"] or Plan.State.CURRENT}
    if values["state"] != Plan.State.SUPERSEDED:
        return {**values, "superseded_by": None}
    successor = values.get("superseded_by")
    if successor is None:
        raise ValidationError({"superseded_by": "Select the plan that superseded this one"})
    if plan is not None and successor.pk == plan.pk:
        raise ValidationError({"superseded_by": "A plan cannot supersede itself: select the plan that replaced it"})
    return values


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
def milestone_report_status(
    *, milestone: Milestone, rag: Rag | str, commentary: str, reporting_period: str, reason: str = "", by
) -> StatusUpdate:
    """A milestone's status for a period. Red and Amber need commentary saying what is wrong and what is being done.

    One status per period: the same report sent again (Back and save, a double click, a second tab) is the one
    already made; a different one edits it while the period is open for the programme, and once it is signed
    off is a correction, with a reason, that keeps the old one on record (period_rules.change_for).
    """
    commentary, reason = commentary.strip(), reason.strip()
    if needs_commentary(rag) and not commentary:
        status = with_article(Rag(rag).label)
        raise ValidationError(
            {"commentary": f"Enter commentary: {status} status must say what is wrong and what is being done"}
        )
    try:
        period = str(Period.parse(reporting_period))
    except ValueError as error:
        raise ValidationError({"reporting_period": str(error)}) from error
    # Locks the milestone, so two reports for it sent at the same moment are handled one after the other.
    Milestone.objects.select_for_update().filter(pk=milestone.pk).first()
    existing = milestone.updates.standing().filter(reporting_period=period).first()
    with pghistory.context(user=by.pk):
        if existing is None:
            return StatusUpdate.objects.create(
                milestone=milestone, rag=rag, commentary=commentary, reporting_period=period, author=by
            )
        if (existing.rag, existing.commentary) == (rag, commentary):
            return existing
        signed_off = SignOff.objects.filter(programme_id=milestone.programme_id, reporting_period=period).exists()
        if change_for(signed_off=signed_off) is Change.EDIT:
            existing.rag, existing.commentary = rag, commentary
            existing.save(update_fields=["rag", "commentary", "changed_at"])
            return existing
        if not reason:
            raise ValidationError({"reason": correction_needs_reason(period, milestone.programme.title)})
        existing.replaced_at = timezone.now()
        existing.save(update_fields=["replaced_at", "changed_at"])
        return StatusUpdate.objects.create(
            milestone=milestone,
            rag=rag,
            commentary=commentary,
            reporting_period=period,
            author=by,
            corrects=existing,
            reason=reason,
        )


@transaction.atomic
def status_update_withdraw(*, update: StatusUpdate, reason: str, by) -> StatusUpdate:
    """Take a mistaken update off the record the public reads; staff still see it, with who and why.

    Withdrawing it again (a double click) changes nothing. A corrected update is withdrawn through its correction.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for withdrawing this status update"})
    update = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if update.withdrawn_at:
        return update
    if update.replaced_at:
        raise ValidationError({"reason": "This update has been corrected: withdraw the correction instead"})
    with pghistory.context(user=by.pk):
        update.withdrawn_at, update.withdrawn_by, update.withdrawn_reason = timezone.now(), by, reason
        update.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "changed_at"])
    return update


def programme_sign_off(*, programme: Programme, reporting_period: str, signed_off_as: str, by) -> SignOff:
    """Make a programme's statuses for a period public. Signing off again (a double submit) is the sign-off made."""
    try:
        period = str(Period.parse(reporting_period))
    except ValueError as error:
        raise ValidationError({"reporting_period": str(error)}) from error
    if signed_off_as not in (SignOff.As.SRO, SignOff.As.PROGRAMME_OFFICE):
        raise ValidationError({"signed_off_as": "Select who signed it off: the SRO or the programme office"})
    sro_name = programme.priority.senior_responsible_officer
    if signed_off_as == SignOff.As.SRO and not sro_name:
        raise ValidationError(
            {"signed_off_as": f"{programme.priority} names no SRO: sign it off as the programme office"}
        )
    if not StatusUpdate.objects.standing().filter(milestone__programme=programme, reporting_period=period).exists():
        raise ValidationError(
            {"reporting_period": f"Nothing to sign off: no milestone of {programme.title} has a status for {period}"}
        )
    sign_off, _ = SignOff.objects.get_or_create(
        programme=programme,
        reporting_period=period,
        defaults={
            "signed_off_as": signed_off_as,
            "sro_name": sro_name if signed_off_as == SignOff.As.SRO else "",
            "by": by,
        },
    )
    return sign_off


def highlight_report_save(
    *, programme: Programme, reporting_period: str, values: dict[str, Any], opened_at_version: int | None, by
) -> HighlightReport:
    """Write a programme's highlight report for a period: the first save makes it, later ones are version-checked
    edits (EditConflict when someone else changed the same sections meanwhile). It goes public at sign-off."""
    try:
        period = str(Period.parse(reporting_period))
    except ValueError as error:
        raise ValidationError({"reporting_period": str(error)}) from error
    written_meanwhile = ValidationError(
        f"Someone else wrote {programme.title}'s report for {period} while you were writing: your text is "
        "below, unsaved. Open the report again to see theirs, then add yours."
    )
    existing = HighlightReport.objects.filter(programme=programme, reporting_period=period).first()
    if existing is None:
        try:
            return record_create(
                model=HighlightReport, values={**values, "programme": programme, "reporting_period": period}, by=by
            )
        except IntegrityError as error:  # made by someone else at the same moment
            raise written_meanwhile from error
    if opened_at_version is None:
        # Both opened it before either saved: the other one's text must not be overwritten unseen.
        raise written_meanwhile
    return record_update(item=existing, opened_at_version=opened_at_version, values=values, by=by)


def risk_create(*, values: dict[str, Any], by) -> Risk:
    _check_what_it_threatens(values)
    _check_target(values)
    return record_create(model=Risk, values=values, by=by)


def risk_update(*, risk: Risk, opened_at_version: int, values: dict[str, Any], by) -> Risk:
    _check_what_it_threatens(values)
    _check_target(values)
    return record_update(item=risk, opened_at_version=opened_at_version, values=values, by=by)


def _check_what_it_threatens(values: dict[str, Any]) -> None:
    """A risk threatens a priority, and may name one of that priority's programmes."""
    priority, programme = values.get("priority"), values.get("programme")
    if priority is None:
        raise ValidationError({"priority": "Select the priority this risk threatens"})
    if programme is not None and programme.priority_id != priority.pk:
        raise ValidationError(
            {
                "programme": f"{programme.title} is a programme of {programme.priority} ({programme.priority.plan}), "
                f"not of {priority} ({priority.plan}): choose one of its programmes, or none"
            }
        )


def _check_target(values: dict[str, Any]) -> None:
    """A target score is never worse than the current one (risk_rules.target_refusal)."""
    current, target = (
        risk_rules.Score(values[f"{which}_likelihood"], values[f"{which}_consequence"])
        for which in ("current", "target")
    )
    refusal = risk_rules.target_refusal(current, target)
    if refusal:
        raise ValidationError({"target_likelihood": refusal})


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
