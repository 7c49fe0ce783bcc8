from django.urls import include, path

urlpatterns = [path("", include("jixiao.web.routes", namespace="jixiao"))]
