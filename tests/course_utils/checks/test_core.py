"""Do questions grade every kind of answer into exactly one of three outcomes, without raising?"""

import numpy as np
import pandas as pd
import pytest

from course_utils.checks import (
    INCORRECT, NOT_ATTEMPTED, PASSED, Case, CustomQuestion, FunctionQuestion, Mistake, NotAttempted, ValueQuestion,
)


def number_question(**kwargs):
    return ValueQuestion(id="demo.q1", prompt="rate", expected=0.26, abs_tol=0.005,
                         hints=("first", "second"), solution_text="x = 0.26", **kwargs)


@pytest.mark.parametrize("blank", [None, ...])
def test_blanks_are_not_attempted(blank):
    assert number_question().grade(blank).status == NOT_ATTEMPTED


@pytest.mark.parametrize("answer", [0.26, 0.2599, np.float64(0.262), 26 / 100])
def test_numbers_within_tolerance_pass(answer):
    assert number_question().grade(answer).status == PASSED


def test_a_known_mistake_gets_its_own_message():
    q = number_question(mistakes=[Mistake(26.0, "That is a percentage; give a fraction.")])
    outcome = q.grade(26)
    assert outcome.status == INCORRECT
    assert outcome.message == "That is a percentage; give a fraction."
    assert outcome.mistake == "demo.q1.m0"


def test_only_a_known_mistake_gets_an_id():
    q = number_question(mistakes=[Mistake(1.0, "one"), Mistake(26.0, "percentage")])
    assert [q.grade(a).mistake for a in (26, 0.3, 0.26)] == ["demo.q1.m1", None, None]


def test_a_predicate_mistake_that_raises_is_skipped():
    q = number_question(mistakes=[Mistake(lambda a: 1 / 0, "never shown")])
    assert "not the answer we expected" in q.grade(0.5).message


@pytest.mark.parametrize("answer, words", [("0.26", "Expected a number"), (True, "Expected a number"),
                                           ([0.26], "Expected a number")])
def test_wrong_types_say_what_was_expected(answer, words):
    outcome = number_question().grade(answer)
    assert outcome.status == INCORRECT and words in outcome.message


def test_an_unknown_wrong_value_points_to_the_hint():
    outcome = number_question().grade(0.3)
    assert outcome.status == INCORRECT
    assert "0.3 (float) is not the answer we expected" in outcome.message
    assert "q1.hint()" in outcome.message


def test_strings_ignore_case_and_spaces_unless_told():
    q = ValueQuestion(id="d.q", prompt="", expected="Month-to-month")
    assert q.grade(" month-to-month ").passed
    strict = ValueQuestion(id="d.q", prompt="", expected="Month-to-month", case_sensitive=True)
    assert strict.grade("month-to-month").status == INCORRECT


def test_mappings_accept_a_series_and_compare_with_tolerance():
    q = ValueQuestion(id="d.q", prompt="", expected={"a": 0.5, "b": 0.25}, abs_tol=0.01)
    assert q.grade(pd.Series({"a": 0.501, "b": 0.249})).passed
    assert q.grade({"a": 0.5}).status == INCORRECT
    assert "Expected a dict or a Series" in q.grade(0.5).message


def test_sequences_in_and_out_of_order():
    ordered = ValueQuestion(id="d.q", prompt="", expected=["x", "y"])
    assert ordered.grade(np.array(["x", "y"])).passed
    assert ordered.grade(["y", "x"]).status == INCORRECT
    unordered = ValueQuestion(id="d.q", prompt="", expected=["x", "y"], ordered=False)
    assert unordered.grade(("y", "x")).passed


def test_booleans_are_not_numbers():
    q = ValueQuestion(id="d.q", prompt="", expected=True)
    assert q.grade(np.bool_(True)).passed
    assert q.grade(1).status == INCORRECT


def test_expected_can_be_computed_lazily_once():
    calls = []
    q = ValueQuestion(id="d.q", prompt="", expected=lambda: calls.append(1) or 7)
    assert q.grade(7).passed and q.grade(7).passed
    assert calls == [1]


class Hostile:
    def __eq__(self, other):
        raise RuntimeError("no comparing me")

    def __repr__(self):
        raise RuntimeError("no printing me either")


def test_grade_never_raises_even_on_hostile_answers():
    q = ValueQuestion(id="d.q", prompt="", expected=object())
    outcome = q.grade(Hostile())
    assert outcome.status == INCORRECT
    assert "could not be checked" in outcome.message


def square_cases():
    return [Case(args=(2,), expected=4), Case(args=(-3,), expected=9, message="squares are never negative.")]


