# Written by hand for blmk_portal/search.py (see docs/adr/0022-search-index-marked-stale-by-triggers.md).

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.utils.timezone
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# One function for every searchable table: each table's trigger passes the kind and the SQL that finds, from the
# changed row (as JSON, $1), the ids of that kind's records whose text it holds. The old row counts too, so a
# row moved away from a record (or deleted) marks the record it left.
MARK_STALE = """
CREATE OR REPLACE FUNCTION blmk_portal_search_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format(
            'INSERT INTO blmk_portal_searchstale (kind, object_id) SELECT %L, id FROM (%s) AS ids(id) '
            'WHERE id IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[1]
        ) USING to_jsonb(NEW);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format(
            'INSERT INTO blmk_portal_searchstale (kind, object_id) SELECT %L, id FROM (%s) AS ids(id) '
            'WHERE id IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[1]
        ) USING to_jsonb(OLD);
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("blmk_portal", "0006_alert_subscriptions"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(help_text="A registered kind's key, e.g. paper", max_length=40)),
                ("object_id", models.BigIntegerField()),
                ("title", models.CharField(max_length=1000)),
                (
                    "text",
                    models.TextField(help_text="Title, summary and body as plain text, for the highlighted extract"),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(fields=["document"], name="search_entry_document"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("object_id", "kind"), name="one_search_entry_a_record")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchStale",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=40)),
                ("object_id", models.BigIntegerField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="one_stale_mark_a_record")]
            },
        ),
        migrations.CreateModel(
            name="FileText",
            fields=[
                ("sha256", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("text", models.TextField(blank=True)),
                ("read_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunSQL(MARK_STALE, reverse_sql="DROP FUNCTION blmk_portal_search_mark_stale() CASCADE"),
        # Did you mean: titles with a word like one asked for, found through their trigrams (search.did_you_mean).
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS search_entry_title_trigrams ON blmk_portal_searchentry "
            "USING gin (title gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS search_entry_title_trigrams",
        ),
    ]
