"""Highlight reports a board can use: sections staff write per period, the status now and last period with the
direction of travel, any past period chosen, a PDF a board can read, and who may read it."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from priorities.highlight_rules import (
    IMPROVING,
    NEW,
    NO_CHANGE,
    NOT_REPORTED,
    WORSENING,
    direction_of_travel,
    periods_to_choose,
    status_in,
)
from priorities.models import HighlightReport, SignOff
from priorities.period_rules import Period, reporting_period
from tests.access import DRAFT, EVERYONE, NOWHERE, READERS, STAFF_ONLY, check_reader
from tests.factories import (
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    RiskFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC = "/priorities/plan/p1/stroke/highlight/"
MANAGE = "/manage/priorities/plan/p1/stroke/highlight/"
EDIT = MANAGE + "edit/"
SECRET = "Secret unsigned achievement"
COMMENTARY = (
    "Recruitment to the hyper-acute stroke unit is behind plan because two consultant posts remain vacant after "
    "the second advert; agency cover is booked until March and the board is asked to support a joint appointment "
    "with the neighbouring hospital trust"
)


def squash(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def text(response) -> str:
    """What the page reads, markup taken out (so "Amber Green Improving" reads across a table's row)."""
    return re.sub(r" ([,.:;])", r"\1", squash(re.sub(r"<[^>]+>", " ", response.content.decode())))


def this_period() -> str:
    return reporting_period(timezone.localdate())


def last_period() -> str:
    return str(Period.parse(this_period()).previous)


def two_periods_ago() -> str:
    return str(Period.parse(last_period()).previous)


def pdf_text(content: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture
def programme():
    plan = PlanFactory(slug="plan", title="Operating Plan 2026/27")
    priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")
    return ProgrammeFactory(priority=priority, slug="stroke", title="Stroke Pathway")


@pytest.fixture
def reported(programme):
    """Three milestones over two signed-off periods (better, worse, new) and one never reported; the report's
    sections for last period (signed off) and this one (not signed off yet)."""
    better = MilestoneFactory(programme=programme, title="Open the unit", order=1)
    worse = MilestoneFactory(programme=programme, title="Train the staff", order=2)
    new = MilestoneFactory(programme=programme, title="Audit the pathway", order=3)
    MilestoneFactory(programme=programme, title="Publish the evaluation", order=4)
    for milestone, rag in ((better, Rag.AMBER), (worse, Rag.GREEN)):
        StatusUpdateFactory(milestone=milestone, rag=rag, commentary="Before", reporting_period=two_periods_ago())
    StatusUpdateFactory(milestone=better, rag=Rag.GREEN, commentary="Unit open", reporting_period=last_period())
    StatusUpdateFactory(milestone=worse, rag=Rag.RED, commentary=COMMENTARY, reporting_period=last_period())
    StatusUpdateFactory(milestone=new, rag=Rag.GREEN, commentary="Audit begun", reporting_period=last_period())
    StatusUpdateFactory(
        milestone=better, rag=Rag.BLUE, commentary="Unsigned", reporting_period=this_period(), signed_off=False
    )
    HighlightReport.objects.create(
        programme=programme,
        reporting_period=last_period(),
        achievements="- Unit opened to patients",
        planned_next="Recruit the second consultant",
        issues_and_risks="Consultant vacancies",
        decisions_needed="Support a joint appointment",
    )
    HighlightReport.objects.create(programme=programme, reporting_period=this_period(), achievements=SECRET)
    RiskFactory(priority=programme.priority, programme=programme, title="Consultant vacancies")
    RiskFactory(priority=programme.priority, programme=programme, title="Staff-only risk", audience=Audience.STAFF)
    return programme


class TestDirectionOfTravel:
    @pytest.mark.parametrize(
        ("before", "now", "words"),
        [
            (Rag.AMBER, Rag.GREEN, IMPROVING),
            (Rag.GREEN, Rag.BLUE, IMPROVING),
            (Rag.RED, Rag.AMBER, IMPROVING),
            (Rag.GREEN, Rag.RED, WORSENING),
            (Rag.BLUE, Rag.AMBER, WORSENING),
            (Rag.GREEN, Rag.GREY, WORSENING),
            (Rag.AMBER, Rag.AMBER, NO_CHANGE),
            (None, Rag.RED, NEW),
            (None, None, NOT_REPORTED),
        ],
    )
    def test_the_direction_reads_in_words(self, before, now, words):
        assert direction_of_travel(now, before) == words

    def test_a_milestone_not_updated_for_a_period_stands_at_its_last_report(self):
        class Update:
            def __init__(self, period, rag):
                self.reporting_period, self.rag = period, rag

        updates = [Update("2026/27 Q1", Rag.AMBER), Update("2025/26 Q4", Rag.RED)]
        assert status_in(updates, "2026/27 Q3").rag == Rag.AMBER
        assert status_in(updates, "2026/27 Q1").rag == Rag.AMBER
        assert status_in(updates, "2025/26 Q4").rag == Rag.RED
        assert status_in(updates, "2025/26 Q3") is None

    def test_periods_to_choose_are_the_latest_first_without_repeats(self):
        assert periods_to_choose(["2025/26 Q4", "2026/27 Q2"], also=["2026/27 Q2", "2026/27 Q3"]) == [
            "2026/27 Q3",
            "2026/27 Q2",
            "2025/26 Q4",
        ]


class TestTheReport:
    def test_the_latest_signed_off_period_is_shown_to_a_board_with_its_sections(
        self, client_for, board_member_user, reported
    ):
        page = text(client_for(board_member_user).get(PUBLIC))
        assert f"Reporting period {last_period()}, compared with {two_periods_ago()}" in page
        assert "Achievements this period Unit opened to patients" in page
        assert "Planned for next period Recruit the second consultant" in page
        assert "Issues and risks Consultant vacancies" in page
        assert "Decisions or support needed from the board Support a joint appointment" in page
        assert SECRET not in page
        assert "Unsigned" not in page
        assert "Staff-only risk" not in page
        assert "signed off by the programme office" in page

    def test_each_milestone_shows_last_period_now_and_the_direction_in_words(self, client_for, reported):
        page = text(client_for(None).get(PUBLIC))
        assert "Open the unit No date set Amber Green Improving Unit open" in page
        assert f"Train the staff No date set Green Red Worsening {COMMENTARY}" in page
        assert "Audit the pathway No date set Grey (not reported) Green New Audit begun" in page
        never = "Grey (not reported) Grey (not reported) Not reported Not reported"
        assert f"Publish the evaluation No date set {never}" in page

    def test_the_programme_shows_its_status_now_and_last_period_with_the_direction(self, client_for, reported):
        page = text(client_for(None).get(PUBLIC))
        assert f"Overall status, {last_period()} Red" in page
        assert f"Overall status, {two_periods_ago()} Amber" in page
        assert "Direction of travel Worsening" in page

    def test_a_past_period_can_be_chosen_without_javascript(self, client_for, reported):
        page = text(client_for(None).get(PUBLIC, {"period": two_periods_ago()}))
        assert f"Reporting period {two_periods_ago()}" in page
        assert "Open the unit No date set Grey (not reported) Amber New Before" in page
        assert "Audit the pathway No date set Grey (not reported) Grey (not reported) Not reported" in page
        assert f"Nothing written for {two_periods_ago()}." in page
        assert "Unit opened to patients" not in page
        chosen = client_for(None).get(PUBLIC, {"period": two_periods_ago()}).content.decode()
        assert f'<option value="{two_periods_ago()}" selected' in chosen

    def test_a_period_not_on_the_list_says_so_and_shows_the_latest(self, client_for, reported):
        response = client_for(None).get(PUBLIC, {"period": "2019/20 Q9"})
        page = text(response)
        assert response.status_code == 200
        assert "There is a problem" in page
        assert f"Reporting period {last_period()}" in page

    def test_the_public_are_offered_only_signed_off_periods(self, client_for, reported):
        page = client_for(None).get(PUBLIC).content.decode()
        assert f'<option value="{last_period()}"' in page
        assert f'<option value="{this_period()}"' not in page

    def test_staff_see_the_period_awaiting_sign_off_marked(self, client_for, staff_user, reported):
        page = text(client_for(staff_user).get(MANAGE, {"period": this_period()}))
        assert SECRET in page
        awaiting = "Blue (complete) Awaiting sign-off (not public)"
        assert f"Open the unit No date set Green {awaiting} Improving Unsigned" in page
        assert f"is not signed off for {this_period()}" in page
        assert "Staff-only risk" in page
        assert "Write the report's sections for" in page

    def test_a_period_with_nothing_written_says_so(self, client_for, staff_user, programme):
        page = text(client_for(staff_user).get(MANAGE))
        for label in ("Achievements this period", "Planned for next period", "Issues and risks"):
            assert f"{label} Nothing written for {this_period()}." in page
        assert "No milestones." in page

    def test_the_public_page_is_linked_from_its_priority(self, client_for, reported):
        page = client_for(None).get("/priorities/plan/p1/").content.decode()
        assert f'href="{PUBLIC}"' in page


class TestThePdf:
    def test_the_pdf_says_what_the_page_says(self, client_for, board_member_user, reported):
        response = client_for(board_member_user).get(PUBLIC.replace("highlight/", "highlight.pdf"))
        assert response["Content-Type"] == "application/pdf"
        period = last_period().replace("/", "-").replace(" ", "-").lower()
        assert response["Content-Disposition"] == f'inline; filename="highlight-report-stroke-{period}.pdf"'
        words = pdf_text(response.content)
        assert "Unit opened to patients" in words
        assert "Worsening" in words
        assert SECRET not in words

    def test_an_earlier_periods_pdf_is_linked_with_its_period(self, client_for, reported):
        page = client_for(None).get(PUBLIC, {"period": two_periods_ago()}).content.decode()
        quoted = two_periods_ago().replace("/", "%2F").replace(" ", "+")
        assert f'href="/priorities/plan/p1/stroke/highlight.pdf?period={quoted}"' in page

    def test_the_footer_is_one_line_however_long_the_programmes_name(self, client_for, staff_user, reported):
        # Long enough to wrap a footer that shares the page's width with its page numbers.
        reported.title = (
            "Stroke Pathway: hyper-acute and acute stroke services, rehabilitation and early supported discharge "
            "across Bedfordshire, Luton and Milton Keynes"
        )
        reported.save()
        response = client_for(staff_user).get(MANAGE.replace("highlight/", "highlight.pdf"))
        pages = PdfReader(io.BytesIO(response.content)).pages
        for number, page in enumerate(pages, start=1):
            footer = footer_lines(page)
            assert len(footer) == 1, f"page {number}'s footer is on {len(footer)} lines: {footer}"
            (line,) = footer.values()
            assert line.startswith(f"{this_period()} · Highlight report: Stroke Pathway")
            assert line.endswith(f"Page {number} of {len(pages)}")

    def test_the_commentary_column_is_wide_enough_to_read(self, client_for, staff_user, reported):
        response = client_for(staff_user).get(MANAGE.replace("highlight/", "highlight.pdf"))
        lines = [line for line in body_lines(PdfReader(io.BytesIO(response.content))) if line and line in COMMENTARY]
        commentary_lines = [line for line in lines if len(line.split()) >= 3]
        assert commentary_lines, "the commentary is in the PDF"
        # Every line but the last of the commentary carries a readable run of words, not two.
        assert all(len(line.split()) >= 7 for line in commentary_lines[:-1]), commentary_lines


def _fragments(page) -> list[tuple[float, float, str]]:
    """Each piece of text on the page with where it starts (x, y from the bottom of the page)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((round(x, 1), round(y, 1), text))

    page.extract_text(visitor_text=visit)
    return found


def footer_lines(page) -> dict[float, str]:
    """The lines of text in the bottom margin (below 20 mm), by height."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, piece in _fragments(page):
        if y < 20 / 25.4 * 72:
            lines.setdefault(y, []).append((x, piece))
    return {y: squash(" ".join(piece for _, piece in sorted(pieces))).strip() for y, pieces in lines.items()}


def body_lines(reader) -> list[str]:
    """Each visual line's text pieces, one entry per piece, as laid out (the commentary column's lines)."""
    return [squash(piece).strip() for page in reader.pages for _, _, piece in _fragments(page)]


class TestWritingTheSections:
    def test_staff_write_a_periods_sections_and_the_report_shows_them(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        form = staff.get(EDIT, {"period": last_period()})
        assert form.status_code == 200
        assert "Nothing written for this period yet." in form.content.decode()
        response = staff.post(
            f"{EDIT}?period={last_period()}",
            {
                "achievements": "Unit opened",
                "planned_next": "Recruit",
                "issues_and_risks": "Vacancies",
                "decisions_needed": "Approve the joint post",
                "submission": "3f1c1d5e-8f57-4b52-9a57-2d3c5a1c9e11",
            },
        )
        assert response.status_code == 302
        written = HighlightReport.objects.get(programme=programme, reporting_period=last_period())
        assert written.decisions_needed == "Approve the joint post"
        page = text(staff.get(response["Location"]))
        assert "Decisions or support needed from the board Approve the joint post" in page

    def test_an_edit_over_someone_elses_keeps_both_and_saves_nothing(self, client_for, staff_user, programme):
        written = HighlightReport.objects.create(programme=programme, reporting_period=last_period(), achievements="A")
        staff = client_for(staff_user)
        url = f"{EDIT}?period={last_period()}"
        staff.post(url, {"achievements": "Theirs", "version": "1"})
        response = staff.post(url, {"achievements": "Mine", "version": "1"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Your changes have not been saved" in page
        assert "You had entered: Mine." in page
        written.refresh_from_db()
        assert written.achievements == "Theirs"

    def test_the_form_shows_who_changed_the_sections(self, client_for, staff_user, programme):
        staff = client_for(staff_user)
        url = f"{EDIT}?period={last_period()}"
        staff.post(url, {"achievements": "First", "submission": "0b6c1c6a-0c9b-4b7a-8d53-3d8a9e0f1a22"})
        staff.post(url, {"achievements": "Second", "version": "1"})
        page = text(staff.get(url))
        assert "Changed by" in page
        assert "Achievements this period" in page

    def test_a_period_that_is_not_a_quarter_is_refused_with_a_message(self, client_for, staff_user, programme):
        response = client_for(staff_user).get(EDIT, {"period": "Q3 2026"})
        assert response.status_code == 400
        assert "Enter a reporting period like 2026/27 Q3" in response.content.decode()

    def test_sections_go_public_when_the_period_is_signed_off(self, client_for, staff_user, programme):
        milestone = MilestoneFactory(programme=programme)
        StatusUpdateFactory(milestone=milestone, rag=Rag.GREEN, reporting_period=this_period(), signed_off=False)
        HighlightReport.objects.create(programme=programme, reporting_period=this_period(), achievements="Done it")
        assert "Done it" not in text(client_for(None).get(PUBLIC))
        SignOff.objects.create(
            programme=programme, reporting_period=this_period(), signed_off_as=SignOff.As.SRO, by=staff_user
        )
        assert "Achievements this period Done it" in text(client_for(None).get(PUBLIC))


# path, then the expected status for each of READERS
MATRIX = [
    (PUBLIC, *EVERYONE),
    (PUBLIC + f"?period={last_period()}", *EVERYONE),
    ("/priorities/plan/p1/stroke/highlight.pdf", *EVERYONE),
    ("/priorities/plan/p1/draft/highlight/", *DRAFT),  # an unpublished programme
    ("/priorities/plan/p1/draft/highlight.pdf", *DRAFT),
    ("/priorities/draft-plan/p9/hidden/highlight/", *DRAFT),  # a published programme in a draft plan
    ("/priorities/draft-plan/p9/hidden/highlight.pdf", *DRAFT),
    ("/priorities/plan/p1/nonexistent/highlight/", *NOWHERE),
    (MANAGE, *STAFF_ONLY),
    (MANAGE.replace("highlight/", "highlight.pdf"), *STAFF_ONLY),
    (EDIT, *STAFF_ONLY),
]


@pytest.fixture
def gated(reported):
    ProgrammeFactory(priority=reported.priority, slug="draft", title="Draft programme", status=Status.DRAFT)
    draft_plan = PlanFactory(slug="draft-plan", status=Status.DRAFT)
    ProgrammeFactory(priority=PriorityFactory(plan=draft_plan, code="P9", slug="p9"), slug="hidden")
    return reported


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, gated, path, anonymous, board_member, other_board_member, no_role, staff):
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret=SECRET)


@pytest.mark.parametrize("who", ["board_member", "other_board_member", "no_role"])
def test_only_staff_may_write_the_sections(client_for, readers, programme, who):
    form = {"achievements": "Forged", "submission": "5d2b2a52-6a54-4f34-9b8e-6a3f7d1b9c33"}
    refused = client_for(readers[who]).post(f"{EDIT}?period={last_period()}", form)
    assert refused.status_code == 403
    assert not HighlightReport.objects.exists()
    done = client_for(readers["staff"]).post(f"{EDIT}?period={last_period()}", form)
    assert done.status_code == 302
    assert HighlightReport.objects.get().achievements == "Forged"


def build(size: int, programme) -> None:
    for number in range(size):
        milestone = MilestoneFactory(programme=programme)
        StatusUpdateFactory(milestone=milestone, rag=Rag.AMBER, commentary="Then", reporting_period=two_periods_ago())
        StatusUpdateFactory(milestone=milestone, rag=Rag.GREEN, reporting_period=last_period())
        StatusUpdateFactory(milestone=milestone, rag=Rag.RED, commentary="Now", reporting_period=this_period())
        MilestoneFactory(programme=programme)
        RiskFactory(priority=programme.priority, programme=programme, title=f"Risk {number}")
    HighlightReport.objects.create(programme=programme, reporting_period=this_period(), achievements="Done")


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize(
    ("who", "path", "cap"),
    [
        # + 1 for the latest period: the programme's indicators, for where plan and statistics disagree
        ("anonymous", PUBLIC, 9),
        ("anonymous", PUBLIC + f"?period={last_period()}", 8),
        # and the session, the user and their groups
        ("staff", MANAGE, 12),
    ],
)
def test_the_report_costs_the_same_however_many_milestones(
    client_for, staff_user, django_assert_max_num_queries, programme, size, who, path, cap
):
    build(size, programme)
    client = client_for(staff_user if who == "staff" else None)
    with django_assert_max_num_queries(cap):
        assert client.get(path).status_code == 200
