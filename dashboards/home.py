"""What dashboards puts on the home page: a few headline indicators for BLMK as a whole, each with its latest
figure, its RAG in words and its Making Data Count variation and assurance, as the dashboard shows them.
Read as the public reads them (see blmk_portal.contributions.HomePanel), in at most six queries."""

from __future__ import annotations

from django.utils import timezone

from blmk_portal.feeds import ANYONE
from dashboards import dashboard, presenters
from dashboards.models import Indicator

# The NHS's headline waiting-time standards, which residents meet first: A&E, planned treatment (referral to
# treatment in 18 weeks), cancer (62 days) and diagnostic tests (6 weeks). Those not published are left out.
HEADLINE = ("AE4HR", "RTT18", "CANC62", "DM01")


def headline_indicators() -> dict:
    found = {indicator.code: indicator for indicator in Indicator.objects.visible_to(ANYONE).filter(code__in=HEADLINE)}
    chosen = [found[code] for code in HEADLINE if code in found]
    area = dashboard.area_for({})
    rows = dashboard.rows(chosen, area, today=timezone.localdate()) if chosen else []
    return {"area_name": dashboard.area_name({}), "rows": [presenters.dashboard_cells(row) for row in rows]}
