import datetime

import pytest

from privacyregie.retention import selectielijst


@pytest.fixture
def selection_list(db):
    """The Selectielijst 2020 as shipped (the demo loads it too; importing again changes nothing)."""
    return selectielijst.import_list(selectielijst.read_folder(selectielijst.DATA_DIR), source="test").selection_list


@pytest.fixture
def result(selection_list):
    def _result(number):
        return selection_list.results.get(full_number=number)

    return _result


@pytest.fixture
def today():
    return datetime.date(2026, 12, 1)
