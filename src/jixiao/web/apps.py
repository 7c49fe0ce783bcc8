from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jixiao.web"
    label = "jixiao"
    verbose_name = "绩效评价工作台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Job kinds register themselves on import; the task worker imports only jobs.py.
        from . import rounds_forms, rounds_review  # noqa: F401
