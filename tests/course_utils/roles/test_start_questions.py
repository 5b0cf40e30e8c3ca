"""Is the warm-up question of 00_start_here graded three ways?"""

import csv

import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.paths import DATA_DIR


def csv_shape(name: str) -> tuple[int, int]:
    """Rows and columns of data/NAME, read with the csv module rather than pandas."""
    with open(DATA_DIR / name, newline="") as f:
        header, *rows = csv.reader(f)
    return len(rows), len(header)


@pytest.mark.parametrize("qid", ["start.q1"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_right_and_wrong():
    q = get("start.q1")
    n_rows, n_columns = csv_shape("telco_churn_clean.csv")
    assert q.grade(n_rows).status == PASSED
    raw_count = q.grade(csv_shape("telco_churn_raw.csv")[0])
    assert raw_count.status == INCORRECT and "raw export" in raw_count.message
    columns = q.grade(n_columns)
    assert columns.status == INCORRECT and "number of columns" in columns.message
