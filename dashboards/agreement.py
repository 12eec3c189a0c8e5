"""Where the plan and the statistics disagree, for a set of programmes: each programme's reported status (its
overall status, as its pages show it) against the latest BLMK statistics of each indicator linked to it, flagged
by `agreement_rules`. A fixed number of queries however many programmes and indicators.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from blmk_portal.rag import Rag, rag_tag
from dashboards import agreement_rules, readings
from dashboards.models import Indicator, IndicatorProgramme
from dashboards.performance_report import Line, line_of, system_area
from priorities.models import Programme
from priorities.presenters import overall_status
from priorities.queries import latest_rags_by_programme


@dataclass(frozen=True)
class Flag:
    """A programme and one of its indicators whose readings disagree, both readings kept for showing side by side."""

    programme: Programme
    reported: Rag
    statistics: Line
    disagreement: agreement_rules.Disagreement

    @property
    def reported_tag(self) -> dict[str, str]:
        return rag_tag(self.reported)


def flags_for_programmes(programmes: Sequence[Programme], user, *, today: dt.date) -> dict[int, list[Flag]]:
    """The disagreements of each programme (by pk) that has any, over the indicators `user` may see. At most six
    queries: who the reader is, the links, the system area, the figures, the change points and the milestones'
    statuses."""
    programmes = list(programmes)
    links = list(
        IndicatorProgramme.objects.filter(
            programme__in=programmes, indicator__in=Indicator.objects.visible_to(user)
        ).select_related("indicator")
    )
    area = system_area() if links else None
    if area is None:
        return {}
    indicators = list({link.indicator_id: link.indicator for link in links}.values())
    series = readings.read(indicators, today=today, areas=[area])
    rags = latest_rags_by_programme(programmes, user)
    by_pk = {programme.pk: programme for programme in programmes}
    flags: dict[int, list[Flag]] = defaultdict(list)
    for link in sorted(links, key=lambda link: (link.indicator.name, link.indicator_id)):
        found = series.get((link.indicator_id, area.pk))
        if found is None:
            continue
        programme = by_pk[link.programme_id]
        reported = overall_status(programme, rags.get(programme.pk, [])).effective
        line = line_of(found)
        disagreement = agreement_rules.disagreement(reported, line.variation, line.assurance)
        if disagreement is not None:
            flags[programme.pk].append(Flag(programme, reported, line, disagreement))
    return dict(flags)
