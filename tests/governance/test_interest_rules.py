"""The rules of the register of interests, worked through by hand: which interests are held on a day, what an item
concerns (its papers' tags too), which interests touch it, and the words the cross-check uses."""

import datetime as dt

import pytest

from governance import interest_rules
from governance.interest_rules import Concerns, Registered

MEETING_DAY = dt.date(2021, 6, 9)
HOSPITALS, COUNCIL = 1, 2  # organisations
LUTON, BEDFORD = 10, 20  # places
MATERNITY = 100  # a priority


def interest(pk=1, person=1, name="A Member", member=True, organisation=None, place=None, priority=None, **dates):
    return Registered(
        pk=pk,
        person=person,
        name=name,
        attends_as="Member" if member else "In attendance",
        member=member,
        category="Financial interest",
        description="Director",
        organisation=organisation,
        place=place,
        priority=priority,
        started=dates.get("started"),
        ended=dates.get("ended"),
        declared_on=dates.get("declared_on", dt.date(2021, 4, 1)),
    )


ITEM_8 = (8, "item 8", "Elective recovery")
HOSPITALS_ONLY = Concerns(organisations={HOSPITALS: "Bedfordshire Hospitals NHS Foundation Trust"})


class TestHeldOnTheDay:
    @pytest.mark.parametrize(
        ("started", "ended", "held"),
        [
            (None, None, True),
            (MEETING_DAY, None, True),  # from the meeting's day
            (None, MEETING_DAY, True),  # to the meeting's day, inclusive
            (MEETING_DAY + dt.timedelta(days=1), None, False),  # begins the day after
            (None, MEETING_DAY - dt.timedelta(days=1), False),  # ended the day before
            (dt.date(2020, 4, 1), dt.date(2021, 3, 31), False),
        ],
    )
    def test_an_interest_is_held_from_its_first_day_to_its_last(self, started, ended, held):
        assert interest_rules.held_on(started, ended, MEETING_DAY) is held

    def test_its_dates_read_as_a_period(self):
        assert interest_rules.period_words(dt.date(2020, 4, 1), None) == "From 1 April 2020"
        assert interest_rules.period_words(dt.date(2020, 4, 1), dt.date(2021, 3, 31)) == "1 April 2020 to 31 March 2021"
        assert interest_rules.period_words(None, dt.date(2021, 3, 31)) == "Until 31 March 2021"
        assert interest_rules.period_words(None, None) == "No dates recorded"

    def test_a_nil_return_names_its_financial_year(self):
        assert interest_rules.nil_return_words(2021) == "Nil return for 2021/22"
        assert interest_rules.nil_return_words(1999) == "Nil return for 1999/00"


class TestWhatTouchesWhat:
    def test_an_interest_touches_the_organisation_place_and_priority_it_names(self):
        concerns = Concerns({HOSPITALS: "Hospitals"}, {LUTON: "Luton"}, {MATERNITY: "P3 Maternity"})
        assert interest_rules.touched(interest(organisation=HOSPITALS), concerns) == ["Hospitals"]
        assert interest_rules.touched(interest(place=LUTON), concerns) == ["Luton"]
        assert interest_rules.touched(interest(priority=MATERNITY), concerns) == ["P3 Maternity"]
        everything = interest(organisation=HOSPITALS, place=LUTON, priority=MATERNITY)
        assert interest_rules.touched(everything, concerns) == ["Hospitals", "Luton", "P3 Maternity"]

    def test_an_interest_in_something_else_touches_nothing(self):
        concerns = Concerns({HOSPITALS: "Hospitals"}, {LUTON: "Luton"}, {})
        assert interest_rules.touched(interest(organisation=COUNCIL, place=BEDFORD, priority=MATERNITY), concerns) == []
        assert interest_rules.touched(interest(), concerns) == []  # names nothing: cannot be matched

    def test_a_papers_tags_count_for_each_item_it_is_for(self):
        own = {8: Concerns(places={LUTON: "Luton"}), 9: Concerns()}
        papers = {8: [50], 9: [50], 10: [51]}
        of_papers = {50: HOSPITALS_ONLY, 51: Concerns(priorities={MATERNITY: "P3 Maternity"})}
        concerns = interest_rules.item_concerns(own, papers, of_papers)
        assert concerns[8] == Concerns({HOSPITALS: "Bedfordshire Hospitals NHS Foundation Trust"}, {LUTON: "Luton"})
        assert concerns[9] == HOSPITALS_ONLY
        assert concerns[10].priorities == {MATERNITY: "P3 Maternity"}
        assert not interest_rules.item_concerns({11: Concerns()}, {}, {})[11]


