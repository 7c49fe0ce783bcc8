from django.urls import include, path

urlpatterns = [
    path("", include("jixiao.web.routes", namespace="jixiao")),
    path("", include("jixiao.web.accounts", namespace="accounts")),  # 动态口令, 密码, 用户管理
    path("declarations/", include("jixiao.web.declarations.urls", namespace="declarations")),
    path("monitoring/", include("jixiao.web.monitoring.urls", namespace="monitoring")),
    path("rectification/", include("jixiao.web.rectification.urls", namespace="rectification")),
    path("results/", include("jixiao.web.results.urls", namespace="results")),
]

# Chinese pages in the site's layout instead of Django's English defaults (DEBUG off).
handler400 = "jixiao.web.errors.bad_request"
handler403 = "jixiao.web.errors.permission_denied"
handler404 = "jixiao.web.errors.page_not_found"
handler500 = "jixiao.web.errors.server_error"
