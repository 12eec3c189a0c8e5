"""The dashboards app's staff records: indicators (their figures come by upload, see imports.py)."""

from __future__ import annotations

from django.urls import reverse

from blmk_portal.records import Record, Section
from dashboards import services
from dashboards.forms import IndicatorForm
from dashboards.models import Indicator

DASHBOARDS = Section("Dashboards", "dashboards:manage_index")

INDICATOR = Record(
    model=Indicator,
    form=IndicatorForm,
    prefix="manage/dashboards/indicators/",
    section=DASHBOARDS,
    noun="indicator",
    caption=lambda indicator: f"Indicator {indicator.code}",
    create=services.indicator_create,
    update=services.indicator_update,
    after_save=lambda indicator: reverse("dashboards:manage_index"),
    form_kwargs=lambda item, parent: {"item": item},
    new_initial=lambda parent: {
        "direction": Indicator.Direction.HIGHER,
        "frequency": Indicator.Frequency.MONTHLY,
        "decimals": 1,
        "tolerance_kind": Indicator.Tolerance.ABSOLUTE,
        "tolerance": 0,
    },
)