def test_function_question_three_ways():
    q = FunctionQuestion(id="d.f", prompt="", cases=square_cases())

    def blank(x):
        """Return x squared."""

    def not_implemented(x):
        raise NotImplementedError

    assert q.grade(blank).status == NOT_ATTEMPTED
    assert q.grade(not_implemented).status == NOT_ATTEMPTED
    wrong = q.grade(lambda x: x * abs(x))
    assert wrong.status == INCORRECT and "squares are never negative" in wrong.message
    assert wrong.mistake == "d.f.c1"
    assert q.grade(lambda x: x * x).passed
    assert "Expected a function" in q.grade(4).message


@pytest.mark.parametrize("source", ["def f(x):\n    ...\n", "def f(x):\n    pass\n",
                                    'def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n'])
def test_a_stub_body_is_not_attempted(source):
    namespace = {}
    exec(source, namespace)
    assert FunctionQuestion(id="d.f", prompt="", cases=square_cases()).grade(namespace["f"]).status == NOT_ATTEMPTED


def test_a_function_that_forgets_return_is_incorrect():
    def square(x):
        """Return x squared."""
        x * x

    outcome = FunctionQuestion(id="d.f", prompt="", cases=square_cases()).grade(square)
    assert outcome.status == INCORRECT
    assert outcome.message == "Your function returned None for every test case: did you forget `return`?"


def test_function_question_reports_the_call_that_raised():
    q = FunctionQuestion(id="d.f", prompt="", cases=square_cases())

    def square(x):
        raise ValueError("boom")

    outcome = q.grade(square)
    assert outcome.status == INCORRECT
    assert outcome.message == "square(2) raised ValueError: boom"


def test_custom_question_uses_its_grader():
    def grader(answer):
        if answer == "stub":
            raise NotAttempted
        return None if answer == "ok" else "Say ok."

    q = CustomQuestion(id="d.c", prompt="", grader=grader)
    assert [q.grade(a).status for a in ("stub", "nope", "ok")] == [NOT_ATTEMPTED, INCORRECT, PASSED]
    assert q.grade("nope").message == "Say ok."


def test_hints_go_in_order_and_stop_at_the_last(capsys):
    q = number_question()
    q.hint(), q.hint(), q.hint()
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Hint 1 of 2: first Run it again for the next one.", "Hint 2 of 2: second", "Hint 2 of 2: second"]


def test_solution_shows_the_worked_answer(capsys):
    number_question().solution()
    assert capsys.readouterr().out == "Solution (demo.q1):\nx = 0.26\n"


def test_check_records_a_pass_and_only_a_pass(tmp_path, monkeypatch, capsys):
    from course_utils import progress

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    q = number_question()
    q.check(0.5)
    assert progress.load().passed == {}
    q.check(0.26)
    assert list(progress.load().passed) == ["demo.q1"]
    assert "Correct (demo.q1)" in capsys.readouterr().out


def test_check_hint_and_solution_record_attempts_without_the_answer(tmp_path, monkeypatch, capsys):
    from course_utils import progress

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    q = number_question(mistakes=[Mistake(26.0, "percentage")])
    q.check(26), q.hint(), q.solution(), q.check(0.26)
    attempts = progress.load().attempts
    assert [(a["event"], a["status"], a["mistake"]) for a in attempts] == [
        ("check", INCORRECT, "demo.q1.m0"), ("hint", None, None), ("solution", None, None), ("check", PASSED, None)]
    assert all(set(a) == {"question", "event", "status", "mistake", "time"} for a in attempts)


def test_an_unwritable_progress_file_costs_a_check_one_sentence(tmp_path, monkeypatch, capsys):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "file" / "p.json"))
    number_question().check(0.5)
    number_question().check(0.26)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("\N{CROSS MARK}") and lines[1].startswith("Progress could not be saved")
    assert "Your answer is right, but progress could not be saved" in lines[3]


def test_outcome_renders_as_text_and_escaped_html():
    outcome = ValueQuestion(id="d.q", prompt="", expected="<b>").grade("x")
    assert str(outcome).startswith("\N{CROSS MARK} Incorrect (d.q): ")
    assert "&#x27;x&#x27;" in outcome._repr_html_() or "&#39;x&#39;" in outcome._repr_html_()


def test_strict_mode_raises_for_autograders(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    q = number_question()
    with pytest.raises(AssertionError, match="Not attempted yet"):
        q.check(...)
    with pytest.raises(AssertionError, match="Incorrect"):
        q.check(0.9)
    q.check(0.26)
