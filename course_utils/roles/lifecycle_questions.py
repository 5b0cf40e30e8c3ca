"""Questions of ``01_two_roles_one_lifecycle``: sort real tasks between the two roles.

``TASKS`` is the task list the exercise shows; each task carries the role the seed
articles give it and the sentence a learner sees when they put it elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from course_utils.checks import COUNT, CustomQuestion, Mistake, NotAttempted, ValueQuestion
from course_utils.roles.tables import LIFECYCLE_STAGES, SOURCES, lifecycle, load

LABELS = ("DS", "MLE", "both")
_SYNONYMS = {
    "ds": "DS", "data scientist": "DS", "data science": "DS",
    "mle": "MLE", "ml engineer": "MLE", "machine learning engineer": "MLE", "ml engineering": "MLE",
    "both": "both", "shared": "both",
}


@dataclass(frozen=True)
class Task:
    task: str
    role: str
    why: str

    @property
    def number(self) -> int:
        return TASKS.index(self) + 1


_GROUPED = (
    Task("Ask the retention team which decision a churn score should support", "DS",
         "framing the business question that machine learning can answer is where the data scientist starts "
         "(igmguru lists it first)."),
    Task("Remove duplicate customers and fix the yes/no spellings in the raw export", "DS",
         "cleaning and exploring a data set before analysing it is a data scientist's daily work (novustech); "
         "the engineer automates pipelines later, once the cleaning rules are known."),
    Task("Plot churn rate by contract type to look for patterns", "DS",
         "exploratory analysis and visualisation are data-science tasks (novustech, igmguru)."),
    Task("Test whether the retention offer really lowered churn in the A/B experiment", "DS",
         "designing and reading experiments is data-science work (novustech, devto): it is a statistics "
         "question, not a systems one."),
    Task("Present the three main churn drivers to the marketing director", "DS",
         "explaining findings to executives and marketing is the data scientist's job (novustech); the "
         "engineer's audience is mostly other engineers."),
    Task("Design how support tickets will be labelled for a future model", "DS",
         "a data annotation strategy is on igmguru's list of data-scientist responsibilities."),
    Task("Train a churn model and compare it with a simple baseline", "both",
         "both roles build models: novustech lists predictive modelling for data scientists and model "
         "development for ML engineers. They often do it at different moments: the first model, then its rebuild."),
    Task("Agree the input schema (column names and types) the service will accept", "both",
         "the schema is the hand-off contract: the data scientist knows what the model needs, the engineer "
         "knows what the service must validate, and it breaks if either decides alone."),
    Task("Track every change to the code with Git", "both",
         "igmguru puts Git, GitHub and Bitbucket in both tech stacks: version control is shared ground."),
    Task("Wrap the model in a FastAPI endpoint that returns a churn score", "MLE",
         "building APIs and backend systems is ML-engineering work (novustech); FastAPI is in its serving stack."),
    Task("Package the scoring service in a Docker image and run it on Kubernetes", "MLE",
         "containers and orchestration are the engineer's deployment tools (novustech, igmguru)."),
    Task("Bring the service's slowest 1% of responses down from 200 ms to 50 ms", "MLE",
         "optimising latency and throughput is on igmguru's list of ML-engineer responsibilities."),
    Task("Schedule the weekly pipeline that retrains the model on new data", "MLE",
         "automating training pipelines is an ML engineer's daily task (novustech)."),
    Task("Alert when incoming customers' charges drift away from the training data", "MLE",
         "monitoring a deployed model for drift is ML-engineering work (novustech, devto); the data scientist "
         "helps read the alert, but the engineer builds and runs the monitor."),
    Task("Record which data, code version and settings produced each model", "MLE",
         "version control of experiments, metadata and models is an ML-engineer responsibility in igmguru's table."),
)
# A fixed mixed order, so the answer is not "first six DS, last six MLE".
TASKS = tuple(_GROUPED[i] for i in (9, 3, 13, 7, 0, 11, 4, 14, 1, 8, 12, 5, 10, 6, 2))
_BY_NUMBER = {t.number: t for t in TASKS}
_SHARED = [t.number for t in TASKS if t.role == "both"]


def task_table() -> pd.DataFrame:
    """The tasks to sort, numbered, without their answers."""
    return pd.DataFrame({"task": [t.task for t in TASKS]}, index=pd.Index([t.number for t in TASKS], name="number"))


def _label(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return _SYNONYMS.get(value.strip().casefold())


def _grade_sorting(answer: object) -> str | None:
    if not isinstance(answer, dict):
        return 'Expected a dict from task number to label, like {1: "DS", 2: "DS", ..., 15: "MLE"}.'
    if all(v is Ellipsis or v is None or v == "?" for v in answer.values()):
        raise NotAttempted
    numbers = set()
    for key in answer:
        try:
            numbers.add(int(key))
        except (TypeError, ValueError):
            return f"{key!r} is not a task number: use the numbers 1 to {len(TASKS)} as keys."
    extra = sorted(numbers - set(_BY_NUMBER))
    if extra:
        return f"There is no task {extra[0]}: the tasks are numbered 1 to {len(TASKS)}."
    labels = {int(k): v for k, v in answer.items()}
    missing = sorted(set(_BY_NUMBER) - numbers) + sorted(n for n, v in labels.items() if v in (Ellipsis, None, "?"))
    if missing:
        return f"Task(s) {', '.join(map(str, sorted(missing)))} have no label yet. Give every task one of {LABELS}."
    unknown = [v for v in labels.values() if _label(v) is None]
    if unknown:
        return f'{unknown[0]!r} is not a label: use "DS", "MLE" or "both".'
    given = {n: _label(v) for n, v in labels.items()}
    if len(set(given.values())) == 1:
        return (f"Every task is {next(iter(given.values()))!r}? The roles overlap, but most tasks have one "
                "clear owner: statistics, experiments and presentations on one side; services, latency and "
                "monitoring on the other; only a few are shared.")
    wrong = [t for t in TASKS if given[t.number] != t.role]
    if not wrong:
        return None
    owner = {"DS": "the data scientist's", "MLE": "the ML engineer's", "both": "shared"}
    lines = [f"{len(TASKS) - len(wrong)} of {len(TASKS)} tasks are in the right place."]
    for t in wrong[:3]:
        lines.append(f"Task {t.number} ({t.task}) is {owner[t.role]}, not {given[t.number]}: {t.why}")
    if len(wrong) > 3:
        lines.append(f"...and {len(wrong) - 3} more. Fix these, then check again.")
    return " ".join(lines)


q1 = CustomQuestion(
    id="roles.q1",
    prompt="Sort the 15 tasks of task_table() into 'DS', 'MLE' or 'both'.",
    grader=_grade_sorting,
    pass_message="All 15 tasks are where the articles put them.",
    hints=[
        "Ask of each task: is its product an insight for people, or a system for other programs?",
        "Statistics, experiments, presentations and framing the question are data science; APIs, "
        "containers, latency, pipelines and monitoring are ML engineering.",
        "Three tasks are shared: building a first model, the input schema at hand-off, and version "
        f"control of code. They are tasks {_SHARED[0]}, {_SHARED[1]} and {_SHARED[2]}.",
    ],
    solution_text="\n".join(
        ["sorting = {"] + [f'    {t.number}: "{t.role}",  # {t.task}' for t in TASKS] + ["}"]
    ),
)


def _stages_with(n_roles: int, stated_only: bool = True) -> list[str]:
    """The stages, in order, whose ``lifecycle()`` rows involve ``n_roles`` distinct roles.

    ``stated_only`` keeps the rows an article states (``basis == "stated"``), dropping our inferences.
    """
    table = lifecycle()
    if stated_only:
        table = table[table["basis"] == "stated"]
    roles_per_stage = table.groupby("stage")["role"].nunique()
    return [s for s in LIFECYCLE_STAGES if roles_per_stage.get(s, 0) == n_roles]


def _shared_stages() -> list[str]:
    return _stages_with(2)


def _is_stage_list(answer: object) -> bool:
    return isinstance(answer, (list, tuple)) and all(isinstance(s, str) for s in answer)


q2 = ValueQuestion(
    id="roles.q2",
    prompt='Which lifecycle stages have a stated activity (basis == "stated") for both roles in lifecycle()?',
    expected=_shared_stages,
    ordered=False,
    mistakes=[
        Mistake(lambda a: q2.matches(a, _stages_with(2, stated_only=False)),
                'That counts our inferences too: the rows marked "our inference" are our reading, not what an '
                'article says. Keep only the rows whose basis is "stated", then count the roles per stage.'),
        Mistake(lambda a: q2.matches(a, _stages_with(1)),
                "Those are the stages where only one role has a stated activity: the question asks for "
                "stages where both roles appear."),
        Mistake(list(LIFECYCLE_STAGES),
                "That is every stage. Count the distinct roles per stage among the stated rows: four stages have only one."),
        Mistake(lambda a: _is_stage_list(a) and len(a) == 1 and a[0] in ("deploy", "model"),
                "The hand-off happens around model and deploy, but the roles share more stages than that: "
                "count the distinct roles per stage."),
    ],
    hints=[
        'Keep the rows of lifecycle() whose basis is "stated", then group them by stage.',
        'stated = lifecycle()[lifecycle()["basis"] == "stated"]; stated.groupby("stage")["role"].nunique() '
        "gives 1 or 2 per stage.",
        "Keep the stages whose count is 2, as a list of stage names.",
    ],
    solution_text=(
        "table = lifecycle()\n"
        'stated = table[table["basis"] == "stated"]\n'
        'roles_per_stage = stated.groupby("stage")["role"].nunique()\n'
        "shared_stages = roles_per_stage[roles_per_stage == 2].index.tolist()"
    ),
)


def _responsibilities(role: str | None = None, stage: str | None = None, source: str | None = None) -> pd.DataFrame:
    """Rows of the responsibilities table, filtered on each of role, lifecycle stage and source that is given."""
    table = load("responsibilities")
    for column, value in (("role", role), ("lifecycle_stage", stage), ("source", source)):
        if value is not None:
            table = table[table[column] == value]
    return table


def _is_number(answer: object) -> bool:
    return isinstance(answer, (int, float)) and not isinstance(answer, bool)


q3 = ValueQuestion(
    id="roles.q3",
    prompt="How many ML-engineer responsibilities, over all three articles, sit at the deploy stage "
           "of the responsibilities table?",
    expected=lambda: len(_responsibilities("MLE", "deploy")),
    tolerance=COUNT,
    mistakes=[
        Mistake(lambda a: _is_number(a) and a == len(_responsibilities(stage="deploy")),
                "That counts both roles: one deploy responsibility is the data scientist's. Keep role == "
                '"MLE" as well as the deploy stage.'),
        Mistake(lambda a: _is_number(a) and a in {len(_responsibilities("MLE", "deploy", s)) for s in SOURCES},
                "That is one article's count. The question asks over all three articles: do not filter on source."),
        Mistake(lambda a: _is_number(a) and 0 < a < 1
                and abs(a - len(_responsibilities("MLE", "deploy")) / len(_responsibilities("MLE"))) < 5e-3,
                "That is the share of the engineer's responsibilities at deploy. The question asks for the "
                "number of rows."),
        Mistake(lambda a: _is_number(a) and a == len(_responsibilities("MLE")),
                "That is every ML-engineer responsibility, at every stage: keep only the deploy stage."),
    ],
    hints=[
        'Load tables.load("responsibilities") and keep the rows with role "MLE" and lifecycle_stage "deploy".',
        'mle = responsibilities[responsibilities["role"] == "MLE"]; then keep mle["lifecycle_stage"] == "deploy".',
        "len() of the filtered table is the count.",
    ],
    solution_text=(
        'responsibilities = tables.load("responsibilities")\n'
        'mle_deploy = responsibilities[(responsibilities["role"] == "MLE")\n'
        '                              & (responsibilities["lifecycle_stage"] == "deploy")]\n'
        "deploy_count = len(mle_deploy)"
    ),
)
