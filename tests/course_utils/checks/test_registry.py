"""Does the registry list every question once, and is every question tested three ways?"""

import importlib
import subprocess
import sys

from course_utils.checks import Question, all_questions, get, question_modules
from course_utils.paths import ROOT


def questions_of(module_name: str) -> list[Question]:
    return [v for v in vars(importlib.import_module(module_name)).values() if isinstance(v, Question)]


def test_ids_are_unique_and_each_module_keeps_one_lesson_prefix():
    ids = [q.id for q in all_questions()]
    assert len(ids) == len(set(ids))
    prefixes = [{q.id.split(".")[0] for q in questions_of(name)} for name in question_modules()]
    assert all(len(p) == 1 for p in prefixes)
    assert len(set().union(*prefixes)) == len(prefixes)  # no two modules share a lesson prefix


def test_modules_come_part_by_part_in_course_order():
    parts = [name.split(".")[1] for name in question_modules()]
    assert parts == sorted(parts, key=["roles", "ds", "mle", "capstone"].index)
    assert "course_utils.ds.eda_questions" in question_modules()


def test_get_finds_a_question_by_id():
    assert isinstance(get("start.q1"), Question)


def test_every_question_has_a_prompt_and_a_solution():
    for q in all_questions():
        assert q.prompt and q.solution_text, q.id


def test_every_question_module_has_a_three_way_test_file_beside_its_mirror():
    for name in question_modules():
        *package, module = name.split(".")
        test_file = ROOT / "tests" / "/".join(package) / f"test_{module}.py"
        assert test_file.exists(), f"{name} has no {test_file.relative_to(ROOT)}"
        text = test_file.read_text()
        for q in questions_of(name):
            assert f'"{q.id}"' in text, f"{q.id} is not tested in {test_file.relative_to(ROOT)}"


def test_importing_every_question_imports_neither_scikit_learn_nor_scipy():
    """Do the question modules leave scikit-learn, scipy and the model module for the graders that need them?"""
    code = ("import sys; from course_utils.checks import all_questions; all_questions(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy') "
            "or m == 'course_utils.mle.model'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
