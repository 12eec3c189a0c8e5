"""`manage.py import_returns FILE`: the staff upload, from the shell. A file with any bad row saves nothing, lists
every bad row on standard error and exits with status 1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboards import imports


class Command(BaseCommand):
    help = (
        "Import returns from a CSV or XLSX file with the header indicator,area,period,value,plan,target,note "
        "(plan, target and note optional). All or nothing: any bad row saves nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--preview", action="store_true", help="Check the file and say what it would change, without saving"
        )

    def handle(self, *args, file: Path, preview: bool, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        checked = imports.check_file(file.name, data)
        if not checked.ok:
            for error in checked.errors:
                self.stderr.write(f"Row {error.row}: {error.message}" if error.row else error.message)
            raise CommandError(f"{file.name}: {len(checked.errors)} bad rows; nothing was saved")
        batch = imports.start(file_name=file.name, checked=checked, by=None)
        shown = imports.preview(batch)
        summary = f"{len(shown.added)} new values, {len(shown.changed)} changed, {shown.unchanged} already held"
        if preview or not (shown.added or shown.changed):
            for change in shown.changed:
                self.stdout.write(
                    f"{change.code} {change.area_code} {change.period:%Y-%m} {change.kind_label.lower()}: "
                    f"{change.old_value} -> {change.new_value}"
                )
            batch.delete()
            if preview:
                self.stdout.write(f"{file.name} would give {summary}; nothing was saved")
            else:
                self.stdout.write(f"{file.name} holds only figures held already ({summary}); nothing was saved")
            return
        batch = imports.commit(batch=batch, seen=shown.fingerprint, by=None)
        self.stdout.write(f"Import {batch.pk} committed from {file.name}: {summary}")
