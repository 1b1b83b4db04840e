"""File downloads: the one way the site sends a generated .xlsx."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename, content):
    """`content` (bytes) as an attachment named `filename` (Chinese names allowed)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    # The header FileResponse writes: RFC 5987 encoding for a non-ASCII file name.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
