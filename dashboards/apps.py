from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from blmk_portal import contributions
        from dashboards import records  # noqa: F401  (declares the staff records, so models know their staff pages)
        from dashboards.loading import load_dashboards

        contributions.register_loader("dashboards", load_dashboards)
