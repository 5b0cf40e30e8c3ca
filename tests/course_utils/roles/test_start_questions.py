"""Is the warm-up question of 00_start_here graded three ways?"""

import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_clean, load_raw


@pytest.mark.parametrize("qid", ["start.q1"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_right_and_wrong():
    q = get("start.q1")
    assert q.grade(len(load_clean())).status == PASSED
    raw_count = q.grade(len(load_raw()))
    assert raw_count.status == INCORRECT and "raw export" in raw_count.message
    columns = q.grade(load_clean().shape[1])
    assert columns.status == INCORRECT and "number of columns" in columns.message
