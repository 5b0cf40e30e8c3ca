"""Does `course copy` give a learner the lessons without ever overwriting what they wrote?"""

from course_tools import cli
from course_utils.paths import EXERCISES_DIR, NOTEBOOKS_DIR


def files_in(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()
                  and ".ipynb_checkpoints" not in p.parts)


def test_a_first_copy_brings_every_lesson_and_exercise(tmp_path, capsys):
    """Does an empty home get every notebook and every exercise, byte for byte?"""
    assert cli.main(["copy", str(tmp_path / "course")]) == 0
    for folder in (NOTEBOOKS_DIR, EXERCISES_DIR):
        assert files_in(tmp_path / "course" / folder.name) == files_in(folder)
    lesson = NOTEBOOKS_DIR / "00_start_here.ipynb"
    assert (tmp_path / "course" / "notebooks" / lesson.name).read_bytes() == lesson.read_bytes()
    total = len(files_in(NOTEBOOKS_DIR)) + len(files_in(EXERCISES_DIR))
    assert f"Copied {total} files" in capsys.readouterr().out


def test_a_second_copy_keeps_the_learners_answers(tmp_path, capsys):
    """After a learner edited an exercise and deleted a lesson, does copying again keep the edit and restore the lesson?"""
    dest = tmp_path / "course"
    cli.main(["copy", str(dest)])
    exercise = sorted((dest / "exercises").glob("*.ipynb"))[0]
    exercise.write_text("my answers")
    lesson = dest / "notebooks" / "00_start_here.ipynb"
    lesson.unlink()
    capsys.readouterr()
    assert cli.main(["copy", str(dest)]) == 0
    assert exercise.read_text() == "my answers"
    assert lesson.read_bytes() == (NOTEBOOKS_DIR / lesson.name).read_bytes()
    assert "Copied 1 files" in capsys.readouterr().out


def test_a_file_in_the_way_is_one_sentence(tmp_path, capsys):
    """Is a destination that is a file refused in one sentence on stderr, leaving the file alone?"""
    dest = tmp_path / "course"
    dest.write_text("notes")
    assert cli.main(["copy", str(dest)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a file, not a folder" in err
    assert dest.read_text() == "notes"
