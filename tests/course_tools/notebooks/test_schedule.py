"""Are the workshop schedules current, in prerequisite order, with breaks, and honest about overflow?"""

import pytest

from course_tools.notebooks import lessons, schedule


def lesson(path, minutes, prerequisites=(), track="ds"):
    return lessons.Lesson(path, path.split("/")[-1], track, minutes, (), (), tuple(prerequisites))


def test_the_shipped_instructor_pages_are_up_to_date():
    assert schedule.stale_pages() == [], "run `course schedule`"


def test_common_mistakes_quote_the_checkers():
    page = schedule.render_mistakes()
    assert "**`start.q1`** How many customers are in the clean churn table?" in page
    assert "That is the number of columns. Rows are customers: try len(df)." in page


def test_each_common_mistake_shows_the_id_progress_records():
    """Can an instructor read a learner's recorded mistake ids on the page?"""
    page = schedule.render_mistakes()
    assert "  - `start.q1.m0` " in page and "  - `capstone.q2.c0` " in page


def test_lessons_follow_their_prerequisites(monkeypatch):
    monkeypatch.setattr(lessons, "all_lessons", lambda: [
        lesson("notebooks/10_a.ipynb", 20, ["notebooks/20_b.ipynb"]),
        lesson("notebooks/20_b.ipynb", 20),
        lesson("solutions/10_a_solution.ipynb", 15),
    ])
    units = schedule.units()
    assert [u.lesson.path for u in units] == ["notebooks/20_b.ipynb", "notebooks/10_a.ipynb"]
    assert units[1].exercise.path == "solutions/10_a_solution.ipynb" and units[0].exercise is None


def test_a_prerequisite_cycle_is_refused(monkeypatch):
    monkeypatch.setattr(lessons, "all_lessons", lambda: [
        lesson("notebooks/10_a.ipynb", 20, ["notebooks/20_b.ipynb"]),
        lesson("notebooks/20_b.ipynb", 20, ["notebooks/10_a.ipynb"]),
    ])
    with pytest.raises(ValueError, match="cycle"):
        schedule.units()


def test_a_day_has_breaks_a_lunch_and_ends_by_five():
    day = [schedule.Unit(lesson(f"notebooks/{i}_x.ipynb", 45), lesson(f"solutions/{i}_x_solution.ipynb", 30))
           for i in range(10, 16)]
    rows, take_home, not_covered = schedule.plan_day(day)
    blocks = [block for _, block, _, _ in rows]
    assert blocks.count("Lunch") == 1 and blocks.count("Break") >= 2
    assert rows[0][0] == "09:00"
    assert rows[-1][0] <= "16:45" and blocks[-1] == "Wrap-up and questions"
    assert blocks[-2] not in ("Break", "Lunch"), "no pause right before the wrap-up"
    assert take_home or not_covered, "six 75-minute lessons cannot all fit in one day"


def test_overflowing_exercises_become_take_home_work():
    day = [schedule.Unit(lesson("notebooks/10_x.ipynb", 400), lesson("solutions/10_x_solution.ipynb", 60))]
    rows, take_home, not_covered = schedule.plan_day(day)
    assert take_home == ["exercises/10_x_exercise.ipynb"] and not_covered == []
