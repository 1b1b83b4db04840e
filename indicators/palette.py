"""How a progress status looks wherever it is shown: charts, cards, workbook cells.

Colours are blue/orange (Okabe–Ito hues), safe for red–green colour blindness, and every
status also carries a symbol and its label, so nothing depends on colour alone.

Two shades per status, for WCAG 2.1 AA on white and on the cards' #F5F7FA: the fill
(markers, bars, borders) has at least 3:1, what non-text graphics need; the text shade
has at least 4.5:1, what text needs. The Okabe–Ito orange (#E69F00, 2.25:1) and a light
grey (#9E9E9E, 2.68:1) failed both, so they are darkened, keeping their hue.
"""

from .progress import Status

STATUS_COLOURS = {
    Status.ACHIEVED: "#0072B2",  # blue
    Status.ON_TRACK: "#3A8FC4",  # sky blue, darkened
    Status.BEHIND: "#B07800",  # orange, darkened
    Status.BELOW_BASELINE: "#D55E00",  # vermillion
    Status.NO_DATA: "#808080",  # grey
}
STATUS_TEXT_COLOURS = {
    Status.ACHIEVED: "#0072B2",
    Status.ON_TRACK: "#1C6D99",
    Status.BEHIND: "#8F5A00",
    Status.BELOW_BASELINE: "#A13F00",
    Status.NO_DATA: "#616161",
}
# The least contrast with the backgrounds they are drawn on (WCAG 2.1 AA).
GRAPHIC_CONTRAST = 3.0
TEXT_CONTRAST = 4.5
BACKGROUNDS = ("#FFFFFF", "#F5F7FA")

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


def status_text_colour(status):
    return STATUS_TEXT_COLOURS[Status(status)]


def status_symbol(status):
    return STATUS_SYMBOLS[Status(status)]


def _luminance(colour):
    """Relative luminance of "#RRGGBB" (WCAG 2.1 definition)."""

    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground, background):
    """WCAG contrast ratio of two "#RRGGBB" colours, from 1 to 21."""
    lighter, darker = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
