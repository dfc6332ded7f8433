# The outbox moves here from the search app: its table is taken over as it is (state only), then renamed
# (0002), so pending events survive the upgrade.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IndexOutbox",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("page_id", models.BigIntegerField(db_index=True,
                                                           help_text="Wagtail page id (one per locale).")),
                        ("reason", models.CharField(max_length=20)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("next_attempt_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                        ("done_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                    ],
                    options={
                        "ordering": ["id"],
                        "db_table": "search_indexoutbox",
                        "indexes": [models.Index(fields=["done_at", "next_attempt_at"], name="outbox_pending_idx")],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name="DrainLease",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("holder", models.CharField(blank=True, max_length=64)),
                ("expires_at", models.DateTimeField()),
            ],
        ),
    ]
