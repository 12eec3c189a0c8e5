"""The forward plan's rules worked through by hand: which meeting a planned item belongs to, when it slips and to
where, what a meeting's agenda is offered, how items group, and the words."""

import datetime as dt
from types import SimpleNamespace

from governance.forward_plan_rules import (
    PLANNED,
    SLIPPED,
    TAKEN,
    MeetingDay,
    by_date,
    by_kind,
    next_to_come,
    offered_at,
    standing,
)

JUNE, JULY, SEPTEMBER, OCTOBER = dt.date(2021, 6, 9), dt.date(2021, 7, 14), dt.date(2021, 9, 1), dt.date(2021, 10, 6)


def day(key: int, date: dt.date, *, held=False, cancelled=False) -> MeetingDay:
    return MeetingDay(key, date, held=held, cancelled=cancelled)


class TestStanding:
    def test_an_item_for_a_meeting_still_to_come_is_planned(self):
        meetings = [day(1, JULY)]
        result = standing(JULY, None, meetings, today=JUNE)
        assert (result.status, result.words) == (PLANNED, "Planned for 14 July 2021")

    def test_on_the_day_an_item_is_still_planned_until_the_meeting_is_marked_held(self):
        assert standing(JULY, None, [day(1, JULY)], today=JULY).status == PLANNED
        assert standing(JULY, None, [day(1, JULY, held=True)], today=JULY).status == SLIPPED

    def test_an_item_not_taken_at_a_held_meeting_slips_to_the_next_meeting_and_says_from_when(self):
        meetings = [day(1, JUNE, held=True), day(2, JULY), day(3, SEPTEMBER)]
        result = standing(JUNE, None, meetings, today=JUNE)
        assert result.status == SLIPPED
        assert result.slipped_to == meetings[1]
        assert result.words == "Slipped from 9 June 2021 to the meeting of 14 July 2021"
        assert result.label == "Slipped"

    def test_an_item_whose_day_passed_with_no_meeting_recorded_slips_too(self):
        result = standing(JULY, None, [day(2, SEPTEMBER)], today=dt.date(2021, 8, 1))
        assert (result.status, result.slipped_to.key) == (SLIPPED, 2)
        assert result.words == "Slipped from 14 July 2021 to the meeting of 1 September 2021"

    def test_a_slipped_item_passes_meetings_that_are_over_and_cancelled_ones(self):
        meetings = [
            day(1, JUNE, held=True),
            day(2, JULY, held=True),  # held without taking it: it slips on
            day(3, SEPTEMBER, cancelled=True),
            day(4, OCTOBER),
        ]
        assert standing(JUNE, None, meetings, today=dt.date(2021, 8, 2)).slipped_to.key == 4
        assert next_to_come(JUNE, meetings, dt.date(2021, 8, 2)).key == 4

    def test_a_cancelled_meeting_lets_its_items_slip_at_once(self):
        meetings = [day(1, JULY, cancelled=True), day(2, SEPTEMBER)]
        result = standing(JULY, None, meetings, today=JUNE)
        assert (result.status, result.slipped_to.key) == (SLIPPED, 2)

    def test_with_no_later_meeting_recorded_the_words_say_so(self):
        result = standing(JUNE, None, [day(1, JUNE, held=True)], today=JULY)
        assert result.slipped_to is None
        assert result.words == "Slipped from 9 June 2021; no later meeting of the board is recorded yet"

    def test_a_taken_item_is_taken_whatever_the_date_and_says_where_it_slipped_from_if_later(self):
        meetings = [day(1, JUNE, held=True), day(2, JULY, held=True)]
        on_time = standing(JUNE, JUNE, meetings, today=SEPTEMBER)
        assert (on_time.status, on_time.words, on_time.has_slipped) == (
            TAKEN,
            "Taken at the meeting of 9 June 2021",
            False,
        )
        late = standing(JUNE, JULY, meetings, today=SEPTEMBER)
        assert (late.status, late.has_slipped) == (TAKEN, True)
        assert late.words == "Slipped from 9 June 2021; taken at the meeting of 14 July 2021"
        assert "Planned" not in late.words


class TestOffered:
    def test_a_meeting_is_offered_its_own_items_and_those_slipped_to_it_not_later_ones_nor_taken_ones(self):
        meetings = [day(1, JUNE, held=True), day(2, JULY), day(3, SEPTEMBER)]
        july = meetings[1]
        today = dt.date(2021, 6, 20)
        own = standing(JULY, None, meetings, today)
        slipped = standing(JUNE, None, meetings, today)
        later = standing(SEPTEMBER, None, meetings, today)
        taken = standing(JULY, JULY, meetings, today)
        assert [offered_at(july, item) for item in (own, slipped, later, taken)] == [True, True, False, False]

    def test_an_item_slipped_to_an_earlier_meeting_still_to_come_is_not_offered_at_a_later_one(self):
        meetings = [day(1, JUNE, held=True), day(2, JULY), day(3, SEPTEMBER)]
        slipped = standing(JUNE, None, meetings, today=dt.date(2021, 6, 20))
        assert slipped.slipped_to.key == 2
        assert offered_at(meetings[2], slipped) is False

    def test_a_meeting_that_is_over_offers_what_slipped_past_it_so_its_agenda_can_be_entered_later(self):
        meetings = [day(1, JUNE, held=True), day(2, JULY, held=True)]
        slipped = standing(JUNE, None, meetings, today=SEPTEMBER)
        assert slipped.slipped_to is None
        assert offered_at(meetings[1], slipped) is True
        assert offered_at(meetings[0], slipped) is True  # its own day

    def test_a_cancelled_meeting_is_offered_nothing_and_its_items_are_offered_at_the_next(self):
        meetings = [day(1, JULY, cancelled=True), day(2, SEPTEMBER)]
        own = standing(JULY, None, meetings, today=JUNE)
        assert offered_at(meetings[0], own) is False
        assert offered_at(meetings[1], own) is True


class TestGrouping:
    def test_items_group_by_date_in_date_order_keeping_their_order_within_a_date(self):
        items = [
            SimpleNamespace(planned_for=JULY, title="PCN Development"),
            SimpleNamespace(planned_for=JUNE, title="ICS Establishment"),
            SimpleNamespace(planned_for=JULY, title="PLACE development"),
        ]
        grouped = by_date(items)
        assert list(grouped) == [JUNE, JULY]
        assert [item.title for item in grouped[JULY]] == ["PCN Development", "PLACE development"]

    def test_kinds_come_in_the_plans_order_under_their_headings_and_empty_ones_are_left_out(self):
        items = [
            SimpleNamespace(kind="update", title="Finance and recovery"),
            SimpleNamespace(kind="strategy", title="Data Strategy"),
            SimpleNamespace(kind="update", title="BCA Update"),
        ]
        grouped = by_kind(items, lambda item: item.kind)
        assert [(heading, [item.title for item in group]) for heading, group in grouped] == [
            ("Strategy", ["Data Strategy"]),
            ("Updates", ["Finance and recovery", "BCA Update"]),
        ]
