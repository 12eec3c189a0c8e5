"""Search (blmk_portal/search.py): ranking and web search syntax, what each of the five readers finds of every kind
(results, extracts and counts), the index kept current in the write's own transaction, did you mean, the page's
filters without JavaScript and its query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from blmk_portal import search
from blmk_portal.models import SearchEntry, SearchStale
from blmk_portal.publication import Audience, Status
from blmk_portal.services import record_update
from dashboards.models import Indicator
from governance.models import Action, Attachment, Minute, Minutes, Resolution
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MilestoneFactory,
    OrganisationFactory,
    PaperFactory,
    PlaceFactory,
    PriorityFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PART_TWO_KINDS = {"agenda_item", "paper", "attachment", "minute", "decision", "action"}
DRAFT_KINDS = {"meeting", "paper", "priority", "programme", "milestone", "indicator"}
# Sign-in, the index refreshed, counts by kind, one page of hits, a query for each kind on the page, the facets.
QUERY_CAP = 20


def found(user, words: str, **asked) -> search.Results:
    return search.search(user or AnonymousUser(), search.Asked(words, **asked))


def titles(results: search.Results) -> list[str]:
    return [hit.title for hit in results.hits]


def board_of(user):
    return user.person.memberships.get().board


@pytest.fixture
def part_two(board_member_user):
    """One record of every kind that can be Part II, on the board member's board, each saying quokka."""
    meeting = MeetingFactory(board=board_of(board_member_user), date=dt.date(2021, 5, 5))
    item = AgendaItemFactory(meeting=meeting, title="Quokka item", audience=Audience.BOARD)
    paper = PaperFactory(meeting=meeting, items=[item], title="Quokka paper", audience=Audience.BOARD)
    Attachment.objects.create(paper=paper, title="Quokka annex", order=1)
    minutes = Minutes.objects.create(meeting=meeting, status=Status.PUBLISHED)
    minute = Minute.objects.create(minutes=minutes, item=item, discussion="The quokka was discussed.")
    Resolution.objects.create(minute=minute, text="That the quokka plan be agreed", order=1)
    Action.objects.create(board=meeting.board, number=1, raised_at=meeting, item=item, text="Count the quokka")
    return meeting


@pytest.fixture
def drafts(board_member_user):
    """One draft of every kind that is published by staff, or belongs to a draft, each saying wombat."""
    meeting = MeetingFactory(board=board_of(board_member_user), status=Status.DRAFT, venue="Wombat hall")
    PaperFactory(meeting=meeting, title="Wombat paper")
    priority = PriorityFactory(title="Wombat priority", status=Status.DRAFT)
    programme = ProgrammeFactory(priority=priority, title="Wombat programme", status=Status.PUBLISHED)
    MilestoneFactory(programme=programme, title="Wombat milestone")
    Indicator.objects.create(code="WOMBAT", name="Wombat waits", unit="count", direction="lower")


