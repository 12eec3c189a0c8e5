"""The benchmark's dataset: ten times BLMK's real volume, generated, in the benchmark's own database.

BLMK today has 4 places and 34 partner organisations (fixtures/places.json). The generator builds ten
"systems" shaped like BLMK: each has 4 places and the same 34 kinds of organisation (councils, CCGs replaced
by one ICB, hospital trusts of which two merged, community and mental health trusts, ambulance services,
12 primary care networks, Healthwatch, a voluntary body, a regional NHS office). That gives 40 places and
340 organisations, each serving 1 to 4 places of its own system, 50 of them retired with a successor.

Run with the benchmark's environment (benchmarks/run.py does this):
    python -m benchmarks.dataset --output samples.json
It refuses any database whose name does not end in "_bench", because a stale dataset is flushed.
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
GENERATOR_VERSION = 1
FINGERPRINT_KEY = "benchmark-dataset"
FINGERPRINT_TITLE = f"Generated benchmark data (scale {SCALE}, seed {SEED}, generator v{GENERATOR_VERSION})"

BENCH_USER_EMAIL = "bench-office@example.org"

# Place names are made from these, so they read like English towns and never collide with the real four.
STEMS = [
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gran", "Hart", "Ivel", "Kings", "Lang", "Mar", "Nor", "Oak",
    "Pen", "Quen", "Ray", "Sand", "Thorn", "Wal", "Wex", "Yar", "Brack", "Cold", "Stan", "Whit",
]  # fmt: skip
ENDINGS = ["ford", "ton", "ley", "bury", "field", "ham", "wick", "stead", "borough", "well"]

CCG_END = dt.date(2022, 6, 30)  # CCGs closed and ICBs took over on 1 July 2022
TRUST_MERGER_END = dt.date(2020, 3, 31)


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


def expected_counts() -> dict[str, int]:
    return {"places": 4 * SCALE, "organisations": 34 * SCALE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="where to write the sample slugs as JSON")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blmk_portal.settings")
    import django

    django.setup()
    _refuse_unless_bench_database()
    summary = ensure_dataset()
    ensure_bench_user()
    samples = sample_slugs()
    args.output.write_text(json.dumps({"summary": summary, "samples": samples}, indent=2), encoding="utf-8")


def _refuse_unless_bench_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if not str(name).endswith("_bench"):
        raise SystemExit(f"benchmarks.dataset flushes its database; refusing to touch {name!r} (not *_bench)")


def ensure_dataset() -> str:
    """Generate the dataset unless exactly this dataset is already there. Returns what it did, in words."""
    from django.core.management import call_command
    from django.db import transaction

    from blmk_portal.models import SourceDocument
    from places.models import Organisation, Place

    counts = expected_counts()
    current = SourceDocument.objects.filter(key=FINGERPRINT_KEY).values_list("title", flat=True).first()
    if (
        current == FINGERPRINT_TITLE
        and Place.objects.count() == counts["places"]
        and Organisation.objects.count() == counts["organisations"]
    ):
        return f"reused: {counts['places']} places, {counts['organisations']} organisations"
    # Anything else in the bench database (an older generator, a half-finished run) is thrown away.
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(SEED)
    with transaction.atomic():
        links = _generate(rng)
    return f"generated: {counts['places']} places, {counts['organisations']} organisations, {links} place links"


def _generate(rng: random.Random) -> int:
    from django.utils.text import slugify

    from blmk_portal.models import SourceDocument
    from places.models import Organisation, OrganisationPlace, Place

    source = SourceDocument.objects.create(key=FINGERPRINT_KEY, title=FINGERPRINT_TITLE, published="")
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
    return len(links)


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
    return {"place": place.slug, "organisation": organisation.slug}


if __name__ == "__main__":
    main()
