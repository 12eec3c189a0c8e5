from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "blmk_portal"
    verbose_name = "BLMK portal"

    def ready(self) -> None:
        from blmk_portal import roles  # noqa: F401  (registers the permission rules)
