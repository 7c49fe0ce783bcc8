"""结果应用: a stage of the budget-performance cycle, a Django app of its own (see web/stages.py)."""
from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "jixiao.web.results"
    label = "results"
    verbose_name = "结果应用"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        from .. import stages
        from ..models import ADMIN
        from . import jobs  # noqa: F401  (registers the stage's job kinds for the worker)
        from .demo import demo_step

        stages.nav("结果应用", "results:page", ADMIN)
        stages.panel("results:panel")
        stages.demo(40, demo_step)
