from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .forms import ReportOptionsForm
from .models import ReportSource
from .services import report_export
from .workbook import ReportScope

EXPORT_PERMISSION = "indicators.export_report"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename, content):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    # The header FileResponse writes: RFC 5987 encoding for the Chinese file name.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def user_label(user):
    return user.get_full_name() or user.get_username()


@login_required
def download(request):
    """The audit workbook for ?year=2023, or every year without it (审计, 领导, administrators)."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    form = ReportOptionsForm(request.GET)
    if not form.is_valid():
        message = "；".join(form.errors["year"])
        return HttpResponseBadRequest(
            _("无法导出报表：%(message)s") % {"message": message},
            content_type="text/plain; charset=utf-8",
        )
    scope = ReportScope(year=form.cleaned_data["year"])
    filename, content = report_export(
        scope, source=ReportSource.WEB, user=request.user, generated_by=user_label(request.user)
    )
    return xlsx_response(filename, content)
