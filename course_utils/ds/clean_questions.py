"""Questions of ``10_ds_frame_and_clean``: repairing the raw export, in pandas and in SQL."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from course_utils.checks import CustomQuestion, Mistake, NotAttempted, ValueQuestion, percent_of
from course_utils.data import clean_churn, load_clean, load_raw, normalise_yes_no


def _clean_churn_rate() -> float:
    return float(load_clean()["Churn"].mean())


def _impossible(dedup: pd.DataFrame) -> dict[str, pd.Series]:
    """Masks of the deduplicated raw rows with a negative tenure, with monthly charges of 0 or less, and either."""
    tenure, monthly = pd.to_numeric(dedup["tenure"]), pd.to_numeric(dedup["MonthlyCharges"])
    return {"tenure": tenure < 0, "monthly": monthly <= 0, "either": (tenure < 0) | (monthly <= 0)}


def _counted(count: Callable[[], int]) -> Callable[[object], bool]:
    """A ``Mistake`` predicate: the answer is the number ``count()`` computes."""
    return lambda answer: math.isclose(answer, count(), rel_tol=1e-6)


def _n_impossible(kind: str) -> int:
    return int(_impossible(load_raw().drop_duplicates())[kind].sum())


def _exact_yes_rate() -> float:
    """The churn rate when only the exact spelling 'Yes' counts, on the raw export."""
    return float((load_raw()["Churn"] == "Yes").mean())


def _rate_keeping_impossible() -> float:
    """The churn rate after dropping duplicates and normalising spellings, impossible rows kept."""
    return float((normalise_yes_no(load_raw().drop_duplicates()["Churn"]) == "Yes").mean())


q1 = ValueQuestion(
    id="ds_clean.q1",
    prompt="How many rows of the raw export are exact duplicates of an earlier row (the extra copies)?",
    expected=lambda: int(load_raw().duplicated().sum()),
    mistakes=[
        Mistake(_counted(lambda: int(load_raw().duplicated(keep=False).sum())),
                "That counts both copies of every duplicated row (keep=False). The rows to remove are only "
                "the extra copies: raw.duplicated() marks every copy after the first."),
        Mistake(_counted(lambda: len(load_raw()) - len(clean_churn(load_raw()))),
                "That is every row the whole cleaning removes (duplicates and impossible values). "
                "Count the exact duplicates only."),
        Mistake(0, "Zero would mean no row appears twice. Use raw.duplicated() on the raw table, "
                   "before any repair."),
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
            return (f"On {list(example)} your function raised {exc.__class__.__name__}: {exc}. pd.to_numeric "
                    "cannot read a blank or a space: strip the spaces, then replace '' by '0' first.")
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
        "pd.to_numeric turns text into numbers, but it refuses the blanks: look at what the blanks contain.",
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
    expected=lambda: _n_impossible("either"),
    mistakes=[
        Mistake(_counted(lambda: _n_impossible("tenure")),
                "That is only the negative tenures. Monthly charges can be impossible too."),
        Mistake(_counted(lambda: _n_impossible("monthly")),
                "That is only the negative monthly charges. Tenure can be impossible too."),
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
    abs_tol=1e-4,
    rel_tol=0.0,
    mistakes=[
        Mistake(percent_of(_clean_churn_rate, abs_tol=1e-2),
                "That looks like a percentage. Give the rate as a fraction: 25% is 0.25."),
        Mistake(lambda a: math.isclose(a, _exact_yes_rate(), abs_tol=5e-4),
                "That counts only the exact spelling 'Yes'. Normalise the spellings ('yes', 'Y', ' Yes'...) first."),
        Mistake(lambda a: math.isclose(a, _rate_keeping_impossible(), abs_tol=2e-4),
                "Close, but some rows that should be gone are still there: drop the impossible values too."),
        Mistake(lambda a: math.isclose(a, round(_clean_churn_rate(), 2), abs_tol=1e-9),
                "Right idea, but rounded too far. Keep at least four decimals."),
    ],
    hints=[
        "The churn rate is churners divided by customers, on the cleaned table.",
        "Once Churn is 0/1, the mean of the column is the share of 1s.",
        "churn_rate = float(clean_churn(raw)['Churn'].mean())",
    ],
    solution_text="clean = clean_churn(load_raw())  # or your own step-by-step table\n"
                  "churn_rate = float(clean_churn(raw)['Churn'].mean())",
)


def _expected_by_contract() -> dict[str, float]:
    return load_clean().groupby("Contract")["Churn"].mean().to_dict()


def _grade_sql(query) -> str | None:
    import duckdb

    if not isinstance(query, str):
        return f"Expected the query as text (a str), but got {type(query).__name__}."
    if not query.strip():
        raise NotAttempted
    clean = load_clean()
    con = duckdb.connect()
    con.register("clean", clean)
    try:
        result = con.execute(query).df()
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0]
        return f"DuckDB could not run the query: {first_line}. The table is called clean."
    finally:
        con.close()
    if result.shape[1] != 2:
        return (f"The query returns {result.shape[1]} columns; return two: the contract and its churn rate "
                "(SELECT Contract, AVG(Churn) AS churn_rate ...).")
    # Columns may come in either order: the contract is the text column, the rate the numeric one.
    numeric = [pd.api.types.is_numeric_dtype(result[c]) for c in result.columns]
    if sorted(numeric) != [False, True]:
        return "Return the contract (text) and its churn rate (a number): one column of each."
    rate, contract = (result.iloc[:, i] for i in ((0, 1) if numeric[0] else (1, 0)))
    got = {str(k): float(v) for k, v in zip(contract, rate)}
    expected = _expected_by_contract()
    if set(got) != set(expected):
        return f"Expected one row per contract type ({', '.join(sorted(expected))}); got {sorted(got)}. GROUP BY Contract."
    if all(math.isclose(got[k] / 100, v, abs_tol=1e-4) for k, v in expected.items()):
        return "Those are percentages. Keep the rate as a fraction between 0 and 1 (drop the * 100)."
    if all(v > 1 for v in got.values()):
        return "Those look like counts. A rate is the average of the 0/1 Churn column: AVG(Churn)."
    if not all(math.isclose(got[k], v, abs_tol=1e-4) for k, v in expected.items()):
        return "The contracts are right but the rates are not. The rate is AVG(Churn) over each contract's rows."
    return None


q5 = CustomQuestion(
    id="ds_clean.q5",
    prompt="Write a DuckDB SQL query on the table clean that returns each Contract and its churn rate.",
    grader=_grade_sql,
    pass_message="Well done: the same answer as pandas' groupby, in SQL.",
    hints=[
        "You need one row per contract type: that is GROUP BY.",
        "The churn rate of a group is the average of the 0/1 Churn column.",
        "SELECT Contract, AVG(Churn) AS churn_rate FROM clean GROUP BY Contract",
    ],
    solution_text='query = """\nSELECT Contract, AVG(Churn) AS churn_rate\nFROM clean\nGROUP BY Contract\n"""',
)
