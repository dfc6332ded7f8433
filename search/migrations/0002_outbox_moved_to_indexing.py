# The outbox belongs to the indexing app now (indexing/migrations/0001): only the state moves; the table is
# kept for indexing, which renames it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
        ("indexing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="IndexOutbox")]),
    ]
