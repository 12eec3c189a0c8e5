from django.core.management.base import BaseCommand

from blmk_portal import search


class Command(BaseCommand):
    help = "Write the search index afresh from every searchable record (after a bulk load that went round the portal)."

    def handle(self, *args, **options) -> None:
        count = search.rebuild()
        self.stdout.write(f"Search index rebuilt: {count:,} entries")
