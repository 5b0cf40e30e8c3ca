"""Questions of ``10_ds_frame_and_clean``: repairing the raw export, in pandas and in SQL."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pandas as pd

from course_utils.checks import (
    COUNT, PROPORTION, CustomQuestion, Mistake, NotAttempted, ValueQuestion, percent_of,
)
from course_utils.data import clean_churn, load_clean, load_raw, normalise_yes_no
from course_utils.ds.sql_grading import grade_churn_by_contract


def _clean_churn_rate() -> float:
    return float(load_clean()["Churn"].mean())


@cache
def _impossible_counts() -> dict[str, int]:
    """The count of impossible rows (``"right"``), and what each wrong way of taking it gives (planted to differ)."""
    raw = load_raw()
    dedup = raw.drop_duplicates()
    tenure, monthly = pd.to_numeric(dedup["tenure"]), pd.to_numeric(dedup["MonthlyCharges"])
    bad_tenure, bad_monthly = tenure < 0, monthly <= 0
    raw_bad = (pd.to_numeric(raw["tenure"]) < 0) | (pd.to_numeric(raw["MonthlyCharges"]) <= 0)
    return {
        "right": int((bad_tenure | bad_monthly).sum()),
        "tenure only": int(bad_tenure.sum()),
        "monthly only": int(bad_monthly.sum()),
        "negative monthly only": int((monthly < 0).sum()),
        "< 0": int((bad_tenure | (monthly < 0)).sum()),
        "text": int(((dedup["tenure"] < "0") | (dedup["MonthlyCharges"] <= "0")).sum()),
        "before dedup": int(raw_bad.sum()),
        "added": int(bad_tenure.sum() + bad_monthly.sum()),
        "and": int((bad_tenure & bad_monthly).sum()),
        "tenure <= 0": int(((tenure <= 0) | bad_monthly).sum()),
    }


def _counted(kind: str) -> Callable[[object], bool]:
    """A ``Mistake`` predicate: the answer is the count of impossible rows taken the ``kind`` way."""
    return lambda answer: COUNT.accepts(answer, _impossible_counts()[kind])


def _exact_yes_rate() -> float:
    """The churn rate when only the exact spelling 'Yes' counts, on the raw export."""
    return float((load_raw()["Churn"] == "Yes").mean())


def _rate_skipping(duplicates: bool = False, impossible: bool = False) -> float:
    """The churn rate of the raw export, spellings normalised, with dropping duplicates or impossible rows skipped."""
    df = load_raw() if duplicates else load_raw().drop_duplicates()
    if not impossible:
        df = df[(pd.to_numeric(df["tenure"]) >= 0) & (pd.to_numeric(df["MonthlyCharges"]) > 0)]
    return float((normalise_yes_no(df["Churn"]) == "Yes").mean())


def _near(value: Callable[[], float]) -> Callable[[object], bool]:
    """A ``Mistake`` predicate: the answer is ``value()`` under the proportion tolerance, or rounded too far."""
    return lambda answer: PROPORTION.accepts(answer, value()) or PROPORTION.rounded_too_far(answer, value()) \
        and not PROPORTION.rounded_too_far(answer, _clean_churn_rate())


q1 = ValueQuestion(
    id="ds_clean.q1",
    prompt="How many rows of the raw export are exact duplicates of an earlier row (the extra copies)?",
    expected=lambda: int(load_raw().duplicated().sum()),
    tolerance=COUNT,
    mistakes=[
        Mistake(lambda a: COUNT.accepts(a, int(load_raw().duplicated(keep=False).sum())),
                "That counts both copies of every duplicated row (keep=False). The rows to remove are only "
                "the extra copies: raw.duplicated() marks every copy after the first."),
        Mistake(lambda a: COUNT.accepts(a, len(load_raw()) - len(clean_churn(load_raw()))),
                "That is every row the whole cleaning removes (duplicates and impossible values). "
                "Count the exact duplicates only."),
        Mistake(0, "Zero would mean no row appears twice. Use raw.duplicated() on the raw table, "
                   "before any repair."),
        Mistake(lambda a: COUNT.accepts(a, len(load_raw().drop_duplicates())),
                "That is the number of rows left after dropping the duplicates. Count the rows dropped instead."),
        Mistake(lambda a: COUNT.accepts(a, len(load_raw())),
                "That is the number of rows of the raw export. Count only the rows that repeat an earlier one."),
    ],
    hints=[
        "A duplicate here is a row whose every column equals an earlier row.",
        "DataFrame.duplicated() returns True for each row that repeats an earlier one.",
        "n_duplicates = int(raw.duplicated().sum())",
    ],
    solution_text="raw = load_raw()\nn_duplicates = int(raw.duplicated().sum())",
)


_NUMBERS = pd.Series(["29.85", "1889.5", "108.15"])
_BLANKS = pd.Series(["", " ", "42.0"])


def _grade_converter(func) -> str | None:
    if not callable(func):
        return f"Expected a function (def to_total_charges(values): ...), but got {type(func).__name__}."
    results = []
    for example in (_NUMBERS, _BLANKS):
        try:
            results.append(func(example.copy()))
        except NotImplementedError:
            raise NotAttempted from None
        except (ValueError, TypeError) as exc:
            if example is _NUMBERS:
                return (f"On {list(example)}, which has no blank, your function raised {exc.__class__.__name__}: "
                        f"{exc}. Plain totals such as '29.85' must convert: use pd.to_numeric or astype(float).")
            return (f"On {list(example)} your function raised {exc.__class__.__name__}: {exc}. A blank made of "
                    "spaces cannot be read as a number (and pd.to_numeric reads '' as NaN): strip the spaces, "
                    "then replace '' by '0' before converting.")
    if all(r is None for r in results):
        return "Your function returned None for every example: did you forget `return`?"
    numbers, blanks = (pd.Series(r) if not isinstance(r, pd.Series) else r for r in results)
    if len(numbers) != 3 or len(blanks) != 3:
        return "Return one value per input value (a Series as long as the one you were given)."
    if not all(pd.api.types.is_numeric_dtype(r) for r in (numbers, blanks)):
        return "Your function returns text. Convert it to numbers with pd.to_numeric."
    if numbers.round(6).tolist() != [float(v) for v in _NUMBERS]:
        return f"On {list(_NUMBERS)} your function returned {numbers.tolist()}: the numbers should come out unchanged."
    if blanks.isna().any():
        return (f"On {list(_BLANKS)} your function returned {blanks.tolist()}. A blank total belongs to a "
                "customer in their first month, who has been billed nothing: it should become 0, not NaN.")
    want = [float(v.strip() or 0) for v in _BLANKS]
    if blanks.tolist()[2] == want[2] and blanks.tolist() != want:
        return (f"On {list(_BLANKS)} your function returned {blanks.tolist()}. A blank means nothing billed yet, "
                "so it becomes 0, not another value such as an average.")
    if blanks.tolist() != want:
        return f"On {list(_BLANKS)} your function returned {blanks.tolist()}; expected {want}."
    return None


q2 = CustomQuestion(
    id="ds_clean.q2",
    prompt="Write to_total_charges(values): turn the TotalCharges text column into numbers, "
           "with a blank (or only spaces) becoming 0.",
    grader=_grade_converter,
    pass_message="Well done: numbers stay numbers, and blanks become 0.",
    hints=[
        "pd.to_numeric turns text into numbers, but it fails on a blank made of spaces and turns '' into NaN: "
        "look at what the blanks contain.",
        "Some blanks are a single space. values.str.strip() removes surrounding spaces, so every blank becomes ''.",
        "return pd.to_numeric(values.str.strip().replace('', '0'))",
    ],
    solution_text="def to_total_charges(values):\n"
                  "    return pd.to_numeric(values.str.strip().replace('', '0'))",
)

q3 = ValueQuestion(
    id="ds_clean.q3",
    prompt="After removing duplicates, how many rows have an impossible value "
           "(a negative tenure, or monthly charges of 0 or less)?",
    expected=lambda: _impossible_counts()["right"],
    tolerance=COUNT,
    mistakes=[
        Mistake(_counted("tenure only"), "That is only the negative tenures. Monthly charges can be impossible too."),
        Mistake(_counted("monthly only"),
                "That is only the monthly charges of 0 or less. Tenure can be impossible too."),
        Mistake(_counted("negative monthly only"),
                "That is only the negative monthly charges: tenure can be impossible too, and a charge of "
                "exactly 0 is impossible as well."),
        Mistake(_counted("< 0"),
                "That misses the monthly charges of exactly 0: every customer pays something, so test "
                "MonthlyCharges <= 0, not < 0."),
        Mistake(_counted("text"),
                "You compared text, not numbers: as text '0.00' <= '0' is False, so some zero charges slip "
                "through. Convert the columns with pd.to_numeric before comparing."),
        Mistake(_counted("before dedup"),
                "That counts the raw rows before dropping the duplicates: an impossible row exported twice is "
                "counted twice. Drop the duplicates first (raw.drop_duplicates())."),
        Mistake(_counted("added"),
                "That adds the two counts, so a row with both a negative tenure and a bad charge counts twice. "
                "Combine the two conditions with | (or) and count each row once."),
        Mistake(_counted("and"),
                "That counts only the rows with both problems (&). A row is impossible if either value is: use |."),
        Mistake(_counted("tenure <= 0"),
                "That also counts tenure 0, but 0 months is a customer who joined this month, not an impossible "
                "value. Test tenure < 0."),
    ],
    hints=[
        "The columns are text in the raw table: convert tenure and MonthlyCharges with pd.to_numeric first.",
        "Combine the two conditions with | (or) and count the True values with .sum().",
        "dedup = raw.drop_duplicates(); n_impossible = int(((pd.to_numeric(dedup['tenure']) < 0) "
        "| (pd.to_numeric(dedup['MonthlyCharges']) <= 0)).sum())",
    ],
    solution_text="dedup = raw.drop_duplicates()\n"
                  "tenure = pd.to_numeric(dedup['tenure'])\n"
                  "monthly = pd.to_numeric(dedup['MonthlyCharges'])\n"
                  "n_impossible = int(((tenure < 0) | (monthly <= 0)).sum())",
)

q4 = ValueQuestion(
    id="ds_clean.q4",
    prompt="What is the churn rate after the full cleaning, as a fraction between 0 and 1?",
    expected=_clean_churn_rate,
    tolerance=PROPORTION,
    mistakes=[
        Mistake(percent_of(_clean_churn_rate, abs_tol=PROPORTION.too_far),
                "That looks like a percentage. Give the rate as a fraction: 25% is 0.25."),
        Mistake(_near(_exact_yes_rate),
                "That counts only the exact spelling 'Yes'. Normalise the spellings ('yes', 'Y', ' Yes'...) first."),
        Mistake(_near(lambda: _rate_skipping(impossible=True)),
                "Close, but some rows that should be gone are still there: drop the impossible values too."),
        Mistake(_near(lambda: _rate_skipping(duplicates=True)),
                "Close, but the duplicates are still there, and some leavers were exported twice: "
                "drop the duplicate rows first."),
        Mistake(_near(lambda: _rate_skipping(duplicates=True, impossible=True)),
                "That is the raw export with only the spellings fixed: drop the duplicates and the impossible "
                "rows too."),
        Mistake(lambda a: PROPORTION.accepts(a, 1 - _clean_churn_rate()),
                "That is the share of customers who stayed. The churn rate is the share who left (Churn 1)."),
    ],
    hints=[
        "The churn rate is churners divided by customers, on the cleaned table.",
        "Once Churn is 0/1, the mean of the column is the share of 1s.",
        "churn_rate = float(clean_churn(raw)['Churn'].mean())",
    ],
    solution_text="clean = clean_churn(load_raw())  # or your own step-by-step table\n"
                  "churn_rate = float(clean['Churn'].mean())",
)


q5 = CustomQuestion(
    id="ds_clean.q5",
    prompt="Write a DuckDB SQL query on the table clean that returns each Contract and its churn rate.",
    grader=grade_churn_by_contract,
    pass_message="Well done: the same answer as pandas' groupby, in SQL.",
    hints=[
        "You need one row per contract type: that is GROUP BY.",
        "The churn rate of a group is the average of the 0/1 Churn column.",
        "SELECT Contract, AVG(Churn) AS churn_rate FROM clean GROUP BY Contract",
    ],
    solution_text='query = """\nSELECT Contract, AVG(Churn) AS churn_rate\nFROM clean\nGROUP BY Contract\n"""',
)
