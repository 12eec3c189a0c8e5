from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from governance.loading import load_governance
from places.loading import load_places
from priorities.loading import load_priorities


class Command(BaseCommand):
    help = "Load the BLMK reference data from fixtures/ (quoted from the seed documents). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        tally: Counter = Counter()
        load_places(tally)
        load_governance(tally)
        load_priorities(tally)
        summary = ", ".join(f"{count} {what}" for what, count in sorted(tally.items())) or "nothing changed"
        self.stdout.write(f"BLMK data loaded: {summary}")