class TestWhatEachReaderFinds:
    @pytest.mark.parametrize(
        ("reader", "finds"),
        [
            ("anonymous", set()),
            ("board_member", PART_TWO_KINDS),
            ("other_board_member", set()),
            ("no_role", set()),
            ("staff", PART_TWO_KINDS),
        ],
    )
    def test_part_two_of_every_kind_is_found_only_by_the_boards_members_and_staff(
        self, readers, part_two, client_for, reader, finds
    ):
        results = found(readers[reader], "quokka")
        assert {hit.kind.key for hit in results.hits} == finds
        assert set(results.counts) == finds
        assert results.total == len(finds)
        page = client_for(readers[reader]).get("/search/?q=quokka").content.decode()
        for title in ("Quokka item", "Quokka paper", "Quokka annex", "was discussed", "Count the"):
            assert (title in page) == bool(finds), f"{reader}: {title}"
        if not finds:
            assert "<mark>" not in page
            assert "Agenda items (0)" in page and "Papers (0)" in page

    @pytest.mark.parametrize(
        ("reader", "finds"),
        [
            ("anonymous", set()),
            ("board_member", set()),
            ("other_board_member", set()),
            ("no_role", set()),
            ("staff", DRAFT_KINDS),
        ],
    )
    def test_drafts_of_every_kind_are_found_only_by_staff(self, readers, drafts, reader, finds):
        results = found(readers[reader], "wombat")
        assert {hit.kind.key for hit in results.hits} == finds
        assert set(results.counts) == finds
        if not finds:
            assert results.suggestion is None  # not even a draft's title is offered as a suggestion

    def test_a_member_sees_their_boards_part_two_marked_as_such_and_staff_see_drafts_marked(
        self, readers, part_two, drafts
    ):
        member_hits = {hit.kind.key: hit for hit in found(readers["board_member"], "quokka").hits}
        assert member_hits["paper"].not_public == "Members of the board only (not public)"
        assert member_hits["attachment"].not_public == "Members of the board only (not public)"
        staff_hits = {hit.kind.key: hit for hit in found(readers["staff"], "wombat").hits}
        assert staff_hits["milestone"].not_public == "Draft (not public)"
        assert staff_hits["indicator"].not_public == "Draft (not public)"

    @pytest.mark.parametrize("reader", ["anonymous", "board_member", "other_board_member", "no_role", "staff"])
    def test_public_records_of_every_kind_are_found_by_everyone(self, readers, reader):
        place = PlaceFactory(name="Kangaroo Vale")
        OrganisationFactory(name="Kangaroo Trust")
        BoardFactory(name="Kangaroo Board")
        meeting = MeetingFactory(venue="Kangaroo hall")
        item = AgendaItemFactory(meeting=meeting, title="Kangaroo item")
        item.places.add(place)
        PaperFactory(meeting=meeting, items=[item], title="Kangaroo paper")
        priority = PriorityFactory(title="Kangaroo priority")
        MilestoneFactory(programme=ProgrammeFactory(priority=priority), title="Kangaroo milestone")
        Indicator.objects.create(
            code="ROO", name="Kangaroo counts", unit="count", direction="lower", status=Status.PUBLISHED
        )
        results = found(readers[reader], "kangaroo")
        assert set(results.counts) == {
            "place",
            "organisation",
            "board",
            "meeting",
            "agenda_item",
            "paper",
            "priority",
            "milestone",
            "indicator",
        }
        assert all(hit.not_public is None for hit in results.hits)


class TestRankingAndSyntax:
    def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(self):
        PaperFactory(title="Annual report", body="Estates estates estates and the estates plan.")
        PaperFactory(title="Estates strategy", body="A plan for buildings.")
        ranked = titles(found(None, "estates"))
        assert [title.split(": ")[1] for title in ranked] == ["Estates strategy", "Annual report"]

    def test_a_quoted_phrase_finds_only_the_words_together(self):
        PaperFactory(title="Community diagnostic hubs")
        PaperFactory(title="Hubs for the community, and diagnostic tests")
        assert [title.split(": ")[1] for title in titles(found(None, '"community diagnostic hubs"'))] == [
            "Community diagnostic hubs"
        ]

    def test_a_minus_leaves_out_what_has_the_word_and_or_finds_either(self):
        PaperFactory(title="Cancer waiting times")
        PaperFactory(title="Cancer screening")
        PaperFactory(title="Dementia diagnosis")
        assert [t.split(": ")[1] for t in titles(found(None, "cancer -screening"))] == ["Cancer waiting times"]
        assert {t.split(": ")[1] for t in titles(found(None, "screening or dementia"))} == {
            "Cancer screening",
            "Dementia diagnosis",
        }

    def test_the_extract_highlights_the_words_found_and_escapes_the_text(self):
        PaperFactory(title="Estates", summary="Buildings <script>alert(1)</script> need repair & care")
        hit = found(None, "repair").hits[0]
        assert "<mark>repair</mark>" in hit.extract
        assert "<script>" not in hit.extract and "&amp; care" in hit.extract

    def test_results_are_paged(self, client_for):
        for number in range(search.PER_PAGE + 3):
            PaperFactory(title=f"Workforce report {number}")
        first, second = found(None, "workforce"), search.search(AnonymousUser(), search.Asked("workforce"), page=2)
        assert (first.total, first.pages, len(first.hits), len(second.hits)) == (23, 2, 20, 3)
        assert not {hit.item.pk for hit in first.hits} & {hit.item.pk for hit in second.hits}
        page = client_for(None).get("/search/?q=workforce&page=2").content.decode()
        assert "23 results for" in page and "page 2 of 2" in page
        # With htmx, a page of results swaps in alone: the same results, without the layout or the form.
        swapped = client_for(None).get("/search/?q=workforce&page=2", HTTP_HX_REQUEST="true").content.decode()
        assert "page 2 of 2" in swapped and 'id="results"' in swapped
        assert "<html" not in swapped and 'name="q"' not in swapped


