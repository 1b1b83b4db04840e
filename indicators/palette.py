"""How a progress status looks wherever it is shown: charts, cards, workbook cells.

Colours are blue/orange (Okabe–Ito), safe for red–green colour blindness, and every
status also carries a symbol and its label, so nothing depends on colour alone.
"""

from .progress import Status

STATUS_COLOURS = {
    Status.ACHIEVED: "#0072B2",  # blue
    Status.ON_TRACK: "#56B4E9",  # sky blue
    Status.BEHIND: "#E69F00",  # orange
    Status.BELOW_BASELINE: "#D55E00",  # vermillion
    Status.NO_DATA: "#9E9E9E",  # grey
}
# Glyphs present in every CJK font (GB 2312), so they render wherever the labels do.
STATUS_SYMBOLS = {
    Status.ACHIEVED: "★",
    Status.ON_TRACK: "●",
    Status.BEHIND: "▲",
    Status.BELOW_BASELINE: "▼",
    Status.NO_DATA: "○",
}


def status_colour(status):
    return STATUS_COLOURS[Status(status)]


def status_symbol(status):
    return STATUS_SYMBOLS[Status(status)]
