from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "blmk_portal"
    verbose_name = "BLMK portal"

    def ready(self) -> None:
        from blmk_portal import generation, roles  # noqa: F401  (roles registers the permission rules)

        generation.track_content()
