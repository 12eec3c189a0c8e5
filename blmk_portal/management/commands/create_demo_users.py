import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from blmk_portal import contributions
from blmk_portal.roles import PROGRAMME_OFFICE_GROUP


class Command(BaseCommand):
    help = (
        "Create the two demo sign-ins for a local demonstration (make run only; never in production): "
        "office@example.org (programme office) and member@example.org (a Partnership Board member)."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or "blmk-demo-portal"
        User = get_user_model()

        office, _ = User.objects.get_or_create(
            email="office@example.org", defaults={"first_name": "Demo", "last_name": "Programme Office"}
        )
        office.set_password(password)
        office.save()
        office.groups.add(Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0])

        member, _ = User.objects.get_or_create(
            email="member@example.org", defaults={"first_name": "Demo", "last_name": "Board Member"}
        )
        member.set_password(password)
        member.save()
        board = contributions.seat_demo_member(member)

        self.stdout.write("Demo sign-ins (password from DEMO_PASSWORD):")
        self.stdout.write(f"  office@example.org  programme office    password: {password}")
        self.stdout.write(f"  member@example.org  member of the {board}    password: {password}")
