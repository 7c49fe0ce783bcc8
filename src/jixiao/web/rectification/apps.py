from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "jixiao.web.rectification"
    label = "rectification"
    verbose_name = "整改"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        from .. import stages
        from ..models import ADMIN, ENTITY
        from .cycle import todo_items
        from .demo import demo_step
        from .items import on_finalised

        stages.nav("整改", "rectification:list", ADMIN, ENTITY)
        stages.panel("rectification:panel")
        stages.todo(todo_items)
        stages.demo(30, demo_step)
        stages.finalised.connect(on_finalised, dispatch_uid="rectification.items")
