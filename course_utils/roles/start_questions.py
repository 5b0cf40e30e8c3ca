"""Questions of ``00_start_here``: a warm-up that shows how checks work."""

from course_utils.checks import COUNT, Mistake, ValueQuestion
from course_utils.data import load_clean, load_raw


q1 = ValueQuestion(
    id="start.q1",
    prompt="How many customers are in the clean churn table?",
    expected=lambda: len(load_clean()),
    tolerance=COUNT,
    mistakes=[
        Mistake(lambda a: a == len(load_raw()),
                "That is the raw export, duplicates and broken rows included. Count the clean table."),
        Mistake(lambda a: a == load_raw()["customerID"].nunique(),
                "That is the number of distinct IDs in the raw export: duplicates are gone, but the broken rows "
                "are still in. Count the clean table."),
        Mistake(lambda a: a == load_clean().shape[1],
                "That is the number of columns. Rows are customers: try len(df)."),
        Mistake(lambda a: tuple(a) == load_clean().shape,
                "That is df.shape, (rows, columns): the number of customers is its first item, or len(df)."),
        Mistake(lambda a: a.strip() == str(len(load_clean())),
                "That is the right count, but as text in quotes: give the number itself, without quotes."),
        Mistake(lambda a: a == load_clean().size,
                "That is df.size, rows times columns (every cell). Rows are customers: try len(df)."),
    ],
    hints=[
        "Each row of the clean table is one customer.",
        "len(df) counts the rows of a DataFrame.",
    ],
    solution_text="df = load_clean()\nanswer = len(df)",
)
