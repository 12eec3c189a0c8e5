"""The attendance rules, worked through by hand: who was there for which items, the quorum item by item, and how
often each member came."""

import datetime as dt

from governance.attendance_rules import (
    NO_NUMBER,
    NO_RULE,
    NO_TERMS,
    Held,
    Presence,
    QuorumRule,
    Sitting,
    attendance_by_year,
    financial_year,
    items_present,
    movement_words,
    present_for_words,
    quorum,
    shared_initials,
)

# An agenda of nine items, 1 to 9, each its own key.
ORDER = list(range(1, 10))
LABELS = {item: f"item {item}" for item in ORDER}
FIVE_DEPUTIES_COUNT = QuorumRule("At least one third of members (5 members) must be in attendance", 5, True)
FIVE_MEMBERS_ONLY = QuorumRule("Five members, deputies not counting", 5, False)


def member(key: int, **kwargs) -> Presence:
    return Presence(key=key, name=f"Member {key}", decision_making=True, seat=100 + key, **kwargs)


def deputy(key: int, for_seat: int) -> Presence:
    return Presence(key=key, name=f"Deputy {key}", decision_making=True, seat=for_seat, deputy=True)


class TestItemsPresent:
    def test_someone_there_throughout_is_there_for_every_item(self):
        assert items_present(ORDER, None, None) == ORDER

    def test_an_arrival_after_item_3_is_there_from_item_4(self):
        assert items_present(ORDER, 4, None) == [4, 5, 6, 7, 8, 9]

    def test_a_departure_at_item_7_misses_item_7_and_after(self):
        assert items_present(ORDER, None, 7) == [1, 2, 3, 4, 5, 6]

    def test_an_item_no_longer_on_the_agenda_moves_nothing(self):
        assert items_present(ORDER, 99, 98) == ORDER


class TestQuorum:
    def test_six_decision_making_members_are_quorate_against_five_needed(self):
        result = quorum(FIVE_DEPUTIES_COUNT, [member(key) for key in range(6)], ORDER, LABELS)
        assert result.lines == ["Quorate: 6 of the 5 needed"]
        assert result.quorate is True

    def test_deputies_count_where_the_terms_of_reference_say_so(self):
        people = [member(key) for key in range(4)] + [deputy(10, for_seat=200), deputy(11, for_seat=201)]
        assert quorum(FIVE_DEPUTIES_COUNT, people, ORDER, LABELS).lines == ["Quorate: 6 of the 5 needed"]

    def test_deputies_do_not_count_where_the_terms_of_reference_do_not_say_so(self):
        people = [member(key) for key in range(4)] + [deputy(10, for_seat=200), deputy(11, for_seat=201)]
        result = quorum(FIVE_MEMBERS_ONLY, people, ORDER, LABELS)
        assert result.lines == ["Not quorate: 4 of the 5 needed"]
        assert result.quorate is False

    def test_attendees_in_seats_that_do_not_decide_are_not_counted(self):
        people = [member(key) for key in range(4)] + [Presence(key=9, name="Attendee", decision_making=False, seat=9)]
        assert quorum(FIVE_MEMBERS_ONLY, people, ORDER, LABELS).lines == ["Not quorate: 4 of the 5 needed"]

    def test_a_member_and_their_deputy_in_one_seat_count_once(self):
        people = [member(key) for key in range(4)] + [deputy(10, for_seat=member(0).seat)]
        assert quorum(FIVE_DEPUTIES_COUNT, people, ORDER, LABELS).lines == ["Not quorate: 4 of the 5 needed"]

    def test_an_arrival_after_item_3_and_a_departure_at_item_7_change_the_quorum_item_by_item(self):
        people = [member(1), member(2), member(3), member(4, left_before=7), member(5, joined_for=4)]
        result = quorum(FIVE_MEMBERS_ONLY, people, ORDER, LABELS)
        assert result.lines == [
            "Not quorate for item 1 to item 3: 4 of the 5 needed",
            "Quorate for item 4 to item 6: 5 of the 5 needed",
            "Not quorate for item 7 to item 9: 4 of the 5 needed",
        ]
        assert result.quorate is False
        assert "Quorate: " not in " ".join(result.lines)

    def test_a_single_item_is_named_alone(self):
        people = [member(key) for key in range(5)] + [member(9, left_before=7, joined_for=1)]
        people[0] = member(0, left_before=7)
        people[1] = member(1, joined_for=8)
        assert quorum(FIVE_MEMBERS_ONLY, people, ORDER, LABELS).lines == [
            "Quorate for item 1 to item 6: 5 of the 5 needed",
            "Not quorate for item 7: 3 of the 5 needed",
            "Not quorate for item 8 to item 9: 4 of the 5 needed",
        ]

    def test_with_no_agenda_everyone_present_counts(self):
        result = quorum(FIVE_MEMBERS_ONLY, [member(key) for key in range(5)], [], {})
        assert result.lines == ["Quorate: 5 of the 5 needed"]

    def test_a_time_with_no_item_is_counted_for_every_item_and_said_so(self):
        result = quorum(FIVE_MEMBERS_ONLY, [member(1, left=dt.time(17, 4))], ORDER, LABELS)
        assert result.lines == ["Not quorate: 1 of the 5 needed"]
        assert result.notes == ["Member 1 came or went with no item recorded, so is counted as present for every item."]

    def test_no_rule_in_the_terms_of_reference_says_so_and_decides_nothing(self):
        result = quorum(QuorumRule("", None, False), [member(1)], ORDER, LABELS)
        assert result.lines == [NO_RULE] == ["No quorum rule in the terms of reference"]
        assert result.quorate is None

    def test_no_terms_of_reference_and_a_rule_with_no_number_say_so(self):
        assert quorum(None, [member(1)], ORDER, LABELS).lines == [NO_TERMS]
        assert quorum(QuorumRule("A majority of members", None, False), [member(1)], ORDER, LABELS).lines == [NO_NUMBER]


