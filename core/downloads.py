"""File downloads: the one way the site sends a generated .xlsx or .docx."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def xlsx_response(filename, content, content_type=XLSX_CONTENT_TYPE):
    """`content` (bytes) as an attachment named `filename` (Chinese names allowed)."""
    response = HttpResponse(content, content_type=content_type)
    # The header FileResponse writes: RFC 5987 encoding for a non-ASCII file name.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