class TestTheIndexIsCurrentInTheWritesTransaction:
    def test_a_version_checked_save_through_queryset_update_is_found_at_once(self, staff_user):
        paper = PaperFactory(title="Estates strategy")
        found(None, "estates")  # the index holds the paper as it was
        record_update(item=paper, opened_at_version=paper.version, values={"title": "Numbat strategy"}, by=staff_user)
        assert SearchStale.objects.filter(kind="paper", object_id=paper.pk).exists()
        assert [title.split(": ")[1] for title in titles(found(None, "numbat"))] == ["Numbat strategy"]
        assert found(None, "estates").total == 0

    def test_a_write_rolled_back_leaves_neither_a_mark_nor_an_entry(self, staff_user):
        paper = PaperFactory(title="Estates strategy")
        found(None, "estates")
        with pytest.raises(RuntimeError), transaction.atomic():
            record_update(
                item=paper, opened_at_version=paper.version, values={"title": "Numbat strategy"}, by=staff_user
            )
            raise RuntimeError("the request failed after the save")
        assert not SearchStale.objects.exists()
        assert found(None, "numbat").total == 0 and found(None, "estates").total == 1

    def test_publishing_and_removing_change_what_is_found(self, staff_user):
        priority = PriorityFactory(title="Numbat priority", status=Status.DRAFT)
        assert found(None, "numbat").total == 0
        record_update(item=priority, opened_at_version=priority.version, values={"status": "published"}, by=staff_user)
        assert found(None, "numbat").total == 1
        priority.delete()
        assert found(staff_user, "numbat").total == 0
        assert not SearchEntry.objects.filter(kind="priority", object_id=priority.pk).exists()

    def test_renaming_a_board_renames_its_meetings_in_the_index(self):
        meeting = MeetingFactory(board=BoardFactory(name="Estates board"))
        found(None, "estates")
        type(meeting.board).objects.filter(pk=meeting.board_id).update(name="Numbat board")
        assert "meeting" in found(None, "numbat").counts

    def test_a_rebuild_writes_every_entry_afresh(self):
        PaperFactory(title="Estates strategy")
        SearchEntry.objects.all().delete()
        SearchStale.objects.all().delete()
        assert found(None, "estates").total == 0
        assert search.rebuild() >= 1
        assert found(None, "estates").total == 1


class TestDidYouMean:
    def test_a_misspelt_word_is_offered_from_the_titles_the_reader_may_read(self, client_for):
        PaperFactory(title="Diagnostics strategy")
        results = found(None, "diagnstics strategy")
        assert results.total == 0 and results.suggestion == "diagnostics strategy"
        page = client_for(None).get("/search/?q=diagnstics+strategy").content.decode()
        assert 'Did you mean <a href="?q=diagnostics+strategy">diagnostics strategy</a>?' in page

    def test_a_title_the_reader_may_not_read_is_never_suggested(self, readers, part_two):
        assert found(readers["anonymous"], "quokkka").suggestion is None
        assert found(readers["other_board_member"], "quokkka").suggestion is None
        assert found(readers["board_member"], "quokkka").suggestion == "quokka"

    def test_nothing_is_suggested_when_the_words_are_found(self):
        PaperFactory(title="Diagnostics strategy")
        assert found(None, "diagnostics").suggestion is None


