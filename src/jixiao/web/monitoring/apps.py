from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jixiao.web.monitoring"
    label = "monitoring"
    verbose_name = "运行监控"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        pass
