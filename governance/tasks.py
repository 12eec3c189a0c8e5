"""Background work of the governance app, run by the task worker (`manage.py db_worker`): building packs.

Tasks are kept in PostgreSQL (django-tasks with its database backend), so a build survives a restart and any
worker can take it. See docs/adr/0005-packs-built-in-the-background.md.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django_tasks import task

from governance.models import PackEdition
from governance.pack_pdf import build_pack_pdf, pack_key
from governance.packs import pack_for


@task()
def build_pack(edition_id: int, reader_id: int | None) -> None:
    """Build an edition of a pack as the reader who asked for it may read it (the public's, or a member's)."""
    edition = PackEdition.objects.select_related("meeting__board").get(pk=edition_id)
    reader = get_user_model().objects.filter(pk=reader_id).first() or AnonymousUser()
    pack = pack_for(edition.meeting, reader)
    editions = PackEdition.objects.filter(pk=edition_id)
    if pack_key(pack) != edition.key:
        # The papers changed while it waited: nobody can be given this edition. The next request makes a new one.
        editions.update(state=PackEdition.State.FAILED)
        return
    try:
        name, pages = build_pack_pdf(
            pack, edition.key, lambda done, total: editions.update(parts_done=done, parts_total=total)
        )
    except Exception:
        editions.update(state=PackEdition.State.FAILED)
        raise
    editions.update(state=PackEdition.State.READY, file=name, pages=pages, built_at=timezone.now())
