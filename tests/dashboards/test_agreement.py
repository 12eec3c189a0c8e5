"""Where the plan and the statistics disagree, worked out for a set of programmes from their reported statuses and
their indicators' latest BLMK figures, and flagged with both readings on the staff programme page, in the
reporting round and in the highlight report."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from blmk_portal.publication import Status
from blmk_portal.rag import Rag
from dashboards.agreement import flags_for_programmes
from dashboards.models import IndicatorProgramme
from tests.dashboards.test_performance_report import FALLING_AWAY, STEADY_HIGH, STEADY_LOW, figures
from tests.documents import pdf_text
from tests.factories import MilestoneFactory, PriorityFactory, ProgrammeFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def programme_reported(rag: Rag, title: str, *, signed_off: bool = True, priority=None):
    programme = ProgrammeFactory(title=title, priority=priority or PriorityFactory())
    StatusUpdateFactory(
        milestone=MilestoneFactory(programme=programme), rag=rag, commentary="As reported", signed_off=signed_off
    )
    return programme


def link(programme, indicator) -> None:
    IndicatorProgramme.objects.create(programme=programme, indicator=indicator)


@pytest.fixture
def world(system):
    falling = figures("CCC", FALLING_AWAY, area=system, name="Cancer 62 days", plan=90)
    missing = figures("BBB", STEADY_LOW, area=system, name="Diagnostics within 6 weeks")
    meeting = figures("AAA", STEADY_HIGH, area=system, name="A&E 4 hours")
    green = programme_reported(Rag.GREEN, "Elective recovery")
    red = programme_reported(Rag.RED, "Urgent care")
    amber = programme_reported(Rag.AMBER, "Cancer recovery")
    link(green, falling)
    link(green, missing)
    link(green, meeting)  # agrees with Green: not flagged
    link(red, meeting)
    link(red, falling)  # agrees with Red: not flagged
    link(amber, falling)  # Amber already says not quite
    return {"green": green, "red": red, "amber": amber}


@pytest.fixture
def system():
    from dashboards.models import Area

    return Area.objects.create(kind=Area.Kind.SYSTEM)


def test_green_with_concern_or_failing_assurance_and_red_with_a_pass_are_flagged(world, staff_user):
    flags = flags_for_programmes(list(world.values()), staff_user, today=timezone.localdate())
    assert set(flags) == {world["green"].pk, world["red"].pk}
    green = [(flag.statistics.name, flag.disagreement.words) for flag in flags[world["green"].pk]]
    assert green == [
        ("Cancer 62 days", "Reported Green, but the indicator shows special cause concern."),
        (
            "Diagnostics within 6 weeks",
            "Reported Green, but the indicator says the target will not be met without change.",
        ),
    ]
    (red,) = flags[world["red"].pk]
    assert red.reported == Rag.RED and red.statistics.name == "A&E 4 hours"
    assert red.disagreement.words == "Reported Red, but the indicator says the target will be met consistently."


def test_an_overridden_status_is_the_one_reported(world, staff_user):
    amber = world["amber"]
    amber.rag_override, amber.rag_override_reason = Rag.GREEN, "Recovery plan agreed"
    amber.save()
    flags = flags_for_programmes([amber], staff_user, today=timezone.localdate())
    assert [flag.reported for flag in flags[amber.pk]] == [Rag.GREEN]


def test_the_public_reading_is_the_signed_off_status_and_published_indicators(system, staff_user):
    unsigned = programme_reported(Rag.GREEN, "Awaiting sign-off", signed_off=False)
    link(unsigned, figures("CCC", FALLING_AWAY, area=system, plan=90))
    draft = programme_reported(Rag.GREEN, "Draft indicator")
    link(draft, figures("DDD", FALLING_AWAY, area=system, plan=90, status=Status.DRAFT))
    assert flags_for_programmes([unsigned, draft], AnonymousUser(), today=timezone.localdate()) == {}
    assert set(flags_for_programmes([unsigned, draft], staff_user, today=timezone.localdate())) == {
        unsigned.pk,
        draft.pk,
    }


@pytest.mark.parametrize("count", [2, 20])
def test_flags_cost_the_same_however_many_programmes_and_indicators(
    system, staff_user, count, django_assert_max_num_queries
):
    priority = PriorityFactory()
    programmes = []
    for number in range(count):
        programme = programme_reported(Rag.GREEN, f"Programme {number}", priority=priority)
        link(programme, figures(f"X{number:03d}", FALLING_AWAY, area=system, plan=90))
        programmes.append(programme)
    with django_assert_max_num_queries(6):  # with who the reader is
        flags = flags_for_programmes(programmes, staff_user, today=timezone.localdate())
    assert len(flags) == count


def test_the_staff_programme_page_shows_both_readings_side_by_side(world, client_for, staff_user):
    page = client_for(staff_user).get(world["green"].get_manage_url()).content.decode()
    assert "Where the plan and the statistics disagree" in page
    assert "Reported Green, but the indicator shows special cause concern." in page
    assert "Cancer 62 days</a>:" in page and "Special cause concern, lower than expected" in page
    assert "A&amp;E 4 hours" not in page.split('id="disagreements-heading"')[1].split("</section>")[0]
    quiet = client_for(staff_user).get(world["amber"].get_manage_url()).content.decode()
    assert "Where the plan and the statistics disagree" not in quiet


def test_the_reporting_round_flags_every_current_programme_that_disagrees(world, client_for, staff_user):
    page = client_for(staff_user).get("/manage/priorities/reporting-round/").content.decode()
    section = page.split('id="disagreements-heading"')[1].split("</section>")[0]
    assert "Elective recovery" in section and "Urgent care" in section
    assert "Cancer recovery" not in section


def test_the_highlight_report_and_its_pdf_show_both_readings(world, client_for, staff_user):
    url = reverse("priorities:highlight_report", kwargs=world["green"].url_kwargs())
    page = client_for(staff_user).get(url).content.decode()
    section = page.split('id="disagreements-heading"')[1].split("</section>")[0]
    assert "Reported Green, but the indicator shows special cause concern." in section
    assert "Diagnostics within 6 weeks" in section and "A&amp;E 4 hours" not in section
    pdf = client_for(staff_user).get(reverse("priorities:highlight_report_pdf", kwargs=world["green"].url_kwargs()))
    assert "Reported Green, but the indicator shows special cause concern." in " ".join(pdf_text(pdf.content).split())
    quiet = client_for(staff_user).get(reverse("priorities:highlight_report", kwargs=world["amber"].url_kwargs()))
    assert "Where the plan and the statistics disagree" not in quiet.content.decode()