class TestWords:
    def test_an_arrival_and_a_departure_read_with_their_times_and_items(self):
        person = member(1, joined_for=4, arrived=dt.time(14, 20), left_before=7, left=dt.time(17, 4))
        assert movement_words(person, LABELS) == ["Joined at 2:20pm, for item 4", "Left at 5:04pm, before item 7"]
        assert present_for_words(person, ORDER, LABELS) == "Present for item 4 to item 6"

    def test_a_departure_with_only_a_time_reads_as_printed(self):
        assert movement_words(member(1, left=dt.time(17, 4)), LABELS) == ["Left at 5:04pm"]
        assert movement_words(member(1), LABELS) == []
        assert present_for_words(member(1), ORDER, LABELS) == "Present for every item"

    def test_shared_initials_are_pointed_out(self):
        rows = [("Sarah Whiteman", "SW"), ("Simon Wood", "SW"), ("Felicity Cox", "FC"), ("No initials", "")]
        assert shared_initials(rows) == [
            "SW is printed for Sarah Whiteman and Simon Wood: where the minutes say SW, check which is meant."
        ]
        assert shared_initials(rows[2:]) == []


class TestAttendanceByYear:
    def test_the_financial_year_runs_april_to_march(self):
        assert financial_year(dt.date(2021, 4, 1)) == "2021/22"
        assert financial_year(dt.date(2022, 3, 31)) == "2021/22"
        assert financial_year(dt.date(2021, 3, 31)) == "2020/21"

    def test_meetings_attended_of_those_held_while_they_sat(self):
        meetings = [Held(1, dt.date(2021, 5, 5)), Held(2, dt.date(2021, 6, 9)), Held(3, dt.date(2021, 7, 14))]
        years = attendance_by_year([Sitting(7, None, None)], meetings, {(1, 7), (3, 7)})
        assert years["2021/22"][7].words == "2 of 3 meetings"

    def test_cancelled_meetings_and_meetings_with_no_attendance_recorded_are_not_counted(self):
        meetings = [
            Held(1, dt.date(2021, 5, 5)),
            Held(2, dt.date(2021, 6, 9), cancelled=True),
            Held(3, dt.date(2021, 7, 14), recorded=False),
        ]
        years = attendance_by_year([Sitting(7, None, None)], meetings, {(1, 7)})
        assert years["2021/22"][7].words == "1 of 1 meeting"

    def test_meetings_before_a_seat_started_or_after_it_ended_are_not_counted(self):
        meetings = [Held(1, dt.date(2021, 5, 5)), Held(2, dt.date(2021, 6, 9)), Held(3, dt.date(2021, 9, 8))]
        sittings = [Sitting(7, dt.date(2021, 6, 1), dt.date(2021, 7, 31))]
        years = attendance_by_year(sittings, meetings, {(1, 7), (2, 7), (3, 7)})
        assert years["2021/22"][7].words == "1 of 1 meeting"

    def test_each_year_is_counted_apart_and_the_newest_comes_first(self):
        meetings = [Held(1, dt.date(2021, 3, 3)), Held(2, dt.date(2021, 5, 5))]
        years = attendance_by_year([Sitting(7, None, None), Sitting(8, dt.date(2021, 4, 1), None)], meetings, set())
        assert list(years) == ["2021/22", "2020/21"]
        assert years["2020/21"][7].words == "0 of 1 meeting"
        assert 8 not in years["2020/21"]
        assert years["2021/22"][8].words == "0 of 1 meeting"
