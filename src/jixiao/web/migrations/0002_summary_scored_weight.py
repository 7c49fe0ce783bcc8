# The share of weight scored, so that lists show a provisional total as 暂定（已评分权重10/100） without scoring again.

from django.db import migrations, models


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
    ]
