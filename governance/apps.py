from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self) -> None:
        from blmk_portal import contributions, roles
        from governance import seats
        from governance.loading import load_governance

        roles.register_board_seats(seats=seats.boards_of, describe=seats.describe_seats)
        contributions.register_loader("governance", load_governance)
        contributions.register_demo_member(seats.seat_demo_member)
