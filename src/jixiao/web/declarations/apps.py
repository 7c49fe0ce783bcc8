"""目标申报: a stage of the budget-performance cycle, a Django app of its own (see web/stages.py)."""
from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "jixiao.web.declarations"
    label = "declarations"
    verbose_name = "目标申报"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        from .. import stages
        from ..models import ADMIN, ENTITY
        from .cycle import todo_items
        from .demo import demo_step

        stages.nav("目标申报", "declarations:list", ADMIN, ENTITY)
        stages.nav("指标库", "declarations:library", ADMIN, ENTITY)
        stages.panel("declarations:panel")
        stages.todo(todo_items)
        stages.demo(10, demo_step)
