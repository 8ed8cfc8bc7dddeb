"""The full-text search index of the initiative list, on PostgreSQL only.

SQLite has no GIN index or text-search vector; there the list searches with LIKE and the model
state still records the index, so ``makemigrations`` stays quiet on both databases.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_case_insensitive_names"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="initiative",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector(
                    "title", "problem_statement", "proposed_solution", config="simple"
                ),
                name="initiative_search",
            ),
        ),
    ]
