# The audit log becomes a hash chain per bureau (web/audit.py): each row gets its bureau,
# request id, place in the chain and SHA-256s; rows written before are chained in the
# order they were written. Adds the 审计管理员 role.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from jixiao.web.audit import chain_key, content_of, digest

    AuditEntry = apps.get_model("jixiao", "AuditEntry")
    AuditChain = apps.get_model("jixiao", "AuditChain")
    Evaluation = apps.get_model("jixiao", "Evaluation")
    Profile = apps.get_model("jixiao", "Profile")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    evaluations = dict(Evaluation.objects.values_list("pk", "bureau_id"))
    people = {}
    for user_id, org_id, bureau_id, kind in Profile.objects.values_list(
            "user_id", "organisation_id", "organisation__bureau_id", "organisation__kind"):
        people[user_id] = bureau_id or (org_id if kind == "bureau" else None)
    by_name = {name: people.get(pk) for pk, name in User.objects.values_list("pk", "username")}
    heads = {}
    for e in AuditEntry.objects.order_by("at", "id").iterator():
        bureau = evaluations.get(e.evaluation_id_ref) or (people.get(e.user_id) if e.user_id else by_name.get(e.username))
        length, prev = heads.get(bureau, (0, ""))
        e.organisation_id, e.seq, e.prev_hash = bureau, length + 1, prev
        e.hash = digest(prev, content_of(e))
        e.save(update_fields=["organisation", "seq", "prev_hash", "hash"])
        heads[bureau] = (e.seq, e.hash)
    for bureau, (length, head) in heads.items():
        AuditChain.objects.create(key=chain_key(bureau), organisation_id=bureau, length=length, head=head)


class Migration(migrations.Migration):

    dependencies = [
        ('jixiao', '0004_password_records'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=40, unique=True)),
                ('length', models.PositiveBigIntegerField(default=0)),
                ('head', models.CharField(blank=True, max_length=64)),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jixiao.organisation')),
            ],
        ),
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': ['-at', '-id']},
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jixiao.organisation'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='request_id',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='profile',
            name='role',
            field=models.CharField(choices=[('admin', '财政局管理员'), ('evaluator', '评价人员'), ('reviewer', '质控人员'), ('entity', '被评价单位填报人'), ('auditor', '审计管理员')], max_length=20, verbose_name='角色'),
        ),
        # Schema first, rows after: the constraints and the trigger come in 0006, in a
        # transaction of their own (PostgreSQL will not alter a table with pending row events).
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
