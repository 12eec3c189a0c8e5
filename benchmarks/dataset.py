"""The benchmark's dataset: ten times BLMK's real volume, generated, in the benchmark's own database.

BLMK today has 4 places and 34 partner organisations (fixtures/places.json). The generator builds ten
"systems" shaped like BLMK: each has 4 places and the same 34 kinds of organisation (councils, CCGs replaced
by one ICB, hospital trusts of which two merged, community and mental health trusts, ambulance services,
12 primary care networks, Healthwatch, a voluntary body, a regional NHS office). That gives 40 places and
340 organisations, each serving 1 to 4 places of its own system, 50 of them retired with a successor.

Each system also has BLMK's three plans (fixtures/priorities.json) in the same shape: the same priorities,
programmes per priority and milestones per programme, so 30 plans, 240 priorities, 330 programmes and 840
milestones, with generated text about as long as the real text. The real data has no status updates or risks
yet; the generator gives each milestone 0 to 4 status updates over the last three reporting periods (up to the
current quarter, so the reporting round has some milestones updated and most still waiting) and each system 20
risks. A few records are drafts; some priorities, programmes and milestones cover named places.

It also holds one published board meeting whose PDF pack is about 100 pages, for the pack-build measurement
(benchmarks/packs.py): 12 agenda items with 10 papers, each with a full cover sheet, 2 or 3 recommendations and a
Markdown body of about 8 pages, and two PDF annexes (rendered once with WeasyPrint) that the pack merges in.
Those files go to the benchmark's own MEDIA_ROOT (var/bench-media), never the demo data's var/media.

Run with the benchmark's environment (benchmarks/run.py does this):
    python -m benchmarks.dataset --output samples.json
It refuses any database whose name does not end in "_bench", because a stale dataset is flushed, and any
MEDIA_ROOT not named "bench-media", because a stale dataset's files are deleted.
A second run with the same dataset already in place writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

SCALE = 10  # systems, each the size of BLMK
SEED = 2016  # the year of the first BLMK plan; any fixed number keeps runs comparable
# Bump when the generator changes, so an existing bench database is regenerated rather than reused.
GENERATOR_VERSION = 4
FINGERPRINT_KEY = "benchmark-dataset"
# The benchmark's MEDIA_ROOT is var/<this> (benchmarks/run.py sets it): the generator deletes what is in it.
BENCH_MEDIA = "bench-media"

BENCH_USER_EMAIL = "bench-office@example.org"

# Place names are made from these, so they read like English towns and never collide with the real four.
STEMS = [
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gran", "Hart", "Ivel", "Kings", "Lang", "Mar", "Nor", "Oak",
    "Pen", "Quen", "Ray", "Sand", "Thorn", "Wal", "Wex", "Yar", "Brack", "Cold", "Stan", "Whit",
]  # fmt: skip
ENDINGS = ["ford", "ton", "ley", "bury", "field", "ham", "wick", "stead", "borough", "well"]

CCG_END = dt.date(2022, 6, 30)  # CCGs closed and ICBs took over on 1 July 2022
TRUST_MERGER_END = dt.date(2020, 3, 31)

FRONT_LINE, ENABLER = "front_line", "enabler"  # Priority.Kind
PROGRAMME, WORKSTREAM, ENABLING_GROUP, MUST_DO = "programme", "workstream", "enabling_group", "national_must_do"


@dataclass(frozen=True)
class PlanShape:
    """One of BLMK's real plans as each system copies it: its priorities, their programmes and milestones."""

    slug: str  # the real plan's; each system's copy starts with the slug of its first place
    title: str  # "{system}" is the system's name
    period: str
    version_label: str
    # For each priority: its code, its kind and, for each of its programmes, (kind, number of milestones).
    priorities: list[tuple[str, str, list[tuple[str, int]]]]


# fixtures/priorities.json: 3 plans, 24 priorities, 33 programmes, 84 milestones. All the programmes are in the
# 2018/19 operating plan, and most of its milestones in P2 (47, of which 18 in one national must-do).
PLAN_SHAPES = [
    PlanShape(
        "stp-2016",
        "{system} Sustainability and Transformation Plan",
        "2016/17-2020/21",
        "",
        [(f"P{n}", FRONT_LINE, []) for n in (1, 2, 3)] + [(f"P{n}", ENABLER, []) for n in (4, 5)],
    ),
    PlanShape(
        "operating-plan-2018-19",
        "{system} Single System Operating Plan 2018/19",
        "2018/19",
        "V0.23 FINAL DRAFT",
        [
            ("P1", FRONT_LINE, [(PROGRAMME, 0), (PROGRAMME, 1), (PROGRAMME, 0)]),
            (
                "P2",
                FRONT_LINE,
                [(PROGRAMME, 0)]
                + [(WORKSTREAM, 0)] * 4
                + [(PROGRAMME, 0)] * 3
                + [(PROGRAMME, 6)]
                + [(MUST_DO, 7), (MUST_DO, 7), (MUST_DO, 18), (MUST_DO, 9)],
            ),
            ("P3", FRONT_LINE, [(PROGRAMME, 4), (PROGRAMME, 3), (MUST_DO, 11), (MUST_DO, 13)]),
            ("P4", ENABLER, [(PROGRAMME, 0)] * 4 + [(PROGRAMME, 1)]),
            ("P5", ENABLER, [(PROGRAMME, 1), (PROGRAMME, 2), (PROGRAMME, 0)]),
            ("EN", ENABLER, [(ENABLING_GROUP, 0)] * 3 + [(ENABLING_GROUP, 1), (ENABLING_GROUP, 0)]),
        ],
    ),
    PlanShape(
        "strategic-priorities-2021-22",
        "{system} ICS Strategic Priorities",
        "2021/22",
        "",
        [(f"P{n}", FRONT_LINE, []) for n in range(1, 6)] + [(f"E{n}", ENABLER, []) for n in range(1, 9)],
    ),
]
REPORTING_PERIODS = 3  # status updates fall in the current quarter and the two before it
RISKS_PER_SYSTEM = 20
PUBLISHED_AT = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)

