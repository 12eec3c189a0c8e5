from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"

    def ready(self) -> None:
        from blmk_portal import alerts, contributions, open_data, reminders
        from priorities import records, search  # noqa: F401  (they declare staff records and what search finds)
        from priorities.alerts import priority_changes, priority_topic
        from priorities.home import current_priorities
        from priorities.loading import load_priorities
        from priorities.open_data import DATASETS
        from priorities.place_parts import plan_parts
        from priorities.reminders import milestone_reminders

        reminders.register_source(reminders.Source("milestones", milestone_reminders))
        alerts.register_topic_kind(alerts.TopicKind("priority", priority_topic, priority_changes))

        contributions.register_section(
            contributions.Section(
                position=1,
                title="Priorities",
                url_name="priorities:priority_list",
                summary=lambda: (
                    "The partnership's plans and priorities, what each aims to do and how delivery is going."
                ),
                manage_url_name="priorities:manage_index",
                manage_title="Plans and priorities",
                manage_summary="Plans, priorities, programmes and milestones; the quarterly reporting round; risks "
                "and the risk matrix.",
            )
        )
        contributions.register_loader("priorities", load_priorities)
        contributions.register_plan_parts(plan_parts)
        contributions.register_home_panel(
            contributions.HomePanel(position=30, template="priorities/home_priorities.jinja", read=current_priorities)
        )
        open_data.register(*DATASETS)
