from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "jixiao.web.results"
    label = "results"
    verbose_name = "结果应用"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        pass