FRONT_LINE_THEMES = [
    "Prevention and health promotion", "Primary, community and social care", "Sustainable secondary care",
    "Every child has a strong, healthy start in life: from maternal health, through the first thousand days to "
    "reaching adulthood",
    "People are supported to engage with and manage their health and wellbeing",
    "People age well, with proactive interventions to stay healthy, independent and active as long as possible",
    "Mental health and wellbeing", "Urgent and emergency care", "Planned care and elective recovery",
    "Tackling health inequalities",
]  # fmt: skip
ENABLER_THEMES = [
    "Technology", "System redesign", "Enabling groups", "Data and digital", "Workforce", "Estates",
    "Communications and engagement", "Operational and clinical excellence", "Finance", "ICS establishment",
    "Ways of working", "Population health management",
]  # fmt: skip
PROGRAMME_TOPICS = [
    "Social prescribing", "Cardiovascular prevention", "Flu campaign", "Enhanced primary care", "Complex care",
    "Transitions of care", "Paediatrics", "Primary care home", "Children and young people", "Diabetes",
    "Respiratory", "Primary care networks", "Urgent and emergency care", "Mental health", "Primary care",
    "Transforming care", "Acute services collaboration", "Pathology network", "Cancer", "Maternity", "Digital",
    "Shared care record", "Population health analytics", "Information governance", "Place-based partnerships",
    "Workforce", "Finance", "Communications", "Estates", "Governance and legal", "Stroke", "Dementia",
    "Falls prevention", "Discharge to assess", "Learning disability and autism", "End of life care",
]  # fmt: skip
FIRST_NAMES = ["Amara", "Ben", "Chloe", "Dev", "Elaine", "Farid", "Grace", "Hugh", "Imran", "Jo", "Kiran", "Laura"]
SURNAMES = ["Ahmed", "Bennett", "Clarke", "Davies", "Evans", "Foster", "Gill", "Hussain", "Iqbal", "Jones", "Khan"]
# Sentences for descriptions, aims and commentary; {topic}, {place} and {system} are filled in.
DESCRIPTION_HEADINGS = ["Why this matters", "What we will do", "How we will know", "Who is involved"]
DESCRIPTION_SENTENCES = [
    "Partners across {system} will plan {topic} once and deliver it locally, close to where people live.",
    "We will reduce unwarranted variation in {topic} between {place} and the rest of the system.",
    "The work builds on what the primary care networks and the voluntary sector already do in {place}.",
    "Progress is reported to the partnership board every quarter, and risks are escalated through the "
    "programme office.",
    "Residents told us that {topic} services are hard to find, so the first phase is a single point of access.",
    "By the end of the plan every practice in {place} will offer {topic} support to the people who need it.",
    "This contributes to the ambitions of the NHS Long Term Plan and the system's own five-year strategy.",
    "Clinical leads from each trust meet monthly to agree shared pathways and standards for {topic}.",
    "It is funded from the system's transformation budget and from national programme allocations.",
    "A dashboard of outcome measures will be published so that anyone can follow progress on {topic}.",
    "Councils, trusts and the integrated care board have agreed one set of priorities for {topic}.",
    "People with lived experience of {topic} sit on the steering group and review every proposal.",
]  # fmt: skip
MILESTONE_VERBS = ["Deliver", "Evaluate", "Agree", "Launch", "Review", "Complete", "Implement", "Roll out", "Publish"]
MILESTONE_OBJECTS = [
    "the business case for {topic}", "the {topic} pathway", "a single service specification for {topic}",
    "the {topic} pilot", "the workforce plan for {topic}", "the outcomes framework for {topic}",
    "the {topic} hub", "a data sharing agreement for {topic}", "the {topic} improvement trajectory",
]  # fmt: skip
MILESTONE_SCOPES = ["across all providers", "in {place}", "in {place} and {other}", "with the voluntary sector", ""]
MILESTONE_QUARTERS = ["Q1", "Q2", "Q3", "Q4", "Q2/3", "Ongoing from 17/18", "March"]
COMMENTARY = {
    "red": [
        "Behind plan: {reason}. A recovery plan goes to the next partnership board; revised date {quarter}.",
        "Off track because {reason}. Escalated to the senior responsible officer, who is agreeing a new date.",
    ],
    "amber": [
        "At risk: {reason}. Mitigation agreed with partners and being tracked weekly.",
        "Some slippage because {reason}; still expected by {quarter} if the mitigation works.",
    ],
    "green": ["On track.", "On track: the project group met this month and the plan is unchanged.", ""],
    "blue": ["Complete: signed off by the programme board.", "Complete."],
}
DELAY_REASONS = [
    "recruitment to two key posts has been slower than planned",
    "the business case is still waiting for approval from every partner",
    "estates works were delayed by the contractor",
    "not every practice has signed the data sharing agreement",
    "winter pressures took clinical leads away from the programme",
    "funding for next year is not yet confirmed",
]
RISK_TITLES = [
    "Not enough staff to deliver {topic}", "Capital funding for {topic} is not confirmed",
    "Digital systems for {topic} do not share records", "Demand for {topic} grows faster than capacity",
    "Partners do not agree the {topic} business case", "Key suppliers for {topic} fail to deliver on time",
    "Data quality too poor to measure {topic} outcomes",
]  # fmt: skip