class TestFiltersWithoutJavaScript:
    @pytest.fixture
    def spread(self):
        luton = PlaceFactory(name="Luton", slug="luton")
        early = MeetingFactory(board=BoardFactory(name="Cancer Board", slug="cancer-board"), date=dt.date(2021, 4, 7))
        late = MeetingFactory(date=dt.date(2021, 6, 9))
        PaperFactory(meeting=early, title="Estates in April")
        paper = PaperFactory(meeting=late, title="Estates in June")
        paper.places.add(luton)
        PriorityFactory(title="Estates priority")

    def test_the_kind_filter_narrows_the_results_but_every_kind_keeps_its_count(self, spread, client_for):
        page = client_for(None).get("/search/?q=estates&kind=priority").content.decode()
        assert "Estates priority" in page and "Estates in April" not in page
        assert "Papers (2)" in page and "Priorities (1)" in page

    def test_the_board_place_and_date_filters_narrow_the_results(self, spread, client_for):
        by_board = titles(found(None, "estates", facets={"board": "cancer-board"}))
        assert [title.split(": ")[1] for title in by_board] == ["Estates in April"]
        by_place = client_for(None).get("/search/?q=estates&place=luton").content.decode()
        assert "Estates in June" in by_place and "Estates in April" not in by_place
        assert "Estates priority" not in by_place
        dated = client_for(None).get(
            "/search/?q=estates&start-day=1&start-month=5&start-year=2021&end-day=30&end-month=6&end-year=2021"
        )
        text = dated.content.decode()
        assert "Estates in June" in text and "Estates in April" not in text and "Estates priority" not in text

    def test_a_date_that_is_not_real_is_shown_with_the_nhs_error_summary_and_nothing_is_lost(self, client_for):
        response = client_for(None).get("/search/?q=estates&start-day=31&start-month=2&start-year=2021")
        text = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in text and "must be a real date" in text
        assert 'value="estates"' in text and 'value="31"' in text

    def test_a_search_page_works_for_every_reader(self, readers, client_for):
        for reader, user in readers.items():
            response = client_for(user).get("/search/?q=anything")
            assert response.status_code == 200, reader


class TestQueryCount:
    def test_the_results_page_costs_the_same_whatever_the_number_of_results(
        self, django_assert_max_num_queries, client_for, board_member_user, part_two
    ):
        client = client_for(board_member_user)

        def some(count: int) -> None:
            for number in range(count):
                meeting = MeetingFactory(board=board_of(board_member_user))
                item = AgendaItemFactory(meeting=meeting, title=f"Quokka item {number}")
                PaperFactory(meeting=meeting, items=[item], title=f"Quokka paper {number}")
                priority = PriorityFactory(title=f"Quokka priority {number}")
                MilestoneFactory(programme=ProgrammeFactory(priority=priority), title=f"Quokka milestone {number}")

        some(2)
        client.get("/search/?q=quokka")
        with django_assert_max_num_queries(QUERY_CAP), CaptureQueriesContext(connection) as few:
            client.get("/search/?q=quokka")
        some(20)
        client.get("/search/?q=quokka")
        with django_assert_max_num_queries(QUERY_CAP), CaptureQueriesContext(connection) as many:
            response = client.get("/search/?q=quokka")
        assert len(many) == len(few)
        assert f"{len(PART_TWO_KINDS) + 22 * 4} results for" in response.content.decode()


class TestFilesAndTheLoadedData:
    def test_the_words_of_a_word_document_are_read_once_and_kept_by_its_hash(self):
        import io
        import zipfile

        from blmk_portal.models import FileText

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(
                "word/document.xml",
                "<w:document><w:body><w:p><w:r><w:t>Bilby &amp; numbat</w:t></w:r></w:p></w:body></w:document>",
            )
        text = search.keep_file_text(sha256="a" * 64, kind="docx", file=buffer)
        assert text == "Bilby & numbat"
        assert FileText.objects.get(sha256="a" * 64).text == "Bilby & numbat"
        # Kept: the same content is never read again.
        assert search.keep_file_text(sha256="a" * 64, kind="docx", file=io.BytesIO(b"not read")) == "Bilby & numbat"

    def test_on_the_loaded_blmk_data_diagnostics_finds_the_minute_the_indicator_and_the_agenda_item(
        self, blmk_data, staff_user
    ):
        public = found(None, "diagnostics")
        public_titles = titles(public)
        assert "Diagnostic tests: waiting 6 weeks or more" in public_titles
        assert "9 Diagnostics Strategy – building a case for change" in public_titles
        # The 5 May 2021 minutes are a draft until confirmed, so their minute is for staff only (marked so); the
        # public find the same words in the paper that printed the draft for the 9 June 2021 meeting to approve.
        assert "minute" not in public.counts
        minutes_paper = {hit.title: hit for hit in public.hits}["Paper 3a: BLMK ICS Partnership Board Minutes"]
        assert "Diagnostics" in minutes_paper.extract and minutes_paper.date == dt.date(2021, 6, 9)
        staff = {hit.title: hit for hit in found(staff_user, "diagnostics").hits}
        minute = staff["Minute 9 Diagnostics Strategy – building a case for change"]
        assert minute.date == dt.date(2021, 5, 5) and minute.not_public == "Draft (not public)"
        assert "Paper 5: Strategic Priorities Development" in titles(found(None, '"strategic priorities"'))
