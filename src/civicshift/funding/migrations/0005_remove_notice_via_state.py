""" "Through the state" now lives on the program (0004 copied it), and the notice's link to its
program gets its index. A migration of its own: on PostgreSQL, DDL on the notice table cannot
share a transaction with 0004's data changes (pending deferred-constraint trigger events)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_program"),
    ]

    operations = [
        migrations.RemoveField(model_name="fundingnotice", name="via_state"),
        migrations.AddIndex(
            model_name="fundingnotice",
            index=models.Index(fields=["program"], name="funding_notice_program_idx"),
        ),
    ]
