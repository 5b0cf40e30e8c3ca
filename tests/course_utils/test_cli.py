"""Does every subcommand of `course` have help, and do the checks exit as documented?"""

import subprocess
import sys

import pytest

from course_utils import cli

SUBCOMMANDS = ["doctor", "data", "exercises", "progress", "model", "schedule", "slides"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "course_utils.cli", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_short_help(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([name, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: course {name}" in capsys.readouterr().out


def test_data_check_passes_on_the_shipped_files():
    result = run("data", "--check")
    assert result.returncode == 0, result.stdout
    assert "matches a fresh generation" in result.stdout


def test_exercises_check_passes():
    result = run("exercises", "--check")
    assert result.returncode == 0, result.stdout


def test_doctor_passes_here():
    result = run("doctor")
    assert result.returncode == 0, result.stdout


def test_progress_lists_questions_and_counts(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    assert cli.main(["progress", "--lesson", "start"]) == 0
    out = capsys.readouterr().out
    assert "start.q1" in out and "pending" in out and "0 of 1 questions passed" in out


def test_progress_for_an_unknown_lesson_says_so(capsys):
    assert cli.main(["progress", "--lesson", "nope"]) == 1
    assert "No questions found for lesson 'nope'" in capsys.readouterr().out


def test_progress_reports_a_corrupt_file_in_a_sentence(tmp_path, monkeypatch, capsys):
    path = tmp_path / "p.json"
    path.write_text("{{{")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    assert cli.main(["progress"]) == 0
    assert "could not be read (JSONDecodeError)" in capsys.readouterr().out


def test_model_build_writes_the_artifact(tmp_path, capsys):
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m")]) == 0
    assert "Built churn-logistic 1.0.0" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["MODEL_CARD.md", "metadata.json", "model.skops"]
