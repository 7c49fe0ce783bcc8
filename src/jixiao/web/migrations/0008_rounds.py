# 自评 rounds (web/rounds_models.py): the round, the files uploaded into it, and one row per form with its review.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jixiao', '0007_final_signature'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Round',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.IntegerField(verbose_name='年度')),
                ('name', models.CharField(max_length=200, verbose_name='名称')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='截止日期')),
                ('status', models.CharField(choices=[('open', '进行中'), ('closed', '已结束')], default='open', max_length=20, verbose_name='状态')),
                ('projects', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('bureau', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='jixiao.organisation')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('departments', models.ManyToManyField(blank=True, related_name='scoped_rounds', to='jixiao.organisation')),
            ],
            options={
                'ordering': ['-year', '-id'],
            },
        ),
        migrations.CreateModel(
            name='RoundFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stored_name', models.CharField(max_length=80, unique=True)),
                ('original_name', models.CharField(max_length=255)),
                ('size', models.BigIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('review', models.CharField(choices=[('none', '未复核'), ('queued', '复核中'), ('done', '已复核'), ('failed', '复核失败')], default='none', max_length=20)),
                ('error', models.TextField(blank=True)),
                ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jixiao.organisation')),
                ('job', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='jixiao.job')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='jixiao.round')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='RoundForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('department_name', models.CharField(blank=True, max_length=200, verbose_name='单位')),
                ('position', models.PositiveIntegerField(default=0)),
                ('label', models.CharField(blank=True, max_length=300, verbose_name='项目')),
                ('sheet', models.CharField(blank=True, max_length=200)),
                ('layout', models.CharField(blank=True, max_length=100)),
                ('status', models.CharField(choices=[('missing', '未提交'), ('submitted', '已提交'), ('errors', '有错误'), ('returned', '已退回'), ('confirmed', '已确认')], default='missing', max_length=20, verbose_name='状态')),
                ('self_total', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True)),
                ('review_total', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True)),
                ('difference', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True)),
                ('grade', models.CharField(blank=True, max_length=10)),
                ('weight', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True)),
                ('scored_weight', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True)),
                ('provisional', models.BooleanField(default=False)),
                ('error_count', models.IntegerField(default=0)),
                ('warning_count', models.IntegerField(default=0)),
                ('problems', models.JSONField(default=list)),
                ('note', models.TextField(blank=True, verbose_name='退回说明')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='round_forms', to='jixiao.organisation')),
                ('file', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='forms', to='jixiao.roundfile')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forms', to='jixiao.round')),
            ],
            options={
                'ordering': ['id'],
                'indexes': [models.Index(fields=['round', 'status', 'id'], name='roundform_status'), models.Index(fields=['round', 'department', 'id'], name='roundform_own'), models.Index(fields=['round', 'department_name', 'id'], name='roundform_department'), models.Index(fields=['round', 'self_total', 'id'], name='roundform_self_total'), models.Index(fields=['round', 'review_total', 'id'], name='roundform_review_total'), models.Index(fields=['round', 'difference', 'id'], name='roundform_difference'), models.Index(fields=['round', 'error_count', 'id'], name='roundform_errors'), models.Index(fields=['round', 'warning_count', 'id'], name='roundform_warnings')],
            },
        ),
    ]
