from django.db import migrations

# The tagged items of a tag, each with the kind and id of what it tags, read
# from the index alone: search looks up the articles of the tags a query
# names (taggit's own index on tag_id alone reads every row from the table).
INDEX = "articles_taggeditem_by_tag"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_author_by_person_index"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON taggit_taggeditem "
            "(tag_id, content_type_id, object_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
