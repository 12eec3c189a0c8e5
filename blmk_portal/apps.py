from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "blmk_portal"
    verbose_name = "BLMK portal"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from blmk_portal import generation, roles, search  # noqa: F401  (roles registers the permission rules)

        generation.track_content()
        post_migrate.connect(search.install_triggers, sender=self, dispatch_uid="search_triggers")
