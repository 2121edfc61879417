"""Start-page figures kept per organisation (``core.navigation.organisation_figures``): fresh for a while,
then computed again by one request while the others show the kept figures (no stampede)."""

from unittest import mock

import pytest
from django.core.cache import cache

from privacyregie.core import navigation
from privacyregie.core.navigation import forget_organisation_figures, keep_organisation_figures, organisation_figures


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Computer:
    def __init__(self):
        self.runs = 0

    def __call__(self):
        self.runs += 1
        return {"open": self.runs}


def test_fresh_figures_are_computed_once():
    compute = Computer()
    assert organisation_figures("x", 1, compute, seconds=60) == {"open": 1}
    assert organisation_figures("x", 1, compute, seconds=60) == {"open": 1}
    assert compute.runs == 1
    assert organisation_figures("x", 2, compute, seconds=60) == {"open": 2}  # another organisation: its own


def test_stale_figures_are_computed_again_by_one_request_while_others_get_the_kept_ones():
    compute = Computer()
    organisation_figures("x", 1, compute, seconds=60)
    later = navigation.time.time() + 61
    with mock.patch.object(navigation.time, "time", return_value=later):
        # another worker is computing them (it holds the lock): this request shows the kept figures
        assert cache.add(f"{navigation.figures_key('x', 1)}:computing", 1, 15)
        assert organisation_figures("x", 1, compute, seconds=60) == {"open": 1}
        assert compute.runs == 1
        cache.delete(f"{navigation.figures_key('x', 1)}:computing")
        # nobody is: this request computes them, and the next one gets the new figures without computing
        assert organisation_figures("x", 1, compute, seconds=60) == {"open": 2}
        assert organisation_figures("x", 1, compute, seconds=60) == {"open": 2}
    assert compute.runs == 2


@pytest.mark.django_db
def test_forgotten_figures_are_computed_by_the_next_request(django_capture_on_commit_callbacks):
    compute = Computer()
    organisation_figures("x", 1, compute, seconds=60)
    with django_capture_on_commit_callbacks(execute=True):
        forget_organisation_figures("x", 1)
    assert organisation_figures("x", 1, compute, seconds=60) == {"open": 2}


def test_figures_kept_from_elsewhere_are_fresh():
    compute = Computer()
    keep_organisation_figures("x", 1, {"open": 7}, seconds=60)
    assert organisation_figures("x", 1, compute, seconds=60) == {"open": 7}
    assert compute.runs == 0
