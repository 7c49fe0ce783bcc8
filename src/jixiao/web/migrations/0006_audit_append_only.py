# One row per place in a chain; on PostgreSQL a trigger refuses UPDATE and DELETE on the
# audit log, whoever sends them (the ORM refuses them on every database: models.py).

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION jixiao_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加：不允许对 jixiao_auditentry 执行 %', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER jixiao_audit_append_only BEFORE UPDATE OR DELETE ON jixiao_auditentry
FOR EACH ROW EXECUTE FUNCTION jixiao_audit_append_only()
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)  # its % is PL/pgSQL's, not a placeholder
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS jixiao_audit_append_only ON jixiao_auditentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS jixiao_audit_append_only()")


class Migration(migrations.Migration):

    dependencies = [
        ('jixiao', '0005_audit_chain'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(fields=('organisation', 'seq'), name='audit_seq_unique_per_bureau'),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(condition=models.Q(('organisation__isnull', True)), fields=('seq',), name='audit_seq_unique_system'),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
