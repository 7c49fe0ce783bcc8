# The share of weight scored, so that lists show a provisional total as 暂定（已评分权重10/100） without scoring again.

from django.db import migrations, models


def fill_scored_weight(apps, schema_editor):
    """Summaries saved before this field: scored again once, from the revision they were made from."""
    from jixiao.web.documents import analysis_of_text

    ScoreSummary = apps.get_model("jixiao", "ScoreSummary")
    Revision = apps.get_model("jixiao", "Revision")
    for s in ScoreSummary.objects.filter(scored_weight__isnull=True, total__isnull=False):
        rev = Revision.objects.filter(evaluation_id=s.evaluation_id, number=s.revision).first()
        headline = analysis_of_text(rev.text)[1].headline if rev and analysis_of_text(rev.text)[1] else None
        if headline is not None:
            s.weight, s.scored_weight, s.provisional = headline.weight, headline.scored_weight, headline.provisional
            s.save(update_fields=["weight", "scored_weight", "provisional"])


class Migration(migrations.Migration):

    dependencies = [
        ('jixiao', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='scoresummary',
            name='scored_weight',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True),
        ),
        migrations.RunPython(fill_scored_weight, migrations.RunPython.noop),
    ]
