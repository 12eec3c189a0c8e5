import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from blmk_portal.alerts import send_alert_digests
from blmk_portal.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each person their reminders (actions due in the next 7 days or overdue, and whatever else apps "
        "register), at most once a day, and each confirmed email alert address its digest of what was published "
        "(docs/adr/0025-email-alerts.md). Run it daily (docs/deployment.md); running it again the same day sends "
        "nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="The day to remind as at, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError("Give the date as YYYY-MM-DD") from error
        sent = send_reminders(today)
        self.stdout.write(f"Reminders: {len(sent.emailed)} emailed, {len(sent.already)} already reminded today")
        digests = send_alert_digests()
        self.stdout.write(
            f"Alert digests: {len(digests.emailed)} sent, {len(digests.already)} already sent today; "
            f"{digests.unconfirmed_removed} unconfirmed subscriptions deleted"
        )
