"""How delivery reads on the page: status tags with their words, overall status with its rule, risk bands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from blmk_portal.display import link, not_public_tag, tag_html
from blmk_portal.formatting import date, local_date
from blmk_portal.rag import Rag, rag_tag
from priorities.models import Milestone, Priority, Programme, Risk, SignOff, StatusUpdate
from priorities.period_rules import overdue, sign_off_words, update_lateness
from priorities.risk_rules import CONSEQUENCE, LIKELIHOOD, REVIEW_OVERDUE, Score, review_overdue, risk_band
from priorities.status_rules import overall_rag, overall_rule_text

AWAITING_SIGN_OFF = {"text": "Awaiting sign-off (not public)", "classes": "nhsuk-tag--white"}


@dataclass
class OverallStatus:
    derived: Rag
    override: Rag | None = None
    reason: str = ""
    rule: str = ""

    @property
    def effective(self) -> Rag:
        return self.override or self.derived

    @property
    def tag(self) -> dict[str, str]:
        return rag_tag(self.effective)

    @property
    def is_overridden(self) -> bool:
        return self.override is not None and self.override != self.derived


def overall_status(item: Priority | Programme, parts: list[Rag | str | None]) -> OverallStatus:
    """A priority's status comes from its programmes'; a programme's from its milestones'."""
    return OverallStatus(
        derived=overall_rag(parts),
        override=Rag(item.rag_override) if item.rag_override else None,
        reason=item.rag_override_reason,
        rule=overall_rule_text("programme" if isinstance(item, Priority) else "milestone"),
    )


class MilestonePresenter:
    def __init__(self, milestone: Milestone) -> None:
        self.milestone = milestone
        # Prefetched latest period first (queries.status_history), standing only.
        self.updates: list[StatusUpdate] = list(milestone.updates.all())

    @property
    def latest(self) -> StatusUpdate | None:
        return self.updates[0] if self.updates else None

    @property
    def rag(self) -> Rag:
        return Rag(self.latest.rag) if self.latest else Rag.GREY

    @property
    def tag(self) -> dict[str, str]:
        return rag_tag(self.rag)

    @property
    def timeline(self) -> list[dict[str, object]]:
        """Every standing update, latest period first, dated as a reader would say it."""
        return [
            {
                "date": local_date(update.changed_at),
                "period": update.reporting_period,
                "tag": rag_tag(update.rag),
                "commentary": update.commentary,
                "corrected": update.corrects_id is not None,
                # Only staff are shown updates whose period is not signed off yet.
                "not_public": None if getattr(update, "signed_off", True) else AWAITING_SIGN_OFF,
            }
            for update in self.updates
        ]

    @property
    def due(self) -> str:
        if self.milestone.due_date:
            return date(self.milestone.due_date)
        return self.milestone.quarter or "No date set"

    def flags(self, *, current_period: str, today: dt.date) -> list[str]:
        """The reporting round's warnings about it, in words (overdue, late)."""
        last = getattr(self.milestone, "last_period", self.latest.reporting_period if self.latest else None)
        words = [overdue(self.milestone.due_date, self.rag, today), update_lateness(last, current_period)]
        return [word for word in words if word]

    def serves(self, place_id: int | None) -> bool:
        return serves(self.milestone, place_id)


class ProgrammePresenter:
    def __init__(self, programme: Programme, place_id: int | None = None) -> None:
        self.programme = programme
        every_milestone = [MilestonePresenter(m) for m in programme.milestones.all()]
        self.status = overall_status(programme, [m.latest.rag if m.latest else None for m in every_milestone])
        self.milestones = [m for m in every_milestone if m.serves(place_id)]

    @property
    def places(self) -> str:
        return places_text(self.programme)


def places_text(item) -> str:
    names = [place.name for place in item.places.all()]
    return ", ".join(names) if names else "All of Bedfordshire, Luton and Milton Keynes"


def serves(item, place_id: int | None) -> bool:
    """Whether an item covers a place; BLMK-wide items (no places) serve every place. Places are prefetched."""
    if place_id is None:
        return True
    place_ids = {place.pk for place in item.places.all()}
    return not place_ids or place_id in place_ids


