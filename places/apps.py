from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "places"

    def ready(self) -> None:
        from blmk_portal import contributions, open_data
        from places import records, search  # noqa: F401  (they declare staff records and what search finds)
        from places.loading import load_places
        from places.open_data import DATASETS
        from places.presenters import awaiting_staff

        contributions.register_section(
            contributions.Section(
                position=2,
                title="Places",
                url_name="places:place_list",
                summary=_summary,
                manage_url_name="places:manage_index",
                manage_title="Places and organisations",
                manage_summary="Edit the four places' profiles and populations; add, edit and retire partner "
                "organisations.",
                awaiting=awaiting_staff,
            )
        )
        contributions.register_loader("places", load_places)
        open_data.register(*DATASETS)


def _summary() -> str:
    from places.models import Organisation

    return (
        "Bedford Borough, Central Bedfordshire, Luton and Milton Keynes, and the "
        f"{Organisation.objects.active().count()} partner organisations that serve them."
    )
