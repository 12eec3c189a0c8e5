"""The integrated performance report: concern first, then failing assurance, then the rest, each line with its
RAG and numbers; added to a meeting as a paper that the paper page and the packs show; kept as published, so a
return revised afterwards leaves the board's record alone and the indicator's live figures say "revised since";
who may read it; and what it costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from dashboards import performance_report, report_services
from dashboards.models import Area, Indicator, Kind, PerformanceReport, Point, ReportFigure
from governance.models import Meeting, Paper
from tests.access import BOARD_MEMBERS, DRAFT, EVERYONE, READERS, STAFF_ONLY, STAFF_POST_ONLY, check_reader
from tests.dashboards.returns import indicator
from tests.documents import pdf_text
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# Twelve months of values, the last two months ago (so the latest is current today).
STEADY_LOW = [80, 81] * 6  # mean 80.5: a target of 95 is beyond the upper limit, so it fails assurance
STEADY_HIGH = [98, 99] * 6  # a target of 95 is below the lower limit: it passes
FALLING_AWAY = [96, 97] * 3 + [85, 86, 85, 86, 85, 86, 85]  # the last 7 below the mean: special cause concern


def months(count: int) -> list[dt.date]:
    """`count` months in a row, the last of them two months before this one."""
    today = timezone.localdate()
    last = today.year * 12 + today.month - 1 - 2
    return [dt.date((n) // 12, n % 12 + 1, 1) for n in range(last - count + 1, last + 1)]


def figures(code: str, values: list[int], *, area: Area, target: int | None = 95, plan: int | None = None, **kw):
    found = indicator(code, name=kw.pop("name", f"Indicator {code}"), **kw)
    periods = months(len(values))
    points = [
        Point(indicator=found, area=area, period=period, value=Decimal(value))
        for period, value in zip(periods, values, strict=True)
    ]
    if target is not None:
        points.append(Point(indicator=found, area=area, kind=Kind.TARGET, period=periods[0], value=Decimal(target)))
    if plan is not None:
        points.append(Point(indicator=found, area=area, kind=Kind.PLAN, period=periods[-1], value=Decimal(plan)))
    Point.objects.bulk_create(points)
    return found


@pytest.fixture
def system():
    return Area.objects.create(kind=Area.Kind.SYSTEM)


@pytest.fixture
def three(system):
    """One indicator of each kind of attention, named so that by name alone they would read the other way."""
    return {
        "rest": figures("AAA", STEADY_HIGH, area=system, name="A steady indicator meeting its target"),
        "assurance": figures("BBB", STEADY_LOW, area=system, name="B steady indicator missing its target"),
        "concern": figures("CCC", FALLING_AWAY, area=system, name="C falling indicator", plan=90),
    }


@pytest.fixture
def meeting(board_member_user):
    board = BoardFactory(slug="partnership", name="Partnership Board")
    MembershipFactory(board=board, person=board_member_user.person)
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9), status=Status.DRAFT)
    AgendaItemFactory(meeting=meeting, title="Apologies for absence")
    AgendaItemFactory(meeting=meeting, title="Performance report")
    AgendaItemFactory(meeting=meeting, title="Contract award", audience=Audience.BOARD)
    return meeting


def item_titled(meeting: Meeting, title: str):
    return meeting.items.get(title=title)


def add(meeting: Meeting, staff_user, title: str = "Performance report") -> Paper:
    return report_services.add_to_meeting(
        meeting=meeting,
        item=item_titled(meeting, title),
        reference="Paper 7",
        by=staff_user,
        today=timezone.localdate(),
    )


def publish(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.PUBLISHED, version=meeting.version + 1)
    meeting.refresh_from_db()


def revise(code: str, period: dt.date, value: str) -> None:
    Point.objects.filter(indicator__code=code, kind=Kind.ACTUAL, period=period).update(value=Decimal(value))


def test_the_report_reads_concern_first_then_failing_assurance_then_the_rest(three):
    report = performance_report.live_report(list(Indicator.objects.all()), today=timezone.localdate())
    assert [line.code for line in report.lines] == ["CCC", "BBB", "AAA"]
    assert [heading for heading, _ in report.sections] == [
        "Special cause concern",
        "Failing assurance",
        "The other indicators",
    ]
    concern, assurance, rest = report.lines
    assert concern.variation.startswith("concern") and concern.attention == "concern"
    assert assurance.variation == "common_cause" and assurance.assurance == "fail"
    assert rest.assurance == "pass" and rest.attention == ""


def test_each_line_says_its_rag_with_its_numbers_its_variation_assurance_and_summary(three, client):
    page = client.get("/dashboards/report/").content.decode()
    last = months(1)[0]
    # The falling indicator has a plan of 90 for its latest month: 85 is 5 points short of it.
    assert "Red: 85.00% against a plan of 90.00%, 5.00 points short; no tolerance" in page
    assert "Special cause concern, lower than expected" in page
    # The steady ones have no plan: they are rated against the target.
    assert "Red: 81.00% against a target of 95.00%, 14.00 points short; no tolerance" in page
    assert "The target will not be met without change" in page
    assert "Green: 99.00% against a target of 95.00%, 4.00 points better; no tolerance" in page
    assert "The target will be met consistently" in page
    assert f"C falling indicator, {last:%B %Y}: 85.00%, below plan of 90.00%" in page
    assert page.index("C falling indicator") < page.index("B steady indicator") < page.index("A steady indicator")
    assert "Kept as published" not in page


def test_a_draft_indicator_is_in_staffs_report_only(three, system, client_for, readers):
    figures("DRAFT1", STEADY_HIGH, area=system, name="A secret draft indicator", status=Status.DRAFT)
    for role in READERS:
        for path in ("/dashboards/report/", "/dashboards/report.csv", "/dashboards/report.json"):
            check_reader(client_for(readers[role]), role, path, 200, secret="A secret draft indicator")
    assert "A secret draft indicator" in client_for(readers["staff"]).get("/dashboards/report/").content.decode()


def test_the_report_downloads_as_csv_and_json_in_the_same_order(three, client):
    latest = f"{months(1)[0]:%Y-%m}"
    data = client.get("/dashboards/report.json").json()
    assert data["as_at"] == timezone.localdate().isoformat()
    first = data["indicators"][0]
    assert [row["code"] for row in data["indicators"]] == ["CCC", "BBB", "AAA"]
    assert first | {"summary": ""} == {
        "code": "CCC",
        "name": "C falling indicator",
        "attention": "concern",
        "period": latest,
        "value": 85.0,
        "plan_or_target": "Plan: 90.00%",
        "rag": "red",
        "rag_words": "Red: 85.00% against a plan of 90.00%, 5.00 points short; no tolerance",
        "variation": "concern_low",
        "assurance": "inconsistent",
        "summary": "",
    }
    rows = client.get("/dashboards/report.csv").content.decode().splitlines()
    assert rows[0] == "code,name,attention,period,value,plan_or_target,rag,rag_words,variation,assurance,summary"
    assert rows[1].startswith(f"CCC,C falling indicator,concern,{latest},85.0,Plan: 90.00%,red,")
    assert rows[3].startswith("AAA,") and ",pass," in rows[3]


def test_staff_add_the_report_to_a_meeting_as_a_paper_at_the_item_they_choose(three, meeting, client_for, staff_user):
    item = item_titled(meeting, "Performance report")
    client = client_for(staff_user)
    form = client.get("/manage/dashboards/report/partnership/2021-06-09/").content.decode()
    assert f'value="{item.pk}" checked' in form  # the item about performance is offered first
    response = client.post(
        "/manage/dashboards/report/partnership/2021-06-09/",
        {"item": str(item.pk), "reference": "Paper 7", "submission": _token(form)},
    )
    paper = Paper.objects.get(meeting=meeting)
    assert response.status_code == 302 and response["Location"] == paper.get_manage_url()
    assert list(paper.items.all()) == [item]
    assert (paper.reference, paper.title, paper.audience) == ("Paper 7", "Integrated performance report", "public")
    assert [figure.indicator.code for figure in paper.performance_report.figures.all()] == ["CCC", "BBB", "AAA"]
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "Red: 85.00% against a plan of 90.00%" in page
    assert "they are kept as they are once the meeting is published" in page
    pack = client.get("/boards/partnership/2021-06-09/pack/").content.decode()
    assert "Special cause concern (1)" in pack and "Red: 85.00% against a plan of 90.00%" in pack
    # The meeting's page offers the report, and once it has one says so.
    assert "Add the performance report" in client.get(meeting.get_manage_url()).content.decode()
    again = client.get("/manage/dashboards/report/partnership/2021-06-09/").content.decode()
    assert "The meeting has the report" in again and "Read the figures again" in again


def test_a_meeting_has_one_report(three, meeting, staff_user):
    add(meeting, staff_user)
    with pytest.raises(Exception, match="already has the performance report"):
        add(meeting, staff_user)
    assert PerformanceReport.objects.count() == 1


def test_a_report_at_a_part_two_item_is_part_two(three, meeting, staff_user):
    assert add(meeting, staff_user, "Contract award").audience == Audience.BOARD


def test_a_meeting_without_items_is_told_to_add_them_first(meeting, client_for, staff_user):
    meeting.items.all().delete()
    page = client_for(staff_user).get("/manage/dashboards/report/partnership/2021-06-09/").content.decode()
    assert "add the meeting's items</a> first" in page
    assert 'name="item"' not in page


def test_reading_the_figures_again_while_the_meeting_is_a_draft_takes_todays(three, meeting, staff_user, client_for):
    paper = add(meeting, staff_user)
    version = paper.version
    revise("CCC", months(1)[0], "88")
    response = client_for(staff_user).post("/manage/dashboards/report/partnership/2021-06-09/read-again/")
    assert response.status_code == 302
    kept = ReportFigure.objects.get(indicator__code="CCC")
    assert kept.value == Decimal("88") and kept.value_words == "88.00%"
    paper.refresh_from_db()
    assert paper.version == version + 1  # so the pack is built afresh


def test_once_published_the_report_keeps_the_figures_the_board_saw(three, meeting, staff_user, client_for):
    add(meeting, staff_user)
    publish(meeting)
    latest = months(1)[0]
    revise("CCC", latest, "91.2")

    pack = client_for(None).get("/boards/partnership/2021-06-09/pack/").content.decode()
    assert "Kept as published: the figures as the board saw them" in pack
    assert "Red: 85.00% against a plan of 90.00%" in pack
    assert "91.20%" not in pack
    # The kept icons are drawn in the chart's palette, as the live ones are: none without its colour.
    assert 'stroke=""' not in pack and 'stroke="#ED8B00"' in pack
    live = client_for(None).get("/dashboards/report/").content.decode()
    assert "Green: 91.20% against a plan of 90.00%" in live

    revisions = performance_report.revisions_since_reports(Indicator.objects.get(code="CCC"), AnonymousUser())
    assert [revision.words for revision in revisions] == [
        f"Revised since the report of 9 June 2021: {latest:%B %Y} was 85.00% in the report, now 91.20%."
    ]
    assert performance_report.revisions_since_reports(Indicator.objects.get(code="BBB"), AnonymousUser()) == []
    paper = Paper.objects.get(meeting=meeting)
    kept = client_for(None).get(f"{paper.get_absolute_url()}report.json").json()
    assert [row["value"] for row in kept["indicators"] if row["code"] == "CCC"] == [85.0]
    kept_csv = client_for(None).get(f"{paper.get_absolute_url()}report.csv").content.decode()
    assert "91.2" not in kept_csv and "85" in kept_csv
    assert f"{paper.get_absolute_url()}report.csv" in client_for(None).get(paper.get_absolute_url()).content.decode()
    indicator_page = client_for(None).get("/dashboards/indicators/CCC/").content.decode()
    assert revisions[0].words in indicator_page
    assert "Revised since" not in client_for(None).get("/dashboards/indicators/BBB/").content.decode()

    response = client_for(staff_user).post("/manage/dashboards/report/partnership/2021-06-09/read-again/")
    assert response.status_code == 302
    assert ReportFigure.objects.get(indicator__code="CCC").value == Decimal("85")
    page = client_for(staff_user).get(response["Location"]).content.decode()
    assert "kept as the board saw it" in page and "Read the figures again" not in page


def test_the_pdf_pack_keeps_the_figures_the_board_saw(three, meeting, staff_user, client_for):
    add(meeting, staff_user)
    publish(meeting)
    revise("CCC", months(1)[0], "91.2")
    response = client_for(None).get("/boards/partnership/2021-06-09/pack.pdf")
    text = pdf_text(b"".join(response.streaming_content))
    assert "Integrated performance report" in text
    assert "85.00% against a plan of 90.00%" in text
    assert "91.20%" not in text


def test_revisions_come_only_from_published_reports_the_reader_may_see(
    three, meeting, staff_user, board_member_user, other_board_member_user
):
    add(meeting, staff_user, "Contract award")  # Part II
    code = Indicator.objects.get(code="CCC")
    revise("CCC", months(1)[0], "91.2")
    assert performance_report.revisions_since_reports(code, staff_user) == []  # a draft meeting's is no record yet
    publish(meeting)
    assert len(performance_report.revisions_since_reports(code, board_member_user)) == 1
    assert len(performance_report.revisions_since_reports(code, staff_user)) == 1
    assert performance_report.revisions_since_reports(code, other_board_member_user) == []
    assert performance_report.revisions_since_reports(code, AnonymousUser()) == []


def test_a_figure_withdrawn_since_says_so(three, meeting, staff_user):
    add(meeting, staff_user)
    publish(meeting)
    Point.objects.filter(indicator__code="CCC", kind=Kind.ACTUAL, period=months(1)[0]).update(
        value=None, note="not_reported"
    )
    (revision,) = performance_report.revisions_since_reports(Indicator.objects.get(code="CCC"), AnonymousUser())
    assert revision.now == "not reported" and revision.reported == "85.00%"


# ---- Who may read it ----


@pytest.fixture
def reports(three, meeting, staff_user):
    """A published meeting with its report in Part I, a Part II report at another board's... and a draft's."""
    public = add(meeting, staff_user)
    publish(meeting)
    board = meeting.board
    private_meeting = MeetingFactory(board=board, date=dt.date(2021, 7, 14))
    AgendaItemFactory(meeting=private_meeting, title="Performance in confidence", audience=Audience.BOARD)
    private = add(private_meeting, staff_user, "Performance in confidence")
    draft_meeting = MeetingFactory(board=board, date=dt.date(2021, 8, 11), status=Status.DRAFT)
    AgendaItemFactory(meeting=draft_meeting, title="Performance report")
    draft = add(draft_meeting, staff_user)
    return {"public": public, "private": private, "draft": draft}


MATRIX = [
    ("/dashboards/report/", *EVERYONE),
    ("/dashboards/report.csv", *EVERYONE),
    ("/dashboards/report.json", *EVERYONE),
    ("{public}", *EVERYONE),
    ("{public}report.csv", *EVERYONE),
    ("{public}report.json", *EVERYONE),
    ("/boards/partnership/2021-06-09/pack/", *EVERYONE),
    ("{private}", *BOARD_MEMBERS),
    ("{private}report.csv", *BOARD_MEMBERS),
    ("{private}report.json", *BOARD_MEMBERS),
    ("{draft}", *DRAFT),
    ("{draft}report.json", *DRAFT),
    ("/manage/dashboards/report/partnership/2021-06-09/", *STAFF_ONLY),
    ("/manage/dashboards/report/partnership/2021-08-11/", *STAFF_ONLY),
    ("/manage/dashboards/report/partnership/2021-08-11/read-again/", *STAFF_POST_ONLY),
]


# The dashboards' own URLs in the matrix, for tests/dashboards/test_access.py's check that every one is covered.
PATHS = [path for path, *expected in MATRIX if not path.startswith("{")] + [
    "/boards/partnership/2021-06-09/papers/1/report.csv",  # as {public}report.csv above
    "/boards/partnership/2021-06-09/papers/1/report.json",
]


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, reports, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**{name: paper.get_absolute_url() for name, paper in reports.items()})
    for role, expected in zip(READERS, (anonymous, board_member, other_board_member, no_role, staff), strict=True):
        check_reader(client_for(readers[role]), role, path, expected)


def test_the_part_two_report_is_in_the_members_pdf_pack_only(reports, client_for, readers):
    path = "/boards/partnership/2021-07-14/pack.pdf"
    member = pdf_text(b"".join(client_for(readers["board_member"]).get(path).streaming_content))
    assert "85.00% against a plan of 90.00%" in member
    for role in ("anonymous", "other_board_member", "no_role"):
        response = client_for(readers[role]).get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"%PDF" not in body[:8] or "85.00% against" not in pdf_text(body), role


@pytest.mark.parametrize("role", ["anonymous", "board_member", "other_board_member", "no_role"])
def test_only_staff_may_add_the_report_or_read_it_again(reports, meeting, client_for, readers, role):
    later = MeetingFactory(board=meeting.board, date=dt.date(2021, 9, 8), status=Status.DRAFT)
    item = AgendaItemFactory(meeting=later, title="Performance report")
    revise("CCC", months(1)[0], "88")
    client = client_for(readers[role])
    client.post("/manage/dashboards/report/partnership/2021-09-08/", {"item": str(item.pk), "submission": "x"})
    client.post("/manage/dashboards/report/partnership/2021-08-11/read-again/")
    assert not Paper.objects.filter(meeting=later).exists()
    assert ReportFigure.objects.get(report__paper=reports["draft"], indicator__code="CCC").value == Decimal("85")


def test_the_same_posts_from_staff_do_change_something(reports, meeting, client_for, staff_user):
    later = MeetingFactory(board=meeting.board, date=dt.date(2021, 9, 8), status=Status.DRAFT)
    item = AgendaItemFactory(meeting=later, title="Performance report")
    revise("CCC", months(1)[0], "88")
    client = client_for(staff_user)
    form = client.get("/manage/dashboards/report/partnership/2021-09-08/").content.decode()
    client.post("/manage/dashboards/report/partnership/2021-09-08/", {"item": str(item.pk), "submission": _token(form)})
    client.post("/manage/dashboards/report/partnership/2021-08-11/read-again/")
    assert Paper.objects.filter(meeting=later, title="Integrated performance report").exists()
    assert ReportFigure.objects.get(report__paper=reports["draft"], indicator__code="CCC").value == Decimal("88")


# ---- What it costs ----


def many(system, count: int) -> None:
    for number in range(count):
        figures(f"X{number:03d}", FALLING_AWAY if number % 2 else STEADY_LOW, area=system, plan=90)


@pytest.mark.parametrize("count", [3, 30])
def test_todays_report_costs_the_same_however_many_indicators(system, client, count, django_assert_max_num_queries):
    many(system, count)
    with django_assert_max_num_queries(6):
        page = client.get("/dashboards/report/")
    assert page.content.decode().count('class="app-report-line"') == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_pack_with_the_report_costs_the_same_however_many_indicators(
    system, meeting, staff_user, client, count, django_assert_max_num_queries
):
    many(system, count)
    add(meeting, staff_user)
    publish(meeting)
    with django_assert_max_num_queries(16):
        page = client.get("/boards/partnership/2021-06-09/pack/")
    assert page.content.decode().count('class="app-report-line"') == count


def _token(form: str) -> str:
    return form.split('name="submission" value="')[1].split('"')[0]


def test_the_rag_of_a_kept_line_is_the_rag_it_printed(three, meeting, staff_user):
    add(meeting, staff_user)
    kept = {figure.indicator.code: figure for figure in ReportFigure.objects.select_related("indicator")}
    assert kept["CCC"].rag == Rag.RED and kept["AAA"].rag == Rag.GREEN
    assert kept["BBB"].attention == "assurance" and kept["CCC"].attention == "concern"
