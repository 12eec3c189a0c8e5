import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from blmk_portal.roles import PROGRAMME_OFFICE_GROUP
from governance.models import Board, Membership, Person

DEMO_BOARD = "partnership-board"


class Command(BaseCommand):
    help = (
        "Create the two demo sign-ins for a local demonstration (make run only; never in production): "
        "office@example.org (programme office) and member@example.org (a Partnership Board member)."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or "blmk-demo-portal"
        User = get_user_model()

        office, _ = User.objects.get_or_create(email="office@example.org", defaults={"first_name": "Demo"})
        office.set_password(password)
        office.save()
        office.groups.add(Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0])

        member, _ = User.objects.get_or_create(email="member@example.org", defaults={"first_name": "Demo"})
        member.set_password(password)
        member.save()
        person, _ = Person.objects.get_or_create(
            user=member, defaults={"name": "Demo board member", "role_title": "Board member (demonstration)"}
        )
        board = Board.objects.get(slug=DEMO_BOARD)
        Membership.objects.get_or_create(board=board, person=person, defaults={"role": "Member"})

        self.stdout.write("Demo sign-ins (password from DEMO_PASSWORD):")
        self.stdout.write(f"  office@example.org  programme office    password: {password}")
        self.stdout.write(f"  member@example.org  member of the {board.name}    password: {password}")
