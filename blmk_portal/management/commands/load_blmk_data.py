from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from blmk_portal import contributions, search


class Command(BaseCommand):
    help = "Load the BLMK reference data from fixtures/ (quoted from the seed documents). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        tally: Counter = Counter()
        # Each app's loader, in the order apps are installed: places before the plans that cover them.
        for _name, load in contributions.loaders():
            load(tally)
        # The search index is written afresh from what was loaded, so a first search finds it all at once.
        search.rebuild()
        summary = ", ".join(f"{count} {what}" for what, count in sorted(tally.items())) or "nothing changed"
        self.stdout.write(f"BLMK data loaded: {summary}")
