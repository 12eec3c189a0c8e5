from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from blmk_portal import contributions, open_data
        from dashboards import records, search  # noqa: F401  (they declare staff records and what search finds)
        from dashboards.home import headline_indicators
        from dashboards.loading import load_dashboards
        from dashboards.open_data import DATASETS

        contributions.register_section(
            contributions.Section(
                position=4,
                title="Dashboards",
                url_name="dashboards:dashboard",
                summary=_summary,
                manage_url_name="dashboards:manage_index",
                manage_title="Indicators and returns",
                manage_summary="Add and publish indicators; upload returns, check them, commit and roll them back.",
            )
        )
        contributions.register_loader("dashboards", load_dashboards)
        contributions.register_home_panel(
            contributions.HomePanel(position=40, template="dashboards/home_indicators.jinja", read=headline_indicators)
        )
        open_data.register(*DATASETS)


def _summary() -> str:
    from django.contrib.auth.models import AnonymousUser

    from dashboards.models import Indicator

    # The home page is the public's: its count is of what the public sees.
    count = Indicator.objects.visible_to(AnonymousUser()).count()
    return (
        f"How the partnership is doing against its plans: {count} indicators, each with its latest figure, its RAG "
        "against plan and what its variation says, for BLMK and each place."
    )
