"""Does the registry list every question once, and is every question tested three ways?"""

from pathlib import Path

from course_utils.checks import Question, all_questions, get, lesson_modules

TESTS_DIR = Path(__file__).parent


def test_ids_are_unique_and_start_with_their_module_name():
    questions = all_questions()
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    for q in questions:
        assert q.id.split(".")[0] in lesson_modules()


def test_get_finds_a_question_by_id():
    assert isinstance(get("start.q1"), Question)


def test_every_question_has_a_prompt_and_a_solution():
    for q in all_questions():
        assert q.prompt and q.solution_text, q.id


def test_every_lesson_module_has_a_three_way_test_file():
    for module in lesson_modules():
        test_file = TESTS_DIR / f"test_{module}.py"
        assert test_file.exists(), f"{module} has no {test_file.name}"
        text = test_file.read_text()
        for q in all_questions():
            if q.id.startswith(module + "."):
                assert f'"{q.id}"' in text, f"{q.id} is not tested in {test_file.name}"
