from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "jixiao.web.declarations"
    label = "declarations"
    verbose_name = "目标申报"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What the shared workspace shows of this stage is registered in web/stages.py.
        pass