class RiskPresenter:
    def __init__(self, risk: Risk, today: dt.date | None = None) -> None:
        self.risk = risk
        self.today = today or timezone.localdate()

    def score(self, which: str) -> Score:
        return Score(getattr(self.risk, f"{which}_likelihood"), getattr(self.risk, f"{which}_consequence"))

    def _score(self, which: str) -> dict[str, object]:
        score = self.score(which)
        return {
            "score": score.value,
            "text": score.text,
            "tag": {"text": score.short, "classes": f"nhsuk-tag--{score.band.colour}"},
        }

    @property
    def inherent(self):
        return self._score("inherent")

    @property
    def current(self):
        return self._score("current")

    @property
    def target(self):
        return self._score("target")

    @property
    def threatens(self) -> str:
        """What it threatens, as a reader outside the register needs it: the programme, or the priority as a whole."""
        return self.risk.programme.title if self.risk.programme_id else "The priority as a whole"

    @property
    def review_overdue(self) -> bool:
        return review_overdue(self.risk.review_date, is_open=self.risk.state == Risk.State.OPEN, today=self.today)

    def register_cells(self) -> dict[str, object]:
        """Its row in the staff risk register (priorities, programmes and plans fetched with it)."""
        risk = self.risk
        hidden = not_public_tag(risk)
        title = link(risk.title, risk.get_manage_url())
        if hidden:
            title = format_html("{} {}", title, tag_html(hidden))
        review = date(risk.review_date) if risk.review_date else "Not set"
        if self.review_overdue:
            review = format_html("{} {}", review, tag_html({"text": REVIEW_OVERDUE, "classes": "nhsuk-tag--red"}))
        return {
            "title": title,
            "threatens": f"{risk.programme.title} ({risk.priority.code})" if risk.programme_id else str(risk.priority),
            "owner": risk.owner or "Not named",
            "inherent": tag_html(self.inherent["tag"]),
            "current": tag_html(self.current["tag"]),
            "target": tag_html(self.target["tag"]),
            "review": review,
        }


def risk_matrix(counts: dict[tuple[int, int], int]) -> list[list[dict[str, object]]]:
    """Rows from likelihood 5 (top) down to 1; columns consequence 1 to 5. Each cell: count, score, band.

    `counts` holds the number of risks at each (likelihood, consequence).
    """
    return [
        [
            {
                "likelihood": likelihood,
                "consequence": consequence,
                "likelihood_name": LIKELIHOOD[likelihood].name,
                "consequence_name": CONSEQUENCE[consequence].name,
                "score": likelihood * consequence,
                "band": risk_band(likelihood * consequence),
                "count": counts.get((likelihood, consequence), 0),
            }
            for consequence in range(1, 6)
        ]
        for likelihood in range(5, 0, -1)
    ]


def status_update_rows(milestone: Milestone) -> list[dict[str, object]]:
    """Every status update of a milestone, latest period first, with what happened to it (for its History tab):
    its earlier versions while its period was open, the correction that replaced it, its withdrawal."""
    updates = list(
        milestone.updates.select_related("author", "withdrawn_by", "correction")
        .with_sign_off()
        .order_by("-reporting_period", "-created_at", "-pk")
    )
    versions: dict[int, list] = {}
    for event in StatusUpdate.pgh_event_model.objects.filter(pgh_obj__in=updates).order_by("pgh_id"):
        earlier = versions.setdefault(event.pgh_obj_id, [])
        if not earlier or (earlier[-1].rag, earlier[-1].commentary) != (event.rag, event.commentary):
            earlier.append(event)
    return [
        {
            "status_update": update,
            "tag": rag_tag(update.rag),
            "state": _update_state(update),
            "earlier": [
                {"tag": rag_tag(event.rag), "commentary": event.commentary, "at": event.pgh_created_at}
                for event in reversed(versions.get(update.pk, [])[:-1])
            ],
            "withdraw_url": reverse(
                "priorities:status_withdraw", kwargs={**milestone.url_kwargs(), "update": update.pk}
            )
            if update.is_standing
            else None,
        }
        for update in updates
    ]


def _update_state(update: StatusUpdate) -> str:
    if update.withdrawn_at:
        return f"Withdrawn on {local_date(update.withdrawn_at)} by {update.withdrawn_by}: {update.withdrawn_reason}"
    if update.replaced_at:
        return f"Replaced by a correction on {local_date(update.replaced_at)}: {update.correction.reason}"
    if update.corrects_id:
        return f"A correction: {update.reason}"
    return "Public" if update.signed_off else "Awaiting sign-off (not public)"


def sign_off_text(sign_off: SignOff) -> str:
    return sign_off_words(
        signed_off_as=sign_off.signed_off_as,
        sro_name=sign_off.sro_name,
        on=timezone.localtime(sign_off.signed_off_at).date(),
        period=sign_off.reporting_period,
    )
