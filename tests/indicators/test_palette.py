"""indicators/palette.py: every status colour meets WCAG 2.1 AA where it is used."""

import pytest

from indicators.palette import (
    BACKGROUNDS,
    GRAPHIC_CONTRAST,
    STATUS_COLOURS,
    STATUS_TEXT_COLOURS,
    TEXT_CONTRAST,
    contrast_ratio,
)
from indicators.progress import Status


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    # The colours the issue measured, which failed.
    assert contrast_ratio("#E69F00", "#FFFFFF") == pytest.approx(2.25, abs=0.01)
    assert contrast_ratio("#9E9E9E", "#FFFFFF") == pytest.approx(2.68, abs=0.01)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_status_text_has_aa_contrast(status, background):
    assert contrast_ratio(STATUS_TEXT_COLOURS[status], background) >= TEXT_CONTRAST


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_status_fills_have_graphics_contrast(status, background):
    assert contrast_ratio(STATUS_COLOURS[status], background) >= GRAPHIC_CONTRAST


def test_blue_for_good_and_orange_for_behind():
    """Still the blue/orange scheme: safe for red–green colour blindness."""

    def hue_is_blue(colour):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return b > r

    assert hue_is_blue(STATUS_COLOURS[Status.ACHIEVED])
    assert hue_is_blue(STATUS_COLOURS[Status.ON_TRACK])
    assert not hue_is_blue(STATUS_COLOURS[Status.BEHIND])