# The board meeting whose PDF pack benchmarks/packs.py builds: about 100 pages, as a real partnership board's
# pack runs. Each item: (title, descriptor, leads, minutes, purpose, standing, the titles of its papers).
PACK_MEETING_DATE = dt.date(2026, 6, 10)
PACK_AGENDA = [
    ("Welcome, introductions and apologies", "To receive any apologies", "Chair", 5, "information", True, []),
    ("Declarations of interest", "To declare any interests in the items on the agenda", "Chair", 5, "noting", True, []),
    ("Chief executive's report", "", "CEO", 15, "information", False, ["Chief executive's report"]),
    ("Strategic priorities", "To approve the priorities for 2026/27", "SRO", 20, "approval", False,
     ["Strategic priorities development"]),
    ("System finance", "", "CFO", 20, "assurance", False, ["System finance report, month 2"]),
    ("Integrated performance", "", "COO", 15, "assurance", False, ["Integrated performance report"]),
    ("Urgent and emergency care", "", "COO", 15, "discussion", False, ["Urgent and emergency care recovery plan"]),
    ("Elective recovery", "", "CMO", 15, "discussion", False, ["Elective recovery and waiting lists"]),
    ("Mental health", "", "DoN", 15, "decision", False, ["Mental health investment standard"]),
    ("Population health management", "", "DPH", 15, "approval", False, ["Population health management roll-out"]),
    ("Workforce, estates and digital", "", "CPO, CDO", 20, "noting", False,
     ["Workforce plan 2026/27", "Estates and digital strategy"]),
    ("Any other business", "", "Chair", 5, "", True, []),
]  # fmt: skip
# Each annex: (the paper it is attached to, its title, its pages). Rendered once, merged into the pack in place.
PACK_ANNEXES = [
    ("System finance report, month 2", "Annex A: Finance summary tables", 4),
    ("Integrated performance report", "Appendix 1: Performance scorecard", 3),
]
PAPER_BODY_LENGTH = 24_000  # characters of Markdown: about 8 pages; with its cover sheet a paper runs to 9
PAPER_SECTIONS = [
    "Purpose of the report", "Background", "Current position", "Progress since the last report", "Finance",
    "Risks and mitigations", "Engagement and co-production", "Inequalities", "Next steps", "Conclusion",
]  # fmt: skip
PAPER_SENTENCES = [
    "This report sets out the position on {topic} at the end of the period and the actions agreed by partners.",
    "Demand for {topic} in {place} rose by {n}% on the same period last year, above the planning assumption.",
    "The system's {topic} group has met {n} times since the last board and agreed a single improvement plan.",
    "Spending on {topic} is {n}% of the annual budget at month two, in line with the financial plan.",
    "The board is asked to note that {n} of the actions from the last report are complete and the rest are on "
    "track.",
    "Partners in {place} have agreed to share the {topic} workforce across organisational boundaries.",
    "A review of {topic} pathways found that {n}% of referrals could be seen closer to home.",
    "The quality and performance committee reviewed these figures in detail and sought assurance on {topic}.",
    "Residents told us in the spring engagement that {topic} should be easier to reach by public transport.",
    "The national guidance published this quarter changes how {topic} is commissioned from next April.",
]  # fmt: skip
PAPER_BULLETS = [
    "agree a shared specification for {topic} across all four places",
    "publish the {topic} dashboard with monthly data by place",
    "recruit {n} additional posts to the {topic} team",
    "complete the equality impact assessment for {topic}",
    "report progress on {topic} to the next meeting of the board",
    "align the {topic} contracts to a single end date",
]  # fmt: skip
RECOMMENDATIONS = [
    ("note", "the position on {topic} set out in this report"),
    ("approve", "the {topic} plan for 2026/27 and the trajectory in section 3"),
    ("endorse", "the approach to engagement with residents on {topic}"),
    ("agree", "that the {topic} group reports to the board every quarter"),
    ("discuss", "the risks to delivery of {topic} and the mitigations proposed"),
]  # fmt: skip


@dataclass
class OrganisationDraft:
    """One organisation before it is saved: the fields, its places, and the name of its successor."""

    name: str
    kind: str
    places: list[int]  # indexes into the system's four places
    successor: str | None = None
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def fingerprint_title(period: str) -> str:
    """What the dataset's SourceDocument is called; a dataset whose title differs is regenerated.

    It names the latest reporting period the status updates reach, so a new quarter regenerates the dataset
    and the reporting round keeps its realistic mix of milestones updated this quarter and still waiting.
    """
    return (
        f"Generated benchmark data (scale {SCALE}, seed {SEED}, generator v{GENERATOR_VERSION}, "
        f"status updates to {period})"
    )


def expected_counts() -> dict[str, int]:
    return {
        "places": 4 * SCALE,
        "organisations": 34 * SCALE,
        "plans": len(PLAN_SHAPES) * SCALE,
        "priorities": sum(len(shape.priorities) for shape in PLAN_SHAPES) * SCALE,
        "programmes": sum(len(programmes) for shape in PLAN_SHAPES for _, _, programmes in shape.priorities) * SCALE,
        "milestones": sum(
            milestones for shape in PLAN_SHAPES for _, _, programmes in shape.priorities for _, milestones in programmes
        )
        * SCALE,
        "risks": RISKS_PER_SYSTEM * SCALE,
        "boards": 1,
        "meetings": 1,
        "agenda items": len(PACK_AGENDA),
        "papers": sum(len(papers) for *_, papers in PACK_AGENDA),
        "attached PDFs": len(PACK_ANNEXES),
    }


def _counted_models() -> dict[str, type]:
    from governance.models import AgendaItem, AttachmentVersion, Board, Meeting, Paper
    from places.models import Organisation, Place
    from priorities.models import Milestone, Plan, Priority, Programme, Risk

    return {
        "places": Place,
        "organisations": Organisation,
        "plans": Plan,
        "priorities": Priority,
        "programmes": Programme,
        "milestones": Milestone,
        "risks": Risk,
        "boards": Board,
        "meetings": Meeting,
        "agenda items": AgendaItem,
        "papers": Paper,
        "attached PDFs": AttachmentVersion,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="where to write the sample slugs as JSON")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blmk_portal.settings")
    import django

    django.setup()
    refuse_unless_bench_database()
    refuse_unless_bench_media()
    summary = ensure_dataset()
    ensure_bench_user()
    samples = sample_slugs()
    args.output.write_text(json.dumps({"summary": summary, "samples": samples}, indent=2), encoding="utf-8")


def refuse_unless_bench_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if not str(name).endswith("_bench"):
        raise SystemExit(f"benchmarks.dataset flushes its database; refusing to touch {name!r} (not *_bench)")


def refuse_unless_bench_media() -> None:
    """The benchmark deletes files under MEDIA_ROOT (a stale dataset's, stored packs): never the demo data's."""
    from django.conf import settings

    if Path(settings.MEDIA_ROOT).name != BENCH_MEDIA:
        raise SystemExit(
            f"the benchmark deletes files under MEDIA_ROOT; refusing to touch {settings.MEDIA_ROOT} "
            f"(not */{BENCH_MEDIA})"
        )


