"""The API's JSON parser measures nesting without recursing."""

from core.api_parsers import nesting_depth


def test_nesting_depth_counts_arrays_and_objects():
    assert nesting_depth('{"a": [1, {"b": [2]}]}') == 4
    assert nesting_depth('"1900"') == 0


def test_brackets_inside_strings_are_not_nesting():
    assert nesting_depth('{"note": "[[[{{{ \\" ]]] [["}') == 1


def test_any_depth_is_measured_without_a_recursion_error():
    assert nesting_depth("[" * 50_000 + "]" * 50_000) == 50_000
