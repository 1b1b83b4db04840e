from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.accounts import PasswordChangeView

admin.site.site_header = _("双创示范基地指标管理")
admin.site.site_title = _("双创示范基地指标管理")
admin.site.index_title = _("数据填报与管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    # Not django.contrib.auth.urls: its password reset by e-mail is left out on purpose
    # (an intranet site without mail; a system administrator resets passwords).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        PasswordChangeView.as_view(),  # the old-password check is throttled
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("audit.urls")),
    path("plans/", include("planning.urls")),
    path("reporting/", include("reporting.urls")),
    path("notices/", include("notices.urls")),
    # The public site: anonymous, cached, rate-limited (public/http.py).
    path("public/", include("public.urls")),
    path("", include("dashboard.urls")),
]

# The site's own error pages (templates/403.html, 404.html, 500.html, 403_csrf.html).
handler404 = "core.errors.page_not_found"
