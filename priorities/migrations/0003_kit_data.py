"""Data moved between the two halves of the kit's schema change: PostgreSQL will not alter a table in the
same transaction as rows of it were changed, so this runs on its own."""

from django.db import migrations


def risks_onto_audiences_and_priorities(apps, schema_editor):
    """Confidential risks become programme-office-only; a risk names its priority, even when it was linked to
    a programme only (its programme's priority). History rows get the same, so they read as the record did."""
    for name in ("Risk", "RiskEvent"):
        model = apps.get_model("priorities", name)
        model.objects.filter(confidential=True).update(audience="staff")
        for row in model.objects.filter(priority__isnull=True, programme__isnull=False).select_related("programme"):
            model.objects.filter(pk=row.pk).update(priority_id=row.programme.priority_id)


def risks_back_to_confidential(apps, schema_editor):
    for name in ("Risk", "RiskEvent"):
        apps.get_model("priorities", name).objects.filter(audience="staff").update(confidential=True)


def copy_places_to_tracked_links(apps, schema_editor):
    """The places already chosen move into the tracked link tables (before their history triggers exist:
    nobody added them now, so no history is invented)."""
    for owner, link in (("Priority", "PriorityPlace"), ("Programme", "ProgrammePlace"), ("Milestone", "MilestonePlace")):
        old = apps.get_model("priorities", owner).places.through
        new = apps.get_model("priorities", link)
        key = owner.lower()
        new.objects.bulk_create(
            [new(**{f"{key}_id": getattr(row, f"{key}_id"), "place_id": row.place_id}) for row in old.objects.all()]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('priorities', '0002_kit'),
    ]

    operations = [
        migrations.RunPython(risks_onto_audiences_and_priorities, risks_back_to_confidential),
        migrations.RunPython(copy_places_to_tracked_links, migrations.RunPython.noop),
    ]
