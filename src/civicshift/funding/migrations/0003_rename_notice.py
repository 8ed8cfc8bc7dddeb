"""The table that held programs and notices together becomes the notice table
(``FundingNotice``); the programs get a table of their own in 0004 and are split out in 0005
(docs/decisions.md, "Funding programs kept apart from their notices")."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_program_via_state"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="fundingprogram", name="funding_program_unique_in_org"
        ),
        migrations.RemoveConstraint(
            model_name="fundingprogram", name="funding_program_unique_shared"
        ),
        migrations.RenameModel(old_name="FundingProgram", new_name="FundingNotice"),
        migrations.RenameField(model_name="fundingchange", old_name="program", new_name="notice"),
        migrations.AlterField(
            model_name="fundingchange",
            name="notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="changes",
                to="funding.fundingnotice",
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingnotice",
            constraint=models.UniqueConstraint(
                condition=Q(organization__isnull=False),
                fields=("organization", "opportunity_id"),
                name="funding_notice_unique_in_org",
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingnotice",
            constraint=models.UniqueConstraint(
                condition=Q(organization__isnull=True),
                fields=("opportunity_id",),
                name="funding_notice_unique_shared",
            ),
        ),
    ]