def ensure_dataset() -> str:
    """Generate the dataset unless exactly this dataset is already there. Returns what it did, in words."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from blmk_portal.models import SourceDocument
    from priorities.period_rules import recent_periods

    today = timezone.localdate()
    periods = list(reversed(recent_periods(today, REPORTING_PERIODS)))  # oldest first
    title = fingerprint_title(periods[-1])
    counts = expected_counts()
    current = SourceDocument.objects.filter(key=FINGERPRINT_KEY).values_list("title", flat=True).first()
    # A dataset from before priorities existed, an older generator, a half-finished run or one whose attached
    # files were deleted fails one of these.
    if (
        current == title
        and all(model.objects.count() == counts[name] for name, model in _counted_models().items())
        and _attached_files_present()
    ):
        return f"reused: {_describe()}"
    # Anything else in the bench database (an older generator, a half-finished run) is thrown away, with its files.
    call_command("flush", interactive=False, verbosity=0)
    _empty_bench_media()
    rng = random.Random(SEED)
    with transaction.atomic():
        links = _generate(rng, title=title, periods=periods, today=today)
    # The planner's statistics, as a database has them some minutes after a bulk load (autovacuum): without them the
    # first run plans for empty tables (the public list's latest-status query took 250 ms instead of 13 ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return f"generated: {_describe()}, {links} place links"


def _describe() -> str:
    from priorities.models import StatusUpdate

    counts = {name: model.objects.count() for name, model in _counted_models().items()}
    counts["status updates"] = StatusUpdate.objects.count()
    order = ["places", "organisations", "plans", "priorities", "programmes", "milestones", "status updates", "risks"]
    return ", ".join(f"{counts[name]:,} {name}" for name in order) + (
        f", {counts['meetings']} board meeting for the PDF pack with {counts['agenda items']} agenda items, "
        f"{counts['papers']} papers and {counts['attached PDFs']} attached PDFs"
    )


def _attached_files_present() -> bool:
    from django.core.files.storage import default_storage

    from governance.models import AttachmentVersion

    return all(default_storage.exists(name) for name in AttachmentVersion.objects.values_list("file", flat=True))


def _empty_bench_media() -> None:
    """Delete every file under the benchmark's MEDIA_ROOT: a regenerated dataset's papers are new records."""
    import shutil

    from django.conf import settings

    refuse_unless_bench_media()
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        shutil.rmtree(root)


def _generate(rng: random.Random, *, title: str, periods: list[str], today: dt.date) -> int:
    """Everything, in one transaction. Returns how many place links (of organisations and of plans) it made."""
    from django.utils.text import slugify

    from blmk_portal.models import SourceDocument
    from places.models import Organisation, OrganisationPlace, Place

    source = SourceDocument.objects.create(key=FINGERPRINT_KEY, title=title, published="")
    names = _place_names(rng, 4 * SCALE)
    places = Place.objects.bulk_create(
        [
            Place(
                name=name,
                slug=slugify(name),
                population=rng.randrange(120, 320) * 1000,
                population_year=2015,
                population_source=(
                    "Mid-2015 population estimates from the Office for National Statistics (generated for the "
                    "benchmark; the real BLMK figures are in fixtures/places.json)."
                ),
                profile=_profile(rng, name),
                source=source,
            )
            for name in names
        ]
    )

    drafts: list[tuple[OrganisationDraft, list[Place]]] = []
    for system in range(SCALE):
        system_places = places[system * 4 : system * 4 + 4]
        for draft in _system_organisations(rng, system, [place.name for place in system_places]):
            drafts.append((draft, [system_places[index] for index in draft.places]))

    short_names: set[str] = set()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=draft.name,
                slug=slugify(draft.name),
                short_name=_short_name(draft.name, short_names),
                kind=draft.kind,
                website=f"https://www.{slugify(draft.name)}.example.org/" if rng.random() < 0.2 else "",
                active_from=draft.active_from,
                active_to=draft.active_to,
                source=source,
                source_quote="Generated for the benchmark",
            )
            for draft, _ in drafts
        ]
    )
    by_name = {organisation.name: organisation for organisation in organisations}
    retired = []
    for (draft, _), organisation in zip(drafts, organisations, strict=True):
        if draft.successor:
            organisation.succeeded_by = by_name[draft.successor]
            retired.append(organisation)
    Organisation.objects.bulk_update(retired, ["succeeded_by"])

    links = [
        OrganisationPlace(organisation=organisation, place=place)
        for (_, served), organisation in zip(drafts, organisations, strict=True)
        for place in served
    ]
    OrganisationPlace.objects.bulk_create(links)
    systems = [places[system * 4 : system * 4 + 4] for system in range(SCALE)]
    plan_links = _generate_priorities(rng, systems, source=source, periods=periods, today=today)
    _generate_meeting(rng, systems[0], source=source)
    return len(links) + plan_links


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(STEMS) + rng.choice(ENDINGS)
        if rng.random() < 0.25:
            name = f"{rng.choice(['North', 'South', 'East', 'West', 'Central'])} {name}"
        if name not in names:
            names.append(name)
    return names


def _profile(rng: random.Random, name: str) -> str:
    # About as long as the real profiles (200-300 characters), so pages carry a realistic amount of text.
    over_75 = rng.choice(["higher than average", "lower than average", "about the average"])
    gap = rng.randrange(4, 12)
    return (
        f"{name} – a population with a {over_75} number of people aged over 75. There is a {gap} year life "
        f"expectancy gap between women from the most and least deprived areas of {name}."
    )


def _system_organisations(rng: random.Random, system: int, names: list[str]) -> list[OrganisationDraft]:
    """The 34 organisations of one BLMK-shaped system, with the same kinds and successions as the real one."""
    a, b, c, d = names
    ended_on_record = system % 2 == 0  # the seeds often name a successor without a date: keep both cases
    icb = f"NHS {a}, {b}, {c} and {d} Integrated Care Board"
    merged_trust = f"{a} and {b} Hospitals NHS Foundation Trust"

    def some(*, at_least: int = 1) -> list[int]:
        return sorted(rng.sample(range(4), rng.randint(at_least, 4)))

    drafts = [OrganisationDraft(f"{name} Council", "council", [index]) for index, name in enumerate(names)]
    drafts += [
        OrganisationDraft(
            f"NHS {name} Clinical Commissioning Group",
            "ccg_icb",
            [index] if index < 2 else [2, 3],
            successor=icb,
            active_to=CCG_END if ended_on_record else None,
        )
        for index, name in enumerate([a, b, c])
    ]
    drafts.append(OrganisationDraft(icb, "ccg_icb", [0, 1, 2, 3], active_from=CCG_END + dt.timedelta(days=1)))
    drafts += [
        OrganisationDraft(
            f"{a} Hospital NHS Trust",
            "acute_trust",
            [0],
            successor=merged_trust,
            active_to=TRUST_MERGER_END if ended_on_record else None,
        ),
        OrganisationDraft(
            f"{b} University Hospital NHS Foundation Trust",
            "acute_trust",
            [1, 2],
            successor=merged_trust,
            active_to=TRUST_MERGER_END if ended_on_record else None,
        ),
        OrganisationDraft(merged_trust, "acute_trust", [0, 1, 2], active_from=TRUST_MERGER_END + dt.timedelta(days=1)),
        OrganisationDraft(f"{d} University Hospital NHS Foundation Trust", "acute_trust", [3]),
    ]
    drafts += [
        OrganisationDraft(f"{a} Community Health Services", "community_mental_health_trust", some()),
        OrganisationDraft(f"{c} Community Health Services", "community_mental_health_trust", some()),
        OrganisationDraft(f"{b} and {c} Partnership NHS Foundation Trust", "community_mental_health_trust", some()),
        OrganisationDraft(f"{d} Mental Health NHS Trust", "community_mental_health_trust", some()),
        OrganisationDraft(f"{a} and {d} Ambulance Service NHS Trust", "ambulance_trust", [0, 1, 2, 3]),
        OrganisationDraft(f"{c} Community Ambulance Service", "ambulance_trust", some(at_least=2)),
    ]
    drafts += [
        OrganisationDraft(f"{name} {area} Primary Care Network", "primary_care_network", [index])
        for index, name in enumerate(names)
        for area in ("North", "Central", "South")
    ]
    drafts += [
        OrganisationDraft(f"Healthwatch {a}", "healthwatch", [0]),
        OrganisationDraft(f"Healthwatch {c} and {d}", "healthwatch", [2, 3]),
        OrganisationDraft(f"{b} Council for Voluntary Service", "voluntary_sector", some()),
        OrganisationDraft(f"NHS England region {system + 1}", "regional_nhs", [0, 1, 2, 3]),
    ]
    return drafts


def _short_name(name: str, taken: set[str]) -> str:
    initials = "".join(word[0] for word in name.replace(",", "").split() if word[0].isalpha()).upper()
    short, suffix = initials, 1
    while short in taken:
        suffix += 1
        short = f"{initials}{suffix}"
    taken.add(short)
    return short


def _generate_priorities(rng: random.Random, systems: list[list], *, source, periods: list[str], today: dt.date) -> int:
    """Each system's copy of BLMK's plans, with status updates and risks. Returns how many place links it made."""
    from django.utils import timezone
    from django.utils.text import slugify

    from blmk_portal.publication import Status
    from priorities.models import Milestone, Plan, Priority, Programme, Risk, SignOff, StatusUpdate

    author = ensure_bench_user()
    plans, priorities, programmes, milestones = [], [], [], []
    # Parents are saved before children, level by level; these lists keep each child's parent index and places.
    priority_parent, programme_parent, milestone_parent = [], [], []
    priority_places, programme_places, milestone_places = [], [], []
    milestone_counts = []  # how many milestones each programme gets, from its shape
    for places in systems:
        names = [place.name for place in places]
        system_name = f"{', '.join(names[:3])} and {names[3]}"
        for shape_index, shape in enumerate(PLAN_SHAPES):
            plans.append(
                Plan(
                    slug=f"{places[0].slug}-{shape.slug}",
                    title=shape.title.format(system=system_name),
                    period=shape.period,
                    version_label=shape.version_label,
                    summary=_markdown(rng, rng.choice([340, 500, 570]), "the plan", names, system_name, 1),
                    published_on=rng.choice(["October 2016", "30th April 2018", "9 June 2021"]),
                    source=source,
                    order=shape_index + 1,
                    status=Status.PUBLISHED,
                    published_at=PUBLISHED_AT,
                )
            )
            front_line = rng.sample(FRONT_LINE_THEMES, len(FRONT_LINE_THEMES))
            enablers = rng.sample(ENABLER_THEMES, len(ENABLER_THEMES))
            for priority_order, (code, kind, programme_shapes) in enumerate(shape.priorities, start=1):
                theme = (front_line if kind == FRONT_LINE else enablers).pop()
                priority_parent.append(len(plans) - 1)
                priority_places.append(_some_places(rng, places, share=0.2))
                priorities.append(
                    Priority(
                        code=code,
                        slug=slugify(code),
                        title=theme,
                        kind=kind,
                        aim=_sentence(rng, theme.lower(), names, system_name) if rng.random() < 0.4 else "",
                        description=_markdown(
                            rng,
                            rng.choice([300, 500, 700, 800, 900, 1200, 1800, 2600, 3900]),
                            theme.lower(),
                            names,
                            system_name,
                        ),
                        senior_responsible_officer=_person(rng) if rng.random() < 0.25 else "",
                        lead=_person(rng) if rng.random() < 0.1 else "",
                        order=priority_order,
                        source_quote=_sentence(rng, theme.lower(), names, system_name)[:500],
                        status=Status.PUBLISHED,
                        published_at=PUBLISHED_AT,
                    )
                )
                topics = rng.sample(PROGRAMME_TOPICS, len(programme_shapes))
                for programme_order, ((programme_kind, count), topic) in enumerate(
                    zip(programme_shapes, topics, strict=True), start=1
                ):
                    programme_parent.append(len(priorities) - 1)
                    programme_places.append(_some_places(rng, places, share=0.3))
                    milestone_counts.append(count)
                    programmes.append(
                        Programme(
                            slug=slugify(topic)[:200],
                            title=topic,
                            kind=programme_kind,
                            lead=_person(rng) if rng.random() < 0.2 else "",
                            description=_markdown(
                                rng,
                                rng.choice([90, 250, 400, 530, 540, 700, 1000, 1500, 2400]),
                                topic.lower(),
                                names,
                                system_name,
                            ),
                            order=programme_order,
                            source_quote=_sentence(rng, topic.lower(), names, system_name)[:500],
                            status=Status.PUBLISHED,
                            published_at=PUBLISHED_AT,
                        )
                    )
                    for milestone_order in range(1, count + 1):
                        milestone_parent.append(len(programmes) - 1)
                        milestone_places.append(_some_places(rng, places, share=0.25))
                        milestones.append(
                            Milestone(
                                title=_milestone_title(rng, topic.lower(), names),
                                due_date=(dt.date(2018, rng.choice([6, 9, 12]), 30) if rng.random() < 0.1 else None),
                                quarter=rng.choice(MILESTONE_QUARTERS) if rng.random() < 0.65 else "",
                                order=milestone_order,
                            )
                        )

    # A few drafts: one whole plan, some priorities without programmes, some programmes without milestones
    # (which the public pages leave out, as they would real drafts).
    for plan in rng.sample([p for p in plans if p.slug.endswith("strategic-priorities-2021-22")], 1):
        _make_draft(plan)
    drafts = [
        p for p, parent in zip(priorities, priority_parent, strict=True) if not plans[parent].slug.endswith("2018-19")
    ]
    for priority in rng.sample(drafts, 6):
        _make_draft(priority)
    for programme in rng.sample([p for p, count in zip(programmes, milestone_counts, strict=True) if not count], 8):
        _make_draft(programme)

    Plan.objects.bulk_create(plans)
    for priority, parent in zip(priorities, priority_parent, strict=True):
        priority.plan = plans[parent]
    Priority.objects.bulk_create(priorities)
    for programme, parent in zip(programmes, programme_parent, strict=True):
        programme.priority = priorities[parent]
    Programme.objects.bulk_create(programmes)
    for milestone, parent in zip(milestones, milestone_parent, strict=True):
        milestone.programme = programmes[parent]
    Milestone.objects.bulk_create(milestones)

    links = 0
    for model, items, item_places, name in [
        (Priority, priorities, priority_places, "priority"),
        (Programme, programmes, programme_places, "programme"),
        (Milestone, milestones, milestone_places, "milestone"),
    ]:
        through = model.places.through
        rows = [
            through(**{name: item, "place": place})
            for item, chosen in zip(items, item_places, strict=True)
            for place in chosen
        ]
        through.objects.bulk_create(rows)
        links += len(rows)

    dated = [pair for milestone in milestones for pair in _status_updates(rng, milestone, author, periods, today)]
    updates = StatusUpdate.objects.bulk_create([update for update, _ in dated])
    # created_at is auto_now_add, so the insert stamped every update with now: date them within their periods.
    now = timezone.now()
    for update, created_at in dated:
        update.created_at = update.changed_at = min(created_at, now)
    StatusUpdate.objects.bulk_update(updates, ["created_at", "changed_at"], batch_size=1000)
    # Signed off, as a quarter run through the portal would be, so the public read them.
    SignOff.objects.bulk_create(
        SignOff(programme_id=programme, reporting_period=period, signed_off_as=SignOff.As.PROGRAMME_OFFICE, by=author)
        for programme, period in {(update.milestone.programme_id, update.reporting_period) for update in updates}
    )

    Risk.objects.bulk_create(_risks(rng, priorities, programmes, milestone_counts))
    return links


def _make_draft(item) -> None:
    from blmk_portal.publication import Status

    item.status, item.published_at = Status.DRAFT, None


def _some_places(rng: random.Random, places: list, *, share: float) -> list:
    """Most work is BLMK-wide (no places, as all of the real data); a share names one to three places."""
    return rng.sample(places, rng.randint(1, 3)) if rng.random() < share else []


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _sentence(rng: random.Random, topic: str, places: list[str], system: str) -> str:
    return rng.choice(DESCRIPTION_SENTENCES).format(topic=topic, place=rng.choice(places), system=system)


def _markdown(rng: random.Random, length: int, topic: str, places: list[str], system: str, sections: int = 4) -> str:
    """About `length` characters of Markdown: bold headings over short paragraphs, as the real descriptions."""
    headings = rng.sample(DESCRIPTION_HEADINGS, min(sections, len(DESCRIPTION_HEADINGS)))
    paragraphs: list[str] = []
    total = 0
    while total < length:
        heading = headings[len(paragraphs) % len(headings)]
        sentences = [_sentence(rng, topic, places, system) for _ in range(rng.randint(1, 3))]
        paragraph = (f"**{heading}**\n" if sections > 1 else "") + " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def _milestone_title(rng: random.Random, topic: str, places: list[str]) -> str:
    place, other = rng.sample(places, 2)
    scope = rng.choice(MILESTONE_SCOPES).format(place=place, other=other)
    title = f"{rng.choice(MILESTONE_VERBS)} {rng.choice(MILESTONE_OBJECTS).format(topic=topic)} {scope}".strip()
    if rng.random() < 0.3:  # a fifth of the real titles run past 120 characters
        title += f", reporting to the partnership board with a plan for the final stages of the {topic} programme"
    return title


def _period_start(period: str) -> dt.date:
    """The first day of a reporting period: "2026/27 Q3" starts on 1 October 2026."""
    year, quarter = int(period[:4]), int(period[-1])
    month = 4 + 3 * (quarter - 1)
    return dt.date(year + (month > 12), (month - 1) % 12 + 1, 1)


def _day_in(rng: random.Random, period: str, today: dt.date) -> dt.date:
    """A day in a reporting period, never after today."""
    start = _period_start(period)
    return start + dt.timedelta(days=rng.randrange(min(85, (today - start).days + 1)))


def _status_updates(
    rng: random.Random, milestone, author, periods: list[str], today: dt.date
) -> list[tuple[object, dt.datetime]]:
    """0 to 4 updates, oldest first, over the reporting periods, each with when it was made.

    The last one may say the milestone is complete (Blue). Red and Amber always have commentary.
    """
    from priorities.models import StatusUpdate

    count = rng.choices([0, 1, 2, 3, 4], weights=[20, 25, 25, 20, 10])[0]
    # One status per milestone per period (the database holds to it), so the periods are drawn without repeats.
    dated = sorted((_day_in(rng, period, today), period) for period in rng.sample(periods, k=min(count, len(periods))))
    updates = []
    for number, (day, period) in enumerate(dated, start=1):
        rag = rng.choices(["green", "amber", "red"], weights=[55, 30, 15])[0]
        if number == count and rng.random() < 0.12:
            rag = "blue"
        commentary = rng.choice(COMMENTARY[rag]).format(
            reason=rng.choice(DELAY_REASONS), quarter=rng.choice(MILESTONE_QUARTERS[:4])
        )
        update = StatusUpdate(
            milestone=milestone, rag=rag, commentary=commentary, reporting_period=period, author=author
        )
        created_at = dt.datetime.combine(day, dt.time(9 + rng.randrange(8), rng.randrange(60)), tzinfo=dt.UTC)
        updates.append((update, created_at))
    return updates


def _risks(rng: random.Random, priorities: list, programmes: list, milestone_counts: list[int]) -> list:
    """RISKS_PER_SYSTEM risks per system, on the busier priorities and programmes more often than the quiet ones."""
    from blmk_portal.publication import Audience
    from priorities.models import Risk

    per_system_priorities = len(priorities) // SCALE
    per_system_programmes = len(programmes) // SCALE
    risks = []
    for system in range(SCALE):
        system_priorities = priorities[system * per_system_priorities : (system + 1) * per_system_priorities]
        system_programmes = programmes[system * per_system_programmes : (system + 1) * per_system_programmes]
        counts = milestone_counts[system * per_system_programmes : (system + 1) * per_system_programmes]
        programme_weights = [1 + count for count in counts]
        priority_weights = [
            1 + sum(1 for programme in system_programmes if programme.priority is priority)
            for priority in system_priorities
        ]
        for _ in range(RISKS_PER_SYSTEM):
            if rng.random() < 0.5:
                programme = rng.choices(system_programmes, weights=programme_weights)[0]
                priority, topic = programme.priority, programme.title
            else:
                programme, priority = None, rng.choices(system_priorities, weights=priority_weights)[0]
                topic = priority.title
            inherent = (rng.randint(2, 5), rng.randint(2, 5))
            current = tuple(max(1, score - rng.randint(0, 2)) for score in inherent)
            target = tuple(max(1, score - rng.randint(0, 2)) for score in current)
            risks.append(
                Risk(
                    title=rng.choice(RISK_TITLES).format(topic=topic.lower())[:300],
                    description=f"If this happens, {topic.lower()} will not deliver what the plan promises.",
                    owner=_person(rng),
                    cause=rng.choice(DELAY_REASONS).capitalize() + ".",
                    effect="Delays to the programme's milestones and to the benefits residents were promised.",
                    inherent_likelihood=inherent[0],
                    inherent_consequence=inherent[1],
                    current_likelihood=current[0],
                    current_consequence=current[1],
                    target_likelihood=target[0],
                    target_consequence=target[1],
                    mitigations="Monthly review at the programme board; escalation to the senior responsible officer.",
                    review_date=dt.date(2027, rng.randint(1, 12), 1) if rng.random() < 0.8 else None,
                    state=Risk.State.OPEN if rng.random() < 0.85 else Risk.State.CLOSED,
                    priority=priority,
                    programme=programme,
                    audience=Audience.STAFF if rng.random() < 0.2 else Audience.PUBLIC,
                )
            )
    return risks


def _generate_meeting(rng: random.Random, places: list, *, source) -> None:
    """The first system's partnership board and one published meeting whose PDF pack runs to about 100 pages.

    Written through the governance services, as staff would make it, so the stored files are as uploads leave
    them. Every item and paper is public, so the public pack is the whole pack.
    """
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import SimpleUploadedFile

    from blmk_portal.pdf import render_pdf
    from blmk_portal.publication import Status
    from governance import services
    from governance.models import Board, Meeting, Paper
    from priorities.models import Priority

    by = ensure_bench_user()
    names = [place.name for place in places]
    system_name = f"{', '.join(names[:3])} and {names[3]}"
    board = services.board_create(
        values={
            "name": f"{names[0]} Health and Care Partnership Board",
            "kind": Board.Kind.PARTNERSHIP_BOARD,
            "period": "2021",
            "purpose": _markdown(rng, 600, "the partnership", names, system_name),
            "frequency": "Every two months",
            "usual_venue": "Via Microsoft Teams",
            "source": source,
        },
        by=by,
    )
    services.termsofreference_create(
        board=board,
        values={
            "version_number": "1.0",
            "approved": "April 2026",
            "purpose": _markdown(rng, 800, "the partnership", names, system_name),
            "quorum": "Half of the decision-making members, including one from the NHS and one from a council",
            "papers_due_days": 7,
        },
        by=by,
    )
    meeting = services.meeting_create(
        board=board,
        values={
            "date": PACK_MEETING_DATE,
            "start": dt.time(14, 0),
            "end": dt.time(17, 0),
            "venue": "Via Microsoft Teams",
            "state": Meeting.State.HELD,
            "heading_as_printed": f"Health and Care Partnership Board for {system_name}",
            "status": Status.PUBLISHED,
            "published_at": PUBLISHED_AT,  # two months before the meeting: its papers are not late
            "source": source,
        },
        by=by,
    )
    # Cover sheets link papers to the system's published priorities, as the 2021 papers do.
    priorities = list(
        Priority.objects.visible_to(AnonymousUser())
        .filter(plan__slug__startswith=f"{places[0].slug}-")
        .order_by("plan__order", "order")
    )
    annexes = {paper_title: (title, pages) for paper_title, title, pages in PACK_ANNEXES}
    number = 0
    for position, (title, descriptor, leads, minutes, purpose, standing, paper_titles) in enumerate(PACK_AGENDA, 1):
        item = services.agendaitem_create(
            meeting=meeting,
            values={
                "title": title,
                "descriptor": descriptor,
                "leads": leads,
                "minutes": minutes,
                "purpose": purpose,
                "standing": standing,
            },
            by=by,
        )
        for paper_title in paper_titles:
            number += 1
            topic = paper_title.lower()
            paper = services.paper_create(
                meeting=meeting,
                values={
                    "reference": f"Paper {number}",
                    "title": paper_title,
                    "items": [item],
                    "item_as_printed": str(position),
                    "sro_name": _person(rng),
                    "sro_title": rng.choice(["Chief Executive", "Chief Finance Officer", "Director of Strategy"]),
                    "author_name": _person(rng),
                    "author_title": rng.choice(["Programme Director", "Head of Performance", "Senior Manager"]),
                    "purposes": rng.sample([choice.value for choice in Paper.CoverPurpose], rng.randint(1, 2)),
                    "summary": _markdown(rng, 700, topic, names, system_name, 1),
                    "priorities_link": _sentence(rng, topic, names, system_name),
                    "inequalities": _markdown(rng, 500, topic, names, system_name, 1),
                    "risks": "\n".join(f"- {rng.choice(RISK_TITLES).format(topic=topic)}" for _ in range(3)),
                    "document_history": f"Discussed at the {topic} group in May 2026.",
                    "appendices": annexes[paper_title][0] if paper_title in annexes else "",
                    "body": _paper_body(rng, topic, names, system_name),
                    "priorities": rng.sample(priorities, 2),
                },
                by=by,
            )
            for verb, text in rng.sample(RECOMMENDATIONS, rng.randint(2, 3)):
                services.recommendation_create(
                    paper=paper, values={"verb": verb, "text": text.format(topic=topic)}, by=by
                )
            if paper_title in annexes:
                annex_title, pages = annexes[paper_title]
                upload = SimpleUploadedFile(
                    f"{annex_title.split(':')[0]}.pdf", render_pdf(_annex_html(rng, annex_title, pages))
                )
                upload.kind = "pdf"  # what the upload check makes of a PDF (blmk_portal/uploads.py)
                services.attachment_create(paper=paper, values={"title": annex_title, "file": upload}, by=by)


def _paper_body(rng: random.Random, topic: str, places: list[str], system: str) -> str:
    """About PAPER_BODY_LENGTH characters of Markdown as board papers are written: numbered sections of
    paragraphs, a list of actions, and a table of figures."""

    def sentence() -> str:
        template = rng.choice(PAPER_SENTENCES + DESCRIPTION_SENTENCES)
        return template.format(topic=topic, place=rng.choice(places), system=system, n=rng.randint(2, 40))

    sections, total, number = [], 0, 0
    while total < PAPER_BODY_LENGTH:
        number += 1
        heading = PAPER_SECTIONS[(number - 1) % len(PAPER_SECTIONS)]
        blocks = [f"## {number}. {heading}"]
        for _ in range(rng.randint(2, 4)):
            blocks.append(" ".join(sentence() for _ in range(rng.randint(3, 6))))
        if number % 3 == 0:
            blocks.append("Partners have agreed to:")
            blocks.append(
                "\n".join(
                    f"- {rng.choice(PAPER_BULLETS).format(topic=topic, n=rng.randint(2, 12))}"
                    for _ in range(rng.randint(4, 6))
                )
            )
        if number % 4 == 0:
            blocks.append(_figures_table(rng, places))
        section = "\n\n".join(blocks)
        sections.append(section)
        total += len(section) + 2
    return "\n\n".join(sections)


def _figures_table(rng: random.Random, places: list[str]) -> str:
    rows = ["| Place | Plan | Actual | Variance | Trend |", "|---|--:|--:|--:|---|"]
    for place in [*places, "System total"]:
        plan = rng.randint(800, 9000)
        actual = plan + rng.randint(-600, 600)
        rows.append(
            f"| {place} | {plan:,} | {actual:,} | {actual - plan:+,} | {rng.choice(['Better', 'Same', 'Worse'])} |"
        )
    return "\n".join(rows)


def _annex_html(rng: random.Random, title: str, pages: int) -> str:
    """An annex as partners send them: a page of figures per section, made into a PDF once."""
    sections = []
    for page in range(1, pages + 1):
        rows = "".join(
            f"<tr><td>Measure {page}.{row}</td>"
            + "".join(f"<td>{rng.randint(100, 9999):,}</td>" for _ in range(5))
            + "</tr>"
            for row in range(1, 23)
        )
        sections.append(
            f'<section style="break-after: page"><h2>{title}, table {page}</h2><table><thead><tr><th>Measure</th>'
            + "".join(f"<th>Month {month}</th>" for month in range(1, 6))
            + f"</tr></thead><tbody>{rows}</tbody></table></section>"
        )
    return f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>{''.join(sections)}</body></html>"


def ensure_bench_user():
    """A programme-office user with no password: the benchmark signs it in with a session, never a form."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from blmk_portal.roles import PROGRAMME_OFFICE_GROUP

    user, created = get_user_model().objects.get_or_create(email=BENCH_USER_EMAIL, defaults={"first_name": "Benchmark"})
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0])
    return user


