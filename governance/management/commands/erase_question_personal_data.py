import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.questions import questions_erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase the email address, and any name withheld from publication, of each public question whose retention "
        "period is over: PUBLIC_QUESTION_RETENTION_DAYS after its answer (or the reason it was declined) was "
        "emailed, or after its meeting if none was (docs/adr/0026-public-questions.md). Run it daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="The day to erase as at, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError("Give the date as YYYY-MM-DD") from error
        erased = questions_erase_personal_data(today=today)
        days = settings.PUBLIC_QUESTION_RETENTION_DAYS
        self.stdout.write(f"Public questions: personal data erased from {erased} (kept {days} days)")
