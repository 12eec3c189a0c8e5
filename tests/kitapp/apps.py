from django.apps import AppConfig


class KitappConfig(AppConfig):
    """A record type made for the kit's tests: a declaration and its templates, nothing else."""

    name = "tests.kitapp"
    label = "kitapp"

    def ready(self) -> None:
        from tests.kitapp import records  # noqa: F401  (declares the staff records)
