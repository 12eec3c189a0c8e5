"""What dashboards gives the portal's search (blmk_portal/search.py): indicators."""

from __future__ import annotations

from blmk_portal import search
from blmk_portal.search import Kind, lines
from dashboards.models import Indicator

search.register(
    Kind(
        key="indicator",
        label="Indicator",
        plural="Indicators",
        model=Indicator,
        title=lambda indicator: indicator.name,
        summary=lambda indicator: lines(indicator.code, indicator.definition),
        body=lambda indicator: lines(indicator.data_source, indicator.owner),
    )
)