def sample_slugs() -> dict[str, str]:
    """The records the detail pages show: the heaviest ones, so the benchmark measures the costlier case."""
    from django.db.models import Count, Q

    from places.models import Organisation, Place

    # A place page says "Until succeeded by ..." for each organisation retired with no end date, as the real
    # CCGs and hospital trusts were: prefer the place with most of those, then the one with most organisations.
    undated_successions = Count(
        "organisations",
        filter=Q(organisations__succeeded_by__isnull=False, organisations__active_to__isnull=True),
    )
    place = (
        Place.objects.annotate(undated=undated_successions, links=Count("organisations"))
        .order_by("-undated", "-links", "slug")
        .first()
    )
    organisation = (
        Organisation.objects.annotate(formed_from=Count("predecessors")).order_by("-formed_from", "slug").first()
    )
    assert place is not None and organisation is not None, "the dataset is empty"
    return {
        "place": place.slug,
        "organisation": organisation.slug,
        **_priority_samples(),
        **_meeting_samples(),
    }


def _meeting_samples() -> dict[str, str]:
    """The public meeting with the most papers: the one whose PDF pack benchmarks/packs.py builds."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count

    from governance.models import Meeting

    meeting = (
        Meeting.objects.visible_to(AnonymousUser())
        .annotate(paper_count=Count("papers"))
        .order_by("-paper_count", "date")
        .select_related("board")
        .first()
    )
    assert meeting is not None, "the dataset has no published meeting"
    return {"board": meeting.board.slug, "meeting": meeting.date.isoformat()}


def _priority_samples() -> dict[str, str]:
    """The published priority and programme with the most to show: milestones and their status updates."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count, F, Q

    from blmk_portal.publication import Status
    from priorities.models import Priority, Programme

    public = AnonymousUser()
    # The public priority page shows each published programme's milestones with every update.
    published = Q(programmes__status=Status.PUBLISHED)
    priority = (
        Priority.objects.visible_to(public)
        .annotate(
            milestone_count=Count("programmes__milestones", filter=published, distinct=True),
            update_count=Count("programmes__milestones__updates", filter=published, distinct=True),
        )
        .order_by(-(F("milestone_count") + F("update_count")), "plan__slug", "slug")
        .select_related("plan")
        .first()
    )
    # The staff programme page has a card per milestone; the highlight report lists them and the risks.
    programme = (
        Programme.objects.visible_to(public)
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            update_count=Count("milestones__updates", distinct=True),
            risk_count=Count("risks", distinct=True),
        )
        .order_by(-(F("milestone_count") + F("update_count")), "-risk_count", "priority__plan__slug", "slug")
        .select_related("priority__plan")
        .first()
    )
    assert priority is not None and programme is not None, "the dataset has no published priorities"
    return {
        "plan": priority.plan.slug,
        "priority": priority.slug,
        "programme_plan": programme.priority.plan.slug,
        "programme_priority": programme.priority.slug,
        "programme": programme.slug,
    }


if __name__ == "__main__":
    main()
