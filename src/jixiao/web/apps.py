from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jixiao.web"
    label = "jixiao"
    verbose_name = "绩效评价工作台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Job kinds register themselves on import; the task worker imports only jobs.py.
        from . import rounds_forms, rounds_review  # noqa: F401
        from . import stages
        from .year_demo import demo_step

        # the demo department's 自评表 in the 2024 round, between 运行监控 (20) and 整改 (30)
        stages.demo(25, demo_step)
