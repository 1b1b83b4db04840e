"""Printing a document the way an office does: LibreOffice converts it to PDF, poppler's
tools read the PDF back. scripts/ensure-office.sh (run by `make test`) installs both."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TOOLS = ("soffice", "pdfinfo", "pdftotext", "pdffonts")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
needs_office = pytest.mark.skipif(
    bool(MISSING),
    reason=f"LibreOffice/poppler missing ({', '.join(MISSING)}): run scripts/ensure-office.sh",
)


def to_pdf(document: Path) -> Path:
    """`document` converted by headless LibreOffice, with a throwaway profile; the PDF lands
    beside it. Raises if LibreOffice fails or writes nothing."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(document.parent),
                str(document),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdf = document.with_suffix(".pdf")
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {document.name}"
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info.stdout, re.M).groups()
    return float(width), float(height)


def pages_text(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[: page_count(pdf)]


def fonts(pdf: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
