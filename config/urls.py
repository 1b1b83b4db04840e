from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("双创示范基地指标管理")
admin.site.site_title = _("双创示范基地指标管理")
admin.site.index_title = _("数据填报与管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("platforms/", include("platforms.urls")),
    path("projects/", include("projects.urls")),
    path("reports/", include("reports.urls")),
    path("", include("indicators.urls")),
]
