"""The plans as loaded from fixtures/ say what the seed documents print, and nothing the import made up: no
notes about the import shown as public text, no period, label or priority a seed does not have, and the places
the 2018/19 plan gives each priority and programme on its slide per place."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client

from places.loading import load_places
from places.models import Organisation, Place
from priorities.loading import load_priorities
from priorities.models import Milestone, Plan, Priority, Programme
from tests.factories import PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

ALL_PLACES = {"bedford-borough", "central-bedfordshire", "luton", "milton-keynes"}

# What an importer wrote about the source, rather than what the source says.
IMPORT_NOTES = re.compile(
    r"did not survive|text extraction|pseudo-priority|diagram below|as per the diagram|in a graphic|as printed"
    r"|none printed|listed as (milestones|programmes)|mapped in the plan to|slides?\)|focus area in|diagram reproduced"
    r"|areas of focus 18/19.{0,3} diagram",
    re.IGNORECASE,
)


@pytest.fixture
def loaded(db) -> None:
    tally: Counter = Counter()
    load_places(tally)
    load_priorities(tally)


def squash(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def public_texts():
    """Every text field the public pages show of the loaded plans, places and organisations, with where it is."""
    for plan in Plan.objects.all():
        for field in ("title", "period", "version_label", "summary", "published_on"):
            yield f"plan {plan.slug} {field}", getattr(plan, field)
    for priority in Priority.objects.select_related("plan"):
        for field in ("code", "title", "aim", "description", "source_quote", "senior_responsible_officer", "lead"):
            yield f"{priority.plan.slug} {priority.code} {field}", getattr(priority, field)
    for programme in Programme.objects.select_related("priority__plan"):
        for field in ("title", "lead", "description", "source_quote"):
            yield f"programme {programme.title} {field}", getattr(programme, field)
    for milestone in Milestone.objects.all():
        for field in ("title", "owner", "quarter"):
            yield f"milestone {milestone.pk} {field}", getattr(milestone, field)
    for place in Place.objects.all():
        for field in ("name", "profile", "population_source"):
            yield f"place {place.slug} {field}", getattr(place, field)
    for organisation in Organisation.objects.all():
        for field in ("name", "short_name", "source_quote"):
            yield f"organisation {organisation.slug} {field}", getattr(organisation, field)


def test_no_public_text_of_the_loaded_data_carries_a_note_about_the_import(loaded):
    texts = list(public_texts())
    assert len(texts) > 500
    notes = [(where, IMPORT_NOTES.search(text).group(0)) for where, text in texts if IMPORT_NOTES.search(text)]
    assert notes == []


def test_the_import_note_pattern_catches_the_notes_it_is_for():
    for note in (
        "(The focus areas were shown in a graphic that did not survive text extraction.)",
        "Pseudo-priority holding the Subject Matter Experts (SME) enabling groups",
        "our emerging strategic priorities are as per the diagram below",
        "NAPC BLMK Programme Overview (on the Primary Care FYFV slides).",
        "Lead: TBC (as printed)",
    ):
        assert IMPORT_NOTES.search(note), note
    assert not IMPORT_NOTES.search("An effective financial framework should support delivery of the priorities.")


def test_the_2021_priorities_run_over_the_medium_and_long_term_the_paper_speaks_of(loaded):
    plan = Plan.objects.get(slug="strategic-priorities-2021-22")
    assert plan.period == "Medium (3-5 years) and long term (10 years)"
    assert "2021/22" not in plan.period
    # Only P1 has a focus "for 2021/22", and says so in its own words.
    assert "For 2021/22" in Priority.objects.get(plan=plan, code="P1").description


def test_the_2018_enabling_groups_stand_beside_the_priorities_with_their_leads_as_the_plan_prints_them(loaded):
    plan = Plan.objects.get(slug="operating-plan-2018-19")
    assert not Priority.objects.filter(code="EN").exists()
    assert not Priority.objects.filter(title__icontains="Enabling groups").exists()
    enablers = {
        priority.title: (priority.kind, priority.lead, priority.senior_responsible_officer)
        for priority in Priority.objects.filter(plan=plan, code__startswith="E")
    }
    assert enablers == {
        "Workforce": (Priority.Kind.ENABLING_WORKSTREAM, "Alison Lathwell", "Matthew Winn"),
        "Finance": (Priority.Kind.ENABLING_WORKSTREAM, "Sophia Aldridge", "Phil Simpkins"),
        "Communications": (Priority.Kind.ENABLING_WORKSTREAM, "Kate Jarman", "Navina Evans"),
        "Estates": (Priority.Kind.ENABLING_WORKSTREAM, "TBC", "Trevor Holden"),
        "Governance & Legal": (Priority.Kind.ENABLING_WORKSTREAM, "Vacant", ""),
    }
    assert not Programme.objects.filter(kind=Programme.Kind.ENABLING_GROUP).exists()
    # The estates workbook milestone is kept, under the plan's "Capital Planning & Estates".
    workbook = Milestone.objects.get(title__startswith="The STP will be submitting its capital and estates workbook")
    assert (workbook.programme.title, workbook.programme.priority.title) == ("Capital Planning & Estates", "Estates")


def places_of(item) -> set[str]:
    return {place.slug for place in item.places.all()}


def test_each_2018_priority_covers_the_places_of_its_slide_per_place(loaded):
    plan = Plan.objects.get(slug="operating-plan-2018-19")
    for code in ("P1", "P2", "P3", "P4", "P5"):
        assert places_of(Priority.objects.get(plan=plan, code=code)) == ALL_PLACES, code
    programmes = {programme.title: places_of(programme) for programme in Programme.objects.filter(priority__plan=plan)}
    for title in ("Social Prescribing", "Primary Care Home", "Complex Care", "Children and Young People", "Cancer"):
        assert programmes[title] == ALL_PLACES, title
    # The merger is Bedfordshire and Luton's ("Bedfordshire & Luton system"), not Milton Keynes'.
    assert programmes["Luton & Bedford Hospital Merger"] == {"bedford-borough", "central-bedfordshire", "luton"}
    # What the plan sets at BLMK level only stays BLMK-wide.
    assert programmes["Shared Care Record"] == set()


def test_a_place_filter_shows_each_place_its_part_of_the_2018_plan(loaded):
    merger, economies = 'id="programme-luton-bedford-hospital-merger"', 'id="programme-economies-of-scale'
    page = Client().get("/priorities/operating-plan-2018-19/p3/?place=milton-keynes").content.decode()
    assert economies in page
    assert merger not in page
    luton = Client().get("/priorities/operating-plan-2018-19/p3/?place=luton").content.decode()
    assert merger in luton
    assert economies in luton
    plan_page = squash(Client().get("/priorities/operating-plan-2018-19/").content.decode())
    assert "Bedford Borough, Central Bedfordshire, Luton, Milton Keynes" in plan_page


def test_the_2018_plans_final_draft_is_its_version_and_its_state_is_closed(loaded):
    plan = Plan.objects.get(slug="operating-plan-2018-19")
    assert (plan.version_label, plan.state) == ("V0.23 FINAL DRAFT", Plan.State.CLOSED)
    page = squash(Client().get("/priorities/operating-plan-2018-19/").content.decode())
    assert re.search(r"Version </dt> <dd [^>]*> V0.23 FINAL DRAFT </dd>", page)
    assert "Closed: its milestones are no longer reported on" in page
    listing = squash(Client().get("/priorities/").content.decode())
    assert "Version V0.23 FINAL DRAFT" in listing


def test_each_plan_labels_its_priorities_in_its_own_words(loaded):
    kinds = {
        (priority.plan.slug, priority.code): priority.get_kind_display()
        for priority in Priority.objects.select_related("plan")
    }
    # ‘Front line’ and ‘behind the scenes’ are the 2016 summary's words, and only its.
    assert {plan for (plan, _), kind in kinds.items() if kind in ("Front line", "Enabler (behind the scenes)")} == {
        "stp-2016"
    }
    assert kinds["stp-2016", "P1"] == "Front line"
    assert kinds["stp-2016", "P4"] == "Enabler (behind the scenes)"
    assert kinds["operating-plan-2018-19", "P1"] == "Priority"
    assert kinds["operating-plan-2018-19", "P4"] == "Enabling workstream"
    assert kinds["operating-plan-2018-19", "E1"] == "Enabling workstream"
    assert kinds["strategic-priorities-2021-22", "P1"] == "Priority"
    assert kinds["strategic-priorities-2021-22", "E1"] == "Cross-cutting enabler"
    page = squash(Client().get("/priorities/strategic-priorities-2021-22/p1/").content.decode())
    assert "Front line" not in page


def test_the_plan_page_shows_the_headline_figures_as_printed(loaded):
    page = squash(Client().get("/priorities/stp-2016/").content.decode())
    assert "Headline figures, as printed" in page
    assert "The current combined annual budget for health and social care is £1.33bn" in page
    assert "If we don’t make changes, by 2020/21 our spending will exceed our income by £311m a year." in page
    page = squash(Client().get("/priorities/operating-plan-2018-19/").content.decode())
    assert "to a £9.7m surplus" in page


def test_the_2021_plan_page_says_its_leads_are_being_appointed_where_none_is_named(loaded):
    page = squash(Client().get("/priorities/strategic-priorities-2021-22/").content.decode())
    assert page.count("“We are currently finalising the appointment of these leads.”") == 12
    assert "SRO: Paul Calaminus" in page
    assert "Not named" not in page
    # A plan that says nothing of its leads still reads Not named.
    assert "Not named" in Client().get("/priorities/stp-2016/").content.decode()
    assert "finalising the appointment" not in Client().get("/priorities/stp-2016/").content.decode()


def test_each_places_page_shows_its_part_of_the_2018_plan(loaded):
    page = Client().get("/places/milton-keynes/").content.decode()
    assert '<a href="/priorities/operating-plan-2018-19/">BLMK Single System Operating Plan 2018/19</a>' in page
    assert '<a href="/priorities/operating-plan-2018-19/p3/?place=milton-keynes">' in page
    # The 2016 and 2021 plans name no place: all their work is BLMK-wide.
    assert "/priorities/strategic-priorities-2021-22/" not in page
    assert "/priorities/stp-2016/" not in page


def test_a_2021_priority_with_no_lead_named_says_they_are_being_appointed(loaded):
    page = squash(Client().get("/priorities/strategic-priorities-2021-22/p1/").content.decode())
    note = "“We are currently finalising the appointment of these leads.”"
    assert re.search(rf"Leads </dt> <dd [^>]*> {note} </dd>", page)
    with_sro = squash(Client().get("/priorities/strategic-priorities-2021-22/p5/").content.decode())
    assert "Paul Calaminus" in with_sro
    assert "finalising the appointment" not in with_sro


def test_staff_give_a_plan_its_headline_figures_and_what_it_says_of_its_leads(client_for, staff_user):
    plan = PlanFactory(slug="plan", title="A plan")
    PriorityFactory(plan=plan, code="P1", title="Nobody named yet")
    response = client_for(staff_user).post(
        "/manage/priorities/plan/edit/",
        {
            "version": "1",
            "title": "A plan",
            "period": "2030/31",
            "state": "current",
            "headline_figures": "A budget of £1bn\nA gap of £1m a year",
            "leads_note": "Leads are being appointed.",
        },
    )
    assert response.status_code == 302
    page = squash(Client().get("/priorities/plan/").content.decode())
    assert "<li>A budget of £1bn</li><li>A gap of £1m a year</li>" in page
    assert "“Leads are being appointed.”" in page
    assert "Not named" not in page
