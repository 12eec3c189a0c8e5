"""Writes through the priorities services, the database's own guards, and the shared reads."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from blmk_portal.editing import EditConflict
from blmk_portal.history import history_for
from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from blmk_portal.services import record_move, record_publish
from priorities import services
from priorities.models import Milestone, Plan, Priority, Programme, Risk, SignOff, StatusUpdate
from priorities.queries import latest_rags_by_programme, milestones_due_an_update
from tests.factories import (
    MilestoneFactory,
    PlaceFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    RiskFactory,
    StatusUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERIOD = "2026/27 Q3"


class TestStatusUpdates:
    @pytest.mark.parametrize("rag", [Rag.RED, Rag.AMBER, "red", "amber"])
    @pytest.mark.parametrize("commentary", ["", "   \n  "])
    def test_a_red_or_amber_update_without_commentary_is_refused_and_nothing_saved(self, staff_user, rag, commentary):
        milestone = MilestoneFactory()
        with pytest.raises(ValidationError) as error:
            services.milestone_report_status(
                milestone=milestone, rag=rag, commentary=commentary, reporting_period=PERIOD, by=staff_user
            )
        assert list(error.value.message_dict) == ["commentary"]
        assert error.value.message_dict["commentary"][0].startswith(
            ("Enter commentary: a Red", "Enter commentary: an Amber")
        )
        assert "what is wrong and what is being done" in error.value.message_dict["commentary"][0]
        assert not StatusUpdate.objects.exists()

    def test_the_refusal_names_the_status_it_was_for(self, staff_user):
        with pytest.raises(ValidationError) as error:
            services.milestone_report_status(
                milestone=MilestoneFactory(), rag=Rag.AMBER, commentary="", reporting_period=PERIOD, by=staff_user
            )
        assert error.value.message_dict["commentary"] == [
            "Enter commentary: an Amber status must say what is wrong and what is being done"
        ]

    @pytest.mark.parametrize("rag", [Rag.GREEN, Rag.BLUE, Rag.GREY])
    def test_green_blue_and_grey_updates_need_no_commentary(self, staff_user, rag):
        milestone = MilestoneFactory()
        update = services.milestone_report_status(
            milestone=milestone, rag=rag, commentary="", reporting_period=PERIOD, by=staff_user
        )
        assert StatusUpdate.objects.get() == update
        assert (update.rag, update.commentary, update.reporting_period, update.author) == (rag, "", PERIOD, staff_user)

    def test_a_red_update_with_commentary_is_saved_with_its_commentary_trimmed(self, staff_user):
        update = services.milestone_report_status(
            milestone=MilestoneFactory(),
            rag=Rag.RED,
            commentary="  Supplier late; escalated to the SRO \n",
            reporting_period=PERIOD,
            by=staff_user,
        )
        update.refresh_from_db()
        assert (update.rag, update.commentary) == (Rag.RED, "Supplier late; escalated to the SRO")

    def test_the_same_report_sent_again_is_the_report_already_made(self, staff_user):
        milestone = MilestoneFactory()
        report = {"rag": Rag.RED, "commentary": "Supplier late", "reporting_period": PERIOD, "by": staff_user}
        first = services.milestone_report_status(milestone=milestone, **report)
        again = services.milestone_report_status(milestone=milestone, **report)
        assert again == first
        assert StatusUpdate.objects.count() == 1

    def test_a_status_saved_twice_for_a_period_is_stored_once(self, staff_user):
        """The defect: Back and save again stored a second status for the period, and both showed."""
        milestone = MilestoneFactory()
        report = {"rag": Rag.GREEN, "commentary": "", "reporting_period": PERIOD}
        first = services.milestone_report_status(milestone=milestone, **report, by=staff_user)
        again = services.milestone_report_status(milestone=milestone, **report, by=UserFactory(programme_office=True))
        assert again == first
        assert StatusUpdate.objects.count() == 1

    def test_a_different_status_for_an_open_period_edits_the_one_there_and_its_history_keeps_the_old(self, staff_user):
        milestone = MilestoneFactory()
        first = services.milestone_report_status(
            milestone=milestone, rag=Rag.RED, commentary="Supplier late", reporting_period=PERIOD, by=staff_user
        )
        edited = services.milestone_report_status(
            milestone=milestone, rag=Rag.AMBER, commentary="Supplier found", reporting_period=PERIOD, by=staff_user
        )
        assert edited.pk == first.pk
        assert [(u.rag, u.commentary) for u in StatusUpdate.objects.all()] == [(Rag.AMBER, "Supplier found")]
        versions = StatusUpdate.pgh_event_model.objects.filter(pgh_obj=first).order_by("pgh_id")
        assert [(v.rag, v.commentary) for v in versions] == [(Rag.RED, "Supplier late"), (Rag.AMBER, "Supplier found")]

    def test_each_period_has_its_own_status(self, staff_user):
        milestone = MilestoneFactory()
        for period, rag in (("2026/27 Q1", Rag.GREEN), ("2026/27 Q2", Rag.AMBER), (PERIOD, Rag.BLUE)):
            services.milestone_report_status(
                milestone=milestone, rag=rag, commentary="Note", reporting_period=period, by=staff_user
            )
        assert [u.rag for u in milestone.updates.all()] == [Rag.BLUE, Rag.AMBER, Rag.GREEN]
        assert milestone.updates.latest().rag == Rag.BLUE

    def test_a_back_dated_status_typed_after_a_later_one_is_not_the_latest(self, staff_user):
        """The defect: a Q1 Amber entered after a Q3 Green became the current status."""
        milestone = MilestoneFactory()
        services.milestone_report_status(
            milestone=milestone, rag=Rag.GREEN, commentary="", reporting_period=PERIOD, by=staff_user
        )
        services.milestone_report_status(
            milestone=milestone, rag=Rag.AMBER, commentary="Was late", reporting_period="2026/27 Q1", by=staff_user
        )
        assert milestone.updates.latest().rag == Rag.GREEN
        assert milestone.updates.first().reporting_period == PERIOD

    def test_a_period_that_is_not_a_quarter_is_refused(self, staff_user):
        with pytest.raises(ValidationError) as error:
            services.milestone_report_status(
                milestone=MilestoneFactory(), rag=Rag.GREEN, commentary="", reporting_period="Q3", by=staff_user
            )
        assert error.value.message_dict == {"reporting_period": ["Enter a reporting period like 2026/27 Q3, not 'Q3'"]}


class TestCorrectionsAndWithdrawals:
    @pytest.fixture
    def signed_off(self, staff_user):
        """A Red for PERIOD on a programme signed off for PERIOD."""
        update = StatusUpdateFactory(rag=Rag.RED, commentary="Mistyped: should be Green", reporting_period=PERIOD)
        return update

    def test_after_sign_off_a_different_status_needs_a_reason_and_nothing_changes_without_one(
        self, staff_user, signed_off
    ):
        with pytest.raises(ValidationError) as error:
            services.milestone_report_status(
                milestone=signed_off.milestone, rag=Rag.GREEN, commentary="", reporting_period=PERIOD, by=staff_user
            )
        assert list(error.value.message_dict) == ["reason"]
        assert "is signed off for 2026/27 Q3" in error.value.message_dict["reason"][0]
        assert list(StatusUpdate.objects.values_list("rag", "replaced_at")) == [(Rag.RED, None)]

    def test_after_sign_off_a_correction_is_a_new_revision_keeping_the_old_with_its_reason(
        self, staff_user, signed_off
    ):
        correction = services.milestone_report_status(
            milestone=signed_off.milestone,
            rag=Rag.GREEN,
            commentary="",
            reporting_period=PERIOD,
            reason=" Typed Red by mistake ",
            by=staff_user,
        )
        signed_off.refresh_from_db()
        assert correction.pk != signed_off.pk
        assert (correction.corrects, correction.reason, correction.rag) == (
            signed_off,
            "Typed Red by mistake",
            Rag.GREEN,
        )
        assert signed_off.replaced_at is not None and signed_off.rag == Rag.RED
        assert list(StatusUpdate.objects.standing()) == [correction]
        assert list(StatusUpdate.objects.visible_to(AnonymousUser())) == [correction]
        assert set(StatusUpdate.objects.visible_to(staff_user)) == {correction, signed_off}

    def test_a_withdrawn_update_leaves_the_public_record_and_staff_still_see_it_with_the_reason(
        self, staff_user, signed_off
    ):
        earlier = StatusUpdateFactory(milestone=signed_off.milestone, rag=Rag.GREEN, reporting_period="2026/27 Q2")
        services.status_update_withdraw(update=signed_off, reason="Wrong milestone", by=staff_user)
        again = services.status_update_withdraw(update=signed_off, reason="Double click", by=staff_user)
        assert (again.withdrawn_reason, again.withdrawn_by) == ("Wrong milestone", staff_user)
        assert list(StatusUpdate.objects.visible_to(AnonymousUser())) == [earlier]
        assert signed_off in StatusUpdate.objects.visible_to(staff_user)
        assert list(StatusUpdate.objects.standing()) == [earlier]

    def test_withdrawing_needs_a_reason(self, staff_user, signed_off):
        with pytest.raises(ValidationError) as error:
            services.status_update_withdraw(update=signed_off, reason="  ", by=staff_user)
        assert error.value.message_dict == {"reason": ["Enter the reason for withdrawing this status update"]}
        signed_off.refresh_from_db()
        assert signed_off.withdrawn_at is None

    def test_after_a_withdrawal_the_period_can_be_reported_again(self, staff_user, signed_off):
        services.status_update_withdraw(update=signed_off, reason="Wrong milestone", by=staff_user)
        again = services.milestone_report_status(
            milestone=signed_off.milestone, rag=Rag.GREEN, commentary="", reporting_period=PERIOD, by=staff_user
        )
        assert list(StatusUpdate.objects.standing()) == [again]


class TestSignOff:
    def test_until_signed_off_the_public_see_the_previous_signed_off_period(self, staff_user):
        milestone = MilestoneFactory()
        q2 = StatusUpdateFactory(milestone=milestone, rag=Rag.GREEN, reporting_period="2026/27 Q2")
        q3 = StatusUpdateFactory(
            milestone=milestone, rag=Rag.RED, commentary="Late", reporting_period=PERIOD, signed_off=False
        )
        programmes = [milestone.programme]
        assert latest_rags_by_programme(programmes, AnonymousUser())[milestone.programme_id] == [Rag.GREEN]
        assert latest_rags_by_programme(programmes, staff_user)[milestone.programme_id] == [Rag.RED]
        sign_off = services.programme_sign_off(
            programme=milestone.programme, reporting_period=PERIOD, signed_off_as="programme_office", by=staff_user
        )
        assert latest_rags_by_programme(programmes, AnonymousUser())[milestone.programme_id] == [Rag.RED]
        assert set(StatusUpdate.objects.visible_to(AnonymousUser())) == {q2, q3}
        assert (sign_off.by, sign_off.signed_off_as, sign_off.sro_name) == (staff_user, "programme_office", "")

    def test_signing_off_twice_is_one_sign_off(self, staff_user):
        priority = PriorityFactory(senior_responsible_officer="Jane Doe")
        milestone = MilestoneFactory(programme=ProgrammeFactory(priority=priority))
        StatusUpdateFactory(milestone=milestone, reporting_period=PERIOD, signed_off=False)
        values = {"programme": milestone.programme, "reporting_period": PERIOD, "by": staff_user}
        first = services.programme_sign_off(signed_off_as="sro", **values)
        again = services.programme_sign_off(signed_off_as="programme_office", **values)
        assert again == first and SignOff.objects.count() == 1
        assert (first.signed_off_as, first.sro_name) == ("sro", "Jane Doe")

    def test_a_programme_with_nothing_reported_for_the_period_cannot_be_signed_off(self, staff_user):
        programme = MilestoneFactory().programme
        with pytest.raises(ValidationError) as error:
            services.programme_sign_off(
                programme=programme, reporting_period=PERIOD, signed_off_as="programme_office", by=staff_user
            )
        assert error.value.message_dict["reporting_period"] == [
            f"Nothing to sign off: no milestone of {programme.title} has a status for 2026/27 Q3"
        ]
        assert not SignOff.objects.exists()

    def test_the_sro_can_sign_off_only_where_the_priority_names_one(self, staff_user):
        update = StatusUpdateFactory(reporting_period=PERIOD, signed_off=False)
        update.milestone.programme.priority.senior_responsible_officer = ""
        with pytest.raises(ValidationError) as error:
            services.programme_sign_off(
                programme=update.milestone.programme, reporting_period=PERIOD, signed_off_as="sro", by=staff_user
            )
        assert "names no SRO: sign it off as the programme office" in error.value.message_dict["signed_off_as"][0]


class TestTheDatabaseGuards:
    @pytest.mark.parametrize("rag", [Rag.RED, Rag.AMBER])
    def test_a_red_or_amber_update_with_empty_commentary_cannot_be_inserted(self, rag):
        milestone = MilestoneFactory()
        with pytest.raises(IntegrityError, match="red_and_amber_updates_have_commentary"), transaction.atomic():
            StatusUpdate.objects.create(
                milestone=milestone, rag=rag, commentary="", reporting_period=PERIOD, author=UserFactory()
            )
        assert not StatusUpdate.objects.exists()

    def test_a_green_update_with_empty_commentary_can_be_inserted(self):
        StatusUpdateFactory(rag=Rag.GREEN, commentary="")
        assert StatusUpdate.objects.count() == 1

    def test_an_override_without_a_reason_cannot_be_saved(self):
        programme = ProgrammeFactory()
        with pytest.raises(IntegrityError, match="programme_override_has_reason"), transaction.atomic():
            Programme.objects.filter(pk=programme.pk).update(rag_override=Rag.GREEN, rag_override_reason="")
        priority = PriorityFactory()
        with pytest.raises(IntegrityError, match="priority_override_has_reason"), transaction.atomic():
            Priority.objects.filter(pk=priority.pk).update(rag_override=Rag.GREEN, rag_override_reason="")

    @pytest.mark.parametrize("field", ["current_likelihood", "target_consequence", "inherent_likelihood"])
    @pytest.mark.parametrize("value", [0, 6])
    def test_a_risk_score_outside_1_to_5_cannot_be_saved(self, field, value):
        with pytest.raises(IntegrityError, match="risk_scores_are_1_to_5"), transaction.atomic():
            RiskFactory(**{field: value})

    def test_a_milestone_with_updates_cannot_be_deleted(self):
        update = StatusUpdateFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Milestone.objects.filter(pk=update.milestone_id).delete()
        assert StatusUpdate.objects.filter(pk=update.pk).exists()


SCORES = {f"{w}_{f}": 3 for w in ("inherent", "current", "target") for f in ("likelihood", "consequence")}


class TestCreating:
    def test_a_new_plan_is_a_draft_with_a_slug_from_its_title(self, staff_user):
        plan = services.plan_create(values={"title": "Joint Forward Plan 2026", "period": "2026/27"}, by=staff_user)
        assert (plan.slug, plan.status, plan.published_at, plan.version) == (
            "joint-forward-plan-2026",
            "draft",
            None,
            1,
        )

    def test_a_new_priority_takes_its_slug_from_its_code(self, staff_user):
        priority = services.priority_create(plan=PlanFactory(), values={"code": "P7", "title": "Weight"}, by=staff_user)
        assert (priority.slug, priority.status) == ("p7", Status.DRAFT)

    def test_a_priority_code_already_in_the_plan_is_refused_in_any_case(self, staff_user):
        plan = PlanFactory(title="Operating Plan")
        PriorityFactory(plan=plan, code="P1")
        with pytest.raises(ValidationError) as error:
            services.priority_create(plan=plan, values={"code": "p1 ", "title": "Another"}, by=staff_user)
        assert error.value.message_dict == {"code": ["Operating Plan already has a priority p1 "]}
        assert Priority.objects.count() == 1

    def test_new_items_go_to_the_end_of_their_own_list(self, staff_user):
        plan, other_plan = PlanFactory(), PlanFactory()
        PriorityFactory(plan=plan, order=0)
        PriorityFactory(plan=plan, order=4)
        PriorityFactory(plan=other_plan, order=9)
        priority = services.priority_create(plan=plan, values={"code": "PX", "title": "New"}, by=staff_user)
        assert priority.order == 5
        first = services.priority_create(plan=PlanFactory(), values={"code": "P1", "title": "A"}, by=staff_user)
        assert first.order == 0

    def test_a_new_milestone_goes_last_in_its_programme(self, staff_user):
        programme = ProgrammeFactory()
        existing = [MilestoneFactory(programme=programme, order=n) for n in (1, 2, 3)]
        MilestoneFactory(order=50)  # another programme's
        milestone = services.milestone_create(programme=programme, values={"title": "Go live"}, by=staff_user)
        assert milestone.order == 4
        assert list(programme.milestones.all()) == [*existing, milestone]

    def test_places_are_set_and_the_history_says_who_created_it(self, staff_user):
        luton = PlaceFactory(name="Luton")
        programme = services.programme_create(
            priority=PriorityFactory(), values={"title": "Stroke Pathway", "places": [luton]}, by=staff_user
        )
        assert programme.slug == "stroke-pathway"
        assert list(programme.places.all()) == [luton]
        created = history_for(programme)[-1]
        assert (created.what, created.who, created.links) == ("Created", "office@example.org", ["Added place: Luton"])

    def test_an_override_needs_a_reason_and_clearing_it_clears_the_reason(self, staff_user):
        programme = ProgrammeFactory()
        with pytest.raises(ValidationError) as error:
            services.programme_update(
                programme=programme,
                opened_at_version=1,
                values={"rag_override": Rag.RED, "rag_override_reason": " "},
                by=staff_user,
            )
        assert error.value.message_dict == {"rag_override_reason": ["Enter the reason for overriding the status"]}
        services.programme_update(
            programme=programme,
            opened_at_version=1,
            values={"rag_override": Rag.RED, "rag_override_reason": "Why"},
            by=staff_user,
        )
        services.programme_update(
            programme=programme,
            opened_at_version=2,
            values={"rag_override": "", "rag_override_reason": "Why"},
            by=staff_user,
        )
        programme.refresh_from_db()
        assert (programme.rag_override, programme.rag_override_reason) == ("", "")


class TestWhatARiskThreatens:
    def test_a_risk_threatens_a_priority_and_may_name_one_of_its_programmes(self, staff_user):
        programme = ProgrammeFactory()
        risk = services.risk_create(
            values={"title": "Gaps", "priority": programme.priority, "programme": programme, **SCORES}, by=staff_user
        )
        assert (risk.priority, risk.programme, risk.current_score) == (programme.priority, programme, 9)

    def test_a_programme_of_another_priority_is_refused_with_a_message_at_the_programme(self, staff_user):
        programme = ProgrammeFactory(title="Stroke Pathway")
        other = PriorityFactory(code="P2", title="Mental health")
        with pytest.raises(ValidationError) as error:
            services.risk_create(
                values={"title": "Gaps", "priority": other, "programme": programme, **SCORES}, by=staff_user
            )
        assert error.value.message_dict == {
            "programme": [
                f"Stroke Pathway is a programme of {programme.priority} ({programme.priority.plan}), "
                f"not of P2 Mental health ({other.plan}): choose one of its programmes, or none"
            ]
        }
        assert not Risk.objects.exists()

    def test_an_edit_is_held_to_the_same_rule(self, staff_user):
        risk = RiskFactory()
        with pytest.raises(ValidationError):
            services.risk_update(
                risk=risk,
                opened_at_version=1,
                values={"priority": risk.priority, "programme": ProgrammeFactory()},
                by=staff_user,
            )

    def test_a_risk_without_a_priority_is_refused(self, staff_user):
        with pytest.raises(ValidationError) as error:
            services.risk_create(values={"title": "Floating", "priority": None, **SCORES}, by=staff_user)
        assert error.value.message_dict == {"priority": ["Select the priority this risk threatens"]}

    def test_the_database_holds_the_same_rule(self):
        programme = ProgrammeFactory()
        with pytest.raises(IntegrityError, match="must be a programme of its priority"), transaction.atomic():
            RiskFactory(priority=PriorityFactory(), programme=programme)
        with pytest.raises(IntegrityError), transaction.atomic():
            RiskFactory(priority=None)
        assert not Risk.objects.exists()


class TestUpdating:
    def test_it_saves_and_moves_the_version_on(self, staff_user):
        milestone = MilestoneFactory(owner="Old owner")
        services.milestone_update(
            milestone=milestone, opened_at_version=1, values={"owner": "New owner"}, by=staff_user
        )
        milestone.refresh_from_db()
        assert (milestone.owner, milestone.version) == ("New owner", 2)

    def test_a_stale_save_is_refused_naming_who_changed_what_and_nothing_is_overwritten(
        self, staff_user, non_member_user
    ):
        milestone = MilestoneFactory(title="Original", owner="Ann")
        services.milestone_update(milestone=milestone, opened_at_version=1, values={"owner": "Bob"}, by=staff_user)
        stale = Milestone.objects.get(pk=milestone.pk)
        with pytest.raises(EditConflict) as conflict:
            services.milestone_update(
                milestone=stale, opened_at_version=1, values={"title": "Mine", "owner": "Ann"}, by=non_member_user
            )
        milestone.refresh_from_db()
        assert (milestone.title, milestone.owner, milestone.version) == ("Original", "Bob", 2)
        assert conflict.value.changed_by == ["office@example.org"]
        assert conflict.value.changes == [("owner", "Bob")]
        assert str(conflict.value).startswith("office@example.org saved changes to owner while you were editing.")
        assert "Your changes have not been saved" in str(conflict.value)

    def test_a_change_of_places_by_someone_else_is_a_conflict_too(self, staff_user, non_member_user):
        luton, bedford = PlaceFactory(name="Luton"), PlaceFactory(name="Bedford")
        milestone = MilestoneFactory()
        services.milestone_update(milestone=milestone, opened_at_version=1, values={"places": [luton]}, by=staff_user)
        with pytest.raises(EditConflict) as conflict:
            services.milestone_update(
                milestone=milestone, opened_at_version=1, values={"places": [bedford]}, by=non_member_user
            )
        assert conflict.value.changes == [("places", "Luton")]
        assert list(milestone.places.all()) == [luton]


class TestPublishing:
    def test_publishing_a_draft_sets_the_status_and_the_moment(self, staff_user):
        plan = PlanFactory(status=Status.DRAFT)
        record_publish(item=plan, publish=True, opened_at_version=1, by=staff_user)
        plan.refresh_from_db()
        assert plan.status == Status.PUBLISHED
        assert plan.published_at is not None
        assert plan.version == 2

    def test_unpublishing_makes_it_a_draft_again_and_republishing_keeps_the_first_date(self, staff_user):
        priority = PriorityFactory(status=Status.DRAFT)
        record_publish(item=priority, publish=True, opened_at_version=1, by=staff_user)
        first_published = Priority.objects.get(pk=priority.pk).published_at
        record_publish(item=priority, publish=False, opened_at_version=2, by=staff_user)
        assert Priority.objects.get(pk=priority.pk).status == Status.DRAFT
        record_publish(item=priority, publish=True, opened_at_version=3, by=staff_user)
        priority.refresh_from_db()
        assert (priority.status, priority.published_at) == (Status.PUBLISHED, first_published)

    def test_publishing_from_a_stale_page_is_refused(self, staff_user):
        programme = ProgrammeFactory(status=Status.DRAFT)
        services.programme_update(programme=programme, opened_at_version=1, values={"lead": "Someone"}, by=staff_user)
        with pytest.raises(EditConflict):
            record_publish(item=programme, publish=True, opened_at_version=1, by=staff_user)
        assert Programme.objects.get(pk=programme.pk).status == Status.DRAFT

    def test_a_move_meanwhile_does_not_stop_publishing(self, staff_user):
        priority = PriorityFactory()
        first, second = (
            ProgrammeFactory(priority=priority, order=0, status=Status.DRAFT),
            ProgrammeFactory(priority=priority, order=1),
        )
        record_move(item=second, up=True, opened_at_version=1, by=staff_user)
        record_publish(item=first, publish=True, opened_at_version=1, by=staff_user)
        assert Programme.objects.get(pk=first.pk).status == Status.PUBLISHED


class TestMove:
    @pytest.fixture
    def three(self):
        plan = PlanFactory()
        return [PriorityFactory(plan=plan, order=n, code=f"P{n}") for n in (1, 2, 3)]

    @staticmethod
    def codes(plan):
        return [p.code for p in Priority.objects.filter(plan=plan)]

    @staticmethod
    def move(item, up, by):
        return record_move(item=item, up=up, opened_at_version=type(item).objects.get(pk=item.pk).version, by=by)

    def test_moving_up_swaps_with_the_one_above(self, staff_user, three):
        assert self.move(three[2], True, staff_user)
        assert self.codes(three[0].plan) == ["P1", "P3", "P2"]

    def test_moving_down_swaps_with_the_one_below(self, staff_user, three):
        self.move(three[0], False, staff_user)
        assert self.codes(three[0].plan) == ["P2", "P1", "P3"]

    def test_the_first_cannot_move_up_nor_the_last_down(self, staff_user, three):
        assert not self.move(three[0], True, staff_user)
        assert not self.move(three[2], False, staff_user)
        assert self.codes(three[0].plan) == ["P1", "P2", "P3"]

    def test_items_with_the_same_order_still_move(self, staff_user):
        programme = ProgrammeFactory()
        a, b, c = (MilestoneFactory(programme=programme, order=0) for _ in range(3))
        self.move(c, True, staff_user)
        assert list(programme.milestones.all()) == [a, c, b]

    def test_only_the_items_own_list_is_reordered(self, staff_user, three):
        elsewhere = PriorityFactory(order=1)
        self.move(three[1], True, staff_user)
        elsewhere.refresh_from_db()
        assert elsewhere.order == 1

    def test_a_move_from_a_page_loaded_before_another_move_is_refused(self, staff_user, three):
        record_move(item=three[2], up=True, opened_at_version=1, by=staff_user)
        with pytest.raises(EditConflict):
            record_move(item=three[2], up=True, opened_at_version=1, by=staff_user)
        assert self.codes(three[0].plan) == ["P1", "P3", "P2"]

    @pytest.mark.parametrize(("which", "up"), [(2, True), (1, False), (0, False)])
    def test_both_records_that_swap_say_so_in_their_history(self, staff_user, three, which, up):
        item = three[which]
        neighbour = three[which - 1 if up else which + 1]
        self.move(item, up, staff_user)
        assert history_for(item)[0].what == "Moved"
        assert history_for(neighbour)[0].what == "Moved"
        untouched = next(other for other in three if other not in (item, neighbour))
        assert history_for(untouched)[0].what == "Created"


class TestVisibility:
    def test_a_priority_is_public_only_when_it_and_its_plan_are_published(self, non_member_user, staff_user):
        shown = PriorityFactory()
        draft = PriorityFactory(status=Status.DRAFT)
        in_draft_plan = PriorityFactory(plan=PlanFactory(status=Status.DRAFT))
        assert list(Priority.objects.visible_to(non_member_user)) == [shown]
        assert set(Priority.objects.visible_to(staff_user)) == {shown, draft, in_draft_plan}

    def test_a_programme_is_public_only_when_it_its_priority_and_its_plan_are_published(self, non_member_user):
        shown = ProgrammeFactory()
        ProgrammeFactory(status=Status.DRAFT)
        ProgrammeFactory(priority=PriorityFactory(status=Status.DRAFT))
        ProgrammeFactory(priority=PriorityFactory(plan=PlanFactory(status=Status.DRAFT)))
        assert list(Programme.objects.visible_to(non_member_user)) == [shown]
        shown_milestone = MilestoneFactory(programme=shown)
        MilestoneFactory(programme=ProgrammeFactory(status=Status.DRAFT))
        assert list(Milestone.objects.visible_to(non_member_user)) == [shown_milestone]

    def test_confidential_risks_and_risks_to_drafts_are_never_public(self, non_member_user, staff_user):
        shown = RiskFactory()
        confidential = RiskFactory(audience=Audience.STAFF)
        to_a_draft = RiskFactory(priority=PriorityFactory(status=Status.DRAFT))
        programme = ProgrammeFactory()
        on_a_programme = RiskFactory(priority=programme.priority, programme=programme)
        draft_programme = ProgrammeFactory(status=Status.DRAFT)
        on_a_draft_programme = RiskFactory(priority=draft_programme.priority, programme=draft_programme)
        assert set(Risk.objects.visible_to(non_member_user)) == {shown, on_a_programme}
        assert set(Risk.objects.visible_to(staff_user)) == {
            shown,
            confidential,
            to_a_draft,
            on_a_programme,
            on_a_draft_programme,
        }


class TestSharedReads:
    def test_the_latest_status_of_each_milestone_by_programme(self, django_assert_num_queries, staff_user):
        programme, other = ProgrammeFactory(), ProgrammeFactory()
        reported = MilestoneFactory(programme=programme)
        MilestoneFactory(programme=programme)  # never reported
        StatusUpdateFactory(milestone=reported, rag=Rag.GREEN, reporting_period=PERIOD)
        StatusUpdateFactory(milestone=reported, rag=Rag.RED, commentary="Late", reporting_period="2026/27 Q1")
        StatusUpdateFactory(milestone=MilestoneFactory(programme=other), rag=Rag.BLUE)
        with django_assert_num_queries(1):
            latest = latest_rags_by_programme([programme, other], AnonymousUser())
        assert sorted(latest[programme.pk], key=str) == sorted([Rag.GREEN, None], key=str)
        assert latest[other.pk] == [Rag.BLUE]

    def test_milestones_due_leave_out_the_complete_and_mark_those_updated_this_period(self, staff_user):
        complete, updated, waiting, never = MilestoneFactory.create_batch(4)
        StatusUpdateFactory(milestone=complete, rag=Rag.BLUE, reporting_period=PERIOD)
        StatusUpdateFactory(milestone=updated, rag=Rag.GREEN, reporting_period=PERIOD)
        StatusUpdateFactory(milestone=waiting, rag=Rag.AMBER, commentary="Slipping", reporting_period="2026/27 Q2")
        due = {m.pk: m.updated_this_period for m in milestones_due_an_update(PERIOD, staff_user)}
        assert due == {updated.pk: True, waiting.pk: False, never.pk: False}

    def test_a_milestone_reopened_after_being_complete_is_due_again(self, staff_user):
        milestone = MilestoneFactory()
        StatusUpdateFactory(milestone=milestone, rag=Rag.BLUE, reporting_period="2026/27 Q1")
        StatusUpdateFactory(milestone=milestone, rag=Rag.AMBER, commentary="Reopened", reporting_period="2026/27 Q2")
        assert [m.pk for m in milestones_due_an_update(PERIOD, staff_user)] == [milestone.pk]

    @pytest.mark.parametrize("state", [Plan.State.CLOSED, Plan.State.SUPERSEDED])
    def test_milestones_of_a_plan_no_longer_current_leave_the_round(self, staff_user, state):
        """The defect: 85 of the 91 milestones in the round belonged to the 2018/19 plan."""
        current = MilestoneFactory()
        old = MilestoneFactory()
        plan = old.programme.priority.plan
        plan.state, plan.superseded_by = state, (current.programme.priority.plan if state == "superseded" else None)
        plan.save()
        assert [m.pk for m in milestones_due_an_update(PERIOD, staff_user)] == [current.pk]


class TestPlanStates:
    def test_a_superseded_plan_must_name_the_plan_that_superseded_it(self, staff_user):
        plan, successor = PlanFactory(), PlanFactory()
        values = {"title": plan.title, "period": plan.period, "state": "superseded", "superseded_by": None}
        with pytest.raises(ValidationError) as error:
            services.plan_update(plan=plan, opened_at_version=1, values=values, by=staff_user)
        assert error.value.message_dict == {"superseded_by": ["Select the plan that superseded this one"]}
        with pytest.raises(ValidationError):
            services.plan_update(
                plan=plan, opened_at_version=1, values={**values, "superseded_by": plan}, by=staff_user
            )
        services.plan_update(
            plan=plan, opened_at_version=1, values={**values, "superseded_by": successor}, by=staff_user
        )
        plan.refresh_from_db()
        assert (plan.state, plan.superseded_by) == ("superseded", successor)

    def test_a_plan_no_longer_superseded_forgets_its_successor(self, staff_user):
        plan = PlanFactory(state="superseded", superseded_by=PlanFactory())
        services.plan_update(
            plan=plan,
            opened_at_version=1,
            values={"title": plan.title, "period": plan.period, "state": "closed", "superseded_by": plan.superseded_by},
            by=staff_user,
        )
        plan.refresh_from_db()
        assert (plan.state, plan.superseded_by) == ("closed", None)

    def test_the_database_holds_a_superseded_plan_to_its_successor(self):
        with pytest.raises(IntegrityError, match="plan_superseded_names_its_successor"), transaction.atomic():
            PlanFactory(state="superseded")


class TestOneStatusPerPeriodInTheDatabase:
    def test_a_second_standing_status_for_a_period_cannot_be_inserted(self):
        update = StatusUpdateFactory(reporting_period=PERIOD)
        with pytest.raises(IntegrityError, match="one_status_per_milestone_per_period"), transaction.atomic():
            StatusUpdateFactory(milestone=update.milestone, reporting_period=PERIOD)

    def test_a_period_that_is_not_a_quarter_cannot_be_inserted(self):
        with pytest.raises(IntegrityError, match="status_period_is_a_quarter"), transaction.atomic():
            StatusUpdateFactory(reporting_period="Q3 2026")
