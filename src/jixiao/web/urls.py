from django.urls import include, path

urlpatterns = [path("", include("jixiao.web.routes", namespace="jixiao"))]

# Chinese pages in the site's layout instead of Django's English defaults (DEBUG off).
handler400 = "jixiao.web.views.bad_request"
handler403 = "jixiao.web.views.permission_denied"
handler404 = "jixiao.web.views.page_not_found"
handler500 = "jixiao.web.views.server_error"
