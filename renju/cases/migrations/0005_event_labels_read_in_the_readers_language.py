"""Case events of the reporter without a name and of the system kept their label as the words
of that moment's language ("报告人", "系统"); they are now kept empty and named when read."""

from django.db import migrations

# Every form those words were written in (the Chinese catalogue's and the English source's).
WRITTEN_LABELS = ["报告人", "系统", "reporter", "system"]


def blank_written_labels(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    CaseEvent.objects.filter(actor__isnull=True, actor_label__in=WRITTEN_LABELS).update(
        actor_label=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_notification_template"),
    ]

    operations = [
        migrations.RunPython(blank_written_labels, migrations.RunPython.noop, elidable=True),
    ]
