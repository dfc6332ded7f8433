from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("indexing", "0001_initial"),
        ("search", "0002_outbox_moved_to_indexing"),
    ]

    operations = [
        migrations.AlterModelTable(name="indexoutbox", table=None),
    ]
