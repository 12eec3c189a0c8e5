"""The dashboards app's staff records: indicators (their figures come by upload, see imports.py)."""

from __future__ import annotations

from blmk_portal.records import Record, Section
from dashboards import services
from dashboards.forms import ChangePointForm, IndicatorForm
from dashboards.models import ChangePoint, Indicator

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
    overview="dashboards.views.manage.indicator_overview",
    form_kwargs=lambda item, parent: {"item": item},
    new_initial=lambda parent: {
        "direction": Indicator.Direction.HIGHER,
        "frequency": Indicator.Frequency.MONTHLY,
        "decimals": 1,
        "tolerance_kind": Indicator.Tolerance.ABSOLUTE,
        "tolerance": 0,
    },
)

CHANGE_POINT = Record(
    model=ChangePoint,
    form=ChangePointForm,
    prefix="manage/dashboards/change-points/",
    section=DASHBOARDS,
    noun="change point",
    parent=INDICATOR,
    new_word="new-change-point",
    heading=lambda change: f"Change from {change.period:%B %Y}",
    caption=lambda change: change.indicator.name,
    create=services.changepoint_create,
    update=services.changepoint_update,
    remove=services.changepoint_remove,
    after_save=lambda change: change.indicator.get_manage_url(),
    form_kwargs=lambda item, parent: {"item": item},
    related=("area__place", "area__organisation"),
    edit_note="The SPC chart works out its mean and limits afresh from this month on.",
)
