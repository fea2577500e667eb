"""Label selectors parsed from metav1.LabelSelector objects."""

import pytest

from sandbox.engine.labels import SelectorError, selector_from_label_selector


def test_a_remembered_selector_is_the_same_as_a_freshly_parsed_one_and_bad_ones_still_fail():
    first = selector_from_label_selector({"matchLabels": {"app": "web", "tier": "front"}})
    again = selector_from_label_selector({"matchLabels": {"tier": "front", "app": "web"}})
    assert first == again
    assert first.matches({"app": "web", "tier": "front", "x": "y"}) and not first.matches({"app": "web"})
    for _ in range(2):  # an invalid one is never remembered as valid
        with pytest.raises(SelectorError):
            selector_from_label_selector({"matchLabels": {"app": "not valid!"}})
    assert selector_from_label_selector({"matchLabels": {"n": 1}}).matches({"n": "1"})