class TestTheCrossCheck:
    def test_it_names_the_item_and_how_many_members_have_interests_there(self):
        interests = [
            interest(1, person=1, name="B Member", organisation=HOSPITALS),
            interest(2, person=2, name="A Member", organisation=HOSPITALS),
            interest(3, person=3, name="C Member", organisation=COUNCIL),
        ]
        [check] = interest_rules.cross_check([ITEM_8, (9, "item 9", "AOB")], {8: HOSPITALS_ONLY}, interests)
        assert (
            check.summary
            == "Item 8 concerns Bedfordshire Hospitals NHS Foundation Trust; two members have interests there"
        )
        assert [match.interest.name for match in check.matches] == ["A Member", "B Member"]  # not C: the council
        assert check.matches[0].words == (
            "A Member, Member: Financial interest, concerning Bedfordshire Hospitals NHS Foundation Trust. "
            "Director. No dates recorded; declared 1 April 2021."
        )

    def test_one_member_with_one_interest_has_an_interest_there(self):
        [check] = interest_rules.cross_check([ITEM_8], {8: HOSPITALS_ONLY}, [interest(organisation=HOSPITALS)])
        assert check.summary.endswith("; one member has an interest there")

    def test_one_member_with_two_interests_has_interests_there(self):
        concerns = {8: HOSPITALS_ONLY | Concerns(places={LUTON: "Luton"})}
        both = [interest(1, organisation=HOSPITALS), interest(2, place=LUTON)]
        [check] = interest_rules.cross_check([ITEM_8], concerns, both)
        assert check.summary == (
            "Item 8 concerns Bedfordshire Hospitals NHS Foundation Trust and Luton; one member has interests there"
        )

    def test_someone_who_is_not_a_member_makes_them_people(self):
        interests = [interest(1, person=1, organisation=HOSPITALS), interest(2, person=2, member=False, place=LUTON)]
        concerns = {8: HOSPITALS_ONLY | Concerns(places={LUTON: "Luton"})}
        [check] = interest_rules.cross_check([ITEM_8], concerns, interests)
        assert check.summary.endswith("; two people have interests there")
        assert [match.interest.member for match in check.matches] == [True, False]  # members first

    def test_an_unnumbered_item_is_named_by_its_title(self):
        item = (7, "Welcome", "Welcome")
        [check] = interest_rules.cross_check([item], {7: HOSPITALS_ONLY}, [interest(organisation=HOSPITALS)])
        assert check.summary.startswith("Welcome concerns Bedfordshire Hospitals")

    def test_items_touched_by_no_interest_are_left_out_and_the_page_says_why(self):
        assert interest_rules.cross_check([ITEM_8], {8: HOSPITALS_ONLY}, [interest(organisation=COUNCIL)]) == []
        assert interest_rules.check_summary([], tagged_items=3) == (
            "No registered interest touches what the agenda's items concern."
        )
        assert "No agenda item is tagged" in interest_rules.check_summary([], tagged_items=0)

    def test_numbers_under_ten_are_words(self):
        assert interest_rules.number_words(2) == "two"
        assert interest_rules.number_words(12) == "12"
