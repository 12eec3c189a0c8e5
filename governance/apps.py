from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self) -> None:
        from blmk_portal import alerts, contributions, open_data, reminders, roles
        from governance import records, search  # noqa: F401  (they declare staff records and what search finds)
        from governance.actions import action_reminders
        from governance.alerts import board_changes, board_topic
        from governance.home import latest_papers_and_decisions, next_meeting
        from governance.loading import load_governance
        from governance.open_data import DATASETS
        from governance.seats import boards_of, describe_seats, seat_demo_member
        from governance.thread import meetings_concerning

        roles.register_board_seats(seats=boards_of, describe=describe_seats)
        reminders.register_source(reminders.Source("actions", action_reminders))
        alerts.register_topic_kind(alerts.TopicKind("board", board_topic, board_changes))
        contributions.register_section(
            contributions.Section(
                position=3,
                title="Boards",
                url_name="governance:board_list",
                summary=lambda: (
                    "The boards, committees and groups of the partnership, who reports to whom, their "
                    "terms of reference and their members."
                ),
                manage_url_name="governance:manage_index",
                manage_title="Boards and people",
                manage_summary="Boards and their reporting lines, terms of reference, seats and who holds them; the "
                "people named in the papers.",
            )
        )
        contributions.register_loader("governance", load_governance)
        contributions.register_demo_member(seat_demo_member)
        contributions.register_thread(meetings_concerning)
        contributions.register_home_panel(
            contributions.HomePanel(position=10, template="governance/home_next_meeting.jinja", read=next_meeting)
        )
        contributions.register_home_panel(
            contributions.HomePanel(
                position=20, template="governance/home_latest.jinja", read=latest_papers_and_decisions
            )
        )
        open_data.register(*DATASETS)
