#!/usr/bin/env bash
# The print tests convert the audit workbook and the evaluation report to PDF with a real
# office suite (LibreOffice, headless) and read the PDF back with poppler's tools. Install
# them when we can (CI and developer machines run as root); otherwise those tests skip
# with a loud reason (tests/audit/print_check.py).
set -u
if command -v soffice >/dev/null && command -v pdftotext >/dev/null \
   && command -v pdfinfo >/dev/null && command -v pdffonts >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing LibreOffice (headless) and poppler-utils for the print tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils) \
    >/dev/null || echo "WARNING: could not install LibreOffice; print tests will be skipped" >&2
else
  echo "WARNING: LibreOffice missing and no root apt-get; print tests will be skipped" >&2
fi
exit 0
