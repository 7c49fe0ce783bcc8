"""运行监控: a stage of the budget-performance cycle, a Django app of its own (see web/stages.py)."""
from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jixiao.web.monitoring"
    label = "monitoring"
    verbose_name = "运行监控"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        from .. import stages
        from ..models import ADMIN, ENTITY
        from .cycle import todo_items
        from .demo import demo_step

        stages.nav("运行监控", "monitoring:dashboard", ADMIN, ENTITY)
        stages.panel("monitoring:panel")
        stages.todo(todo_items)
        stages.demo(20, demo_step)
