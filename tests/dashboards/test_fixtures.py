"""The seed indicators and figures, as printed: the 2017 STP Progress Dashboard (JHOSC pack, 16 July 2018) and
the 2021 recovery dashboards (Paper 7 of the 9 June 2021 Partnership Board pack), each with its source."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from blmk_portal.models import SourceDocument
from dashboards.models import Area, Indicator, Kind, Point

pytestmark = pytest.mark.django_db

JHOSC, PACK = "jhosc-pack-2018-07-16", "partnership-board-pack-2021-06-09"


def point(code: str, area: str, period: str, kind: str = Kind.ACTUAL) -> Point:
    points = Point.objects.select_related("source", "area__organisation").filter(
        indicator__code=code, kind=kind, period=dt.date.fromisoformat(f"{period}-01")
    )
    return next(p for p in points if p.area.code == area)


def test_the_2017_stp_progress_dashboard_is_loaded_as_printed(blmk_data):
    codes = ["AE4HR", "RTT18", "CANC62", "EARLYDX", "IAPTREC", "EIP2WK", "GPACCESS", "MRSA100K", "CDIFF100K"]
    codes += ["DTOC", "EMSPELLS"]
    assert set(codes) <= set(Indicator.objects.values_list("code", flat=True))
    expected = {
        ("AE4HR", "2017-07"): Decimal("95.10"),
        ("AE4HR", "2017-09"): Decimal("94.14"),
        ("RTT18", "2017-09"): Decimal("91.80"),
        ("CANC62", "2017-09"): Decimal("82.91"),
        ("EARLYDX", "2017-09"): Decimal("54.70"),
        ("IAPTREC", "2017-08"): Decimal("49.08"),
        ("EIP2WK", "2017-09"): Decimal("91.06"),
        ("GPACCESS", "2017-07"): Decimal("13.00"),
        ("MRSA100K", "2017-07"): Decimal("0.6"),
        ("CDIFF100K", "2017-07"): Decimal("5.5"),
        ("DTOC", "2017-07"): Decimal("3636"),
        ("EMSPELLS", "2017-09"): Decimal("110"),
    }
    for (code, period), value in expected.items():
        loaded = point(code, "BLMK", period)
        assert (loaded.value, loaded.source.key) == (value, JHOSC), code
    assert point("AE4HR", "BLMK", "2017-09", Kind.TARGET).value == Decimal("95.00")
    assert point("MRSA100K", "BLMK", "2017-09").printed == "1 STP Ave. p/6 m"
    assert point("GPACCESS", "BLMK", "2019-03", Kind.TARGET).printed == "100% by end of 2018/19"
    # The July IAPT figure was printed as words with no number: it is not made up.
    assert not Point.objects.filter(indicator__code="IAPTREC", period=dt.date(2017, 7, 1), kind=Kind.ACTUAL).exists()
    assert Indicator.objects.get(code="EARLYDX").frequency == Indicator.Frequency.ANNUAL


def test_the_2021_dashboards_are_loaded_with_their_notes_plans_and_targets(blmk_data):
    # CCG dashboard (Bedfordshire, Luton, MK CCGs and BLMK), March 2021.
    assert [point("RTT52", area, "2021-03").value for area in ("BCCG", "LCCG", "MK CCG", "BLMK")] == [
        Decimal(n) for n in ("2438", "805", "1200", "4443")
    ]
    assert point("AMBC1", "BCCG", "2021-03").value == 6 * 60 + 5  # 6:05, kept in seconds
    assert point("AMBC1", "BCCG", "2021-03", Kind.TARGET).value == 7 * 60
    assert point("MSA", "BCCG", "2020-02").note == "collection_suspended"
    assert point("CANC62", "BLMK", "2021-03").note == "unvalidated"  # cancer from October 2020 is unvalidated
    assert point("CANC62", "BLMK", "2020-09").note == ""
    assert point("CPA72", "BCCG", "2020-08").note == "not_reported"  # printed #N/A
    # Acute providers: NP, Not Reporting, and the one A&E figure.
    assert point("CWT31RADIO", "MKUH", "2021-03").note == "no_patients"
    assert point("AE4HR", "MKUH", "2021-03").value == Decimal("90.29")
    assert point("AE4HR", "Bedfordshire Hospitals", "2021-03").note == "not_reported"
    # "Cancer data for Bedford Hospital and Luton & Dunstable Hospital shows February performance"
    assert point("CANC62", "L&D", "2021-02").value == Decimal("74.51")
    # The monthly plan against actual: 52+ week waits and GP referrals (Phase 3 plan from September 2020).
    assert point("RTT52", "BLMK", "2021-03", Kind.PLAN).value == Decimal("2319")
    assert point("GPREF", "BLMK", "2020-09", Kind.PLAN).value == Decimal("16109")
    assert point("GPREF", "BLMK", "2020-09").value == Decimal("11526")
    assert not Point.objects.filter(indicator__code="GPREF", kind=Kind.PLAN, period=dt.date(2020, 8, 1)).exists()
    assert point("IAPTINTX", "BLMK", "2021-02", Kind.PLAN).value == Decimal("10.35")
    assert point("RTT18", "BLMK", "2021-03").source.key == PACK


def test_every_figure_has_its_source_and_every_indicator_is_published(blmk_data):
    assert not Point.objects.filter(source__isnull=True).exists()
    assert set(Point.objects.values_list("source__key", flat=True)) == {JHOSC, PACK}
    assert not Indicator.objects.exclude(status="published").exists()
    assert not Indicator.objects.filter(source__isnull=True).exists()
    assert set(Area.objects.values_list("kind", flat=True)) == {"system", "organisation"}


def test_loading_again_changes_nothing_and_keeps_staff_edits(blmk_data):
    indicator = Indicator.objects.get(code="AE4HR")
    Indicator.objects.filter(pk=indicator.pk).update(name="A&E four hours")
    Point.objects.filter(indicator=indicator).update(value=Decimal("1"))
    counts = (Indicator.objects.count(), Point.objects.count(), Area.objects.count(), SourceDocument.objects.count())
    out = io.StringIO()
    call_command("load_blmk_data", stdout=out)
    assert out.getvalue().strip() == "BLMK data loaded: nothing changed"
    assert Indicator.objects.get(code="AE4HR").name == "A&E four hours"
    assert set(Point.objects.filter(indicator=indicator).values_list("value", flat=True)) == {Decimal("1")}
    assert (
        Indicator.objects.count(),
        Point.objects.count(),
        Area.objects.count(),
        SourceDocument.objects.count(),
    ) == counts
