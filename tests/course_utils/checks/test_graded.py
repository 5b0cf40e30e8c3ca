"""In a graded assignment, do checks hold back solutions, later hints and expected values, and only there?"""

import pytest

from course_utils.checks import Case, FunctionQuestion, Mistake, ValueQuestion, graded


@pytest.fixture
def shown(monkeypatch, tmp_path):
    """Collect what questions display, in a kernel that is neither graded nor strict."""
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    monkeypatch.delenv(graded.STRICT_ENV, raising=False)
    # Set, then removed, so monkeypatch restores its absence after graded.start() set it in os.environ.
    monkeypatch.setenv(graded.GRADED_ENV, "0")
    monkeypatch.delenv(graded.GRADED_ENV)
    seen = []
    monkeypatch.setattr("course_utils.checks.core.display", lambda obj: seen.append(str(obj)))
    return seen


def rate_question(**kwargs):
    return ValueQuestion(id="demo.q1", prompt="rate", expected=0.2654, abs_tol=5e-4,
                         hints=("gentle", "explicit: use mean()"), solution_text="rate = df.Churn.mean()", **kwargs)


def test_self_paced_checks_show_everything(shown):
    q = rate_question()
    q.solution()
    q.hint()
    q.hint()
    assert "rate = df.Churn.mean()" in shown[0]
    assert "explicit: use mean()" in shown[2]


def test_graded_mode_turns_solutions_off_and_keeps_only_the_first_hint(shown):
    graded.start()
    q = rate_question()
    q.solution()
    q.hint()
    q.hint(2)
    assert shown[0] == graded.SOLUTIONS_OFF
    assert all("gentle" in text and "explicit" not in text for text in shown[1:]), shown


def test_graded_mode_hides_a_mistake_message_that_states_the_answer(shown):
    graded.start()
    q = rate_question(mistakes=[Mistake(26.54, "That is a percentage: the rate is 0.2654."),
                                Mistake(0.5, "Half? Count churners, not rows.")])
    q.check(26.54)
    q.check(0.5)
    q.check(0.1)
    assert "0.2654" not in shown[0] and graded.HIDDEN in shown[0]
    assert "Count churners, not rows." in shown[1], "a message that states no answer keeps its advice"
    assert "solution()" not in shown[2] and "0.1" in shown[2]


def test_graded_function_checks_do_not_show_the_expected_result(shown):
    graded.start()
    q = FunctionQuestion(id="demo.q2", prompt="", cases=[Case(args=(2,), expected=4), Case(args=(3,), expected=9)])
    q.check(lambda x: x * 2 if x == 2 else x)
    q.check(lambda x: x * x)
    assert shown[0].endswith("<lambda>(3) returned 3 (int); that is not the expected result."), shown[0]
    assert "passed all 2 test cases" in shown[1]


@pytest.mark.parametrize("message, expected, hidden", [
    ("f(3) returned 3 (int); expected 9.", None, True),
    ("On sample A we expected 0.1234.", None, True),
    ("Those are percentages: 26.54 is 0.2654.", 0.2654, True),
    ("The riskiest is Month-to-month with fiber.", ("Month-to-month", "Fiber optic"), True),
    ("Expected a number, but got 'abc' (str).", 0.2654, False),
    ("Keep at least 3 decimals.", 3, False),
    ("Group by the Contract column.", {"Month-to-month": 0.43, "Two year": 0.03}, False),
])
def test_reveals_finds_stated_values_and_leaves_advice(message, expected, hidden):
    assert graded.reveals(message, expected) is hidden


def test_strict_mode_is_graded_raises_and_records_nothing(shown, monkeypatch, tmp_path):
    monkeypatch.setenv(graded.STRICT_ENV, "1")
    q = rate_question(mistakes=[Mistake(26.54, "That is a percentage: the rate is 0.2654.")])
    with pytest.raises(AssertionError) as failed:
        q.check(26.54)
    assert "Incorrect (demo.q1)" in str(failed.value) and "0.2654" not in str(failed.value)
    q.check(0.2654)
    q.hint()
    q.solution()
    assert not (tmp_path / "progress.json").exists(), "the autograder is not a learner"


def test_points_default_to_one_and_can_be_set():
    assert rate_question().points == 1
    assert rate_question(points=3).points == 3
