# A 定稿 is signed (web/signing.py): the manifest it froze and its HMAC. Older 定稿 keep
# both blank and are shown as 未签名（旧版定稿）: a migration cannot vouch for them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jixiao', '0006_audit_append_only'),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluation',
            name='final_manifest',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='evaluation',
            name='final_signature',
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
