"""Does every subcommand of `course` have help, do the checks exit as documented, and does every error
come as one sentence on stderr with exit code 1?"""

import json
import subprocess
import sys

import pytest

from course_tools import cli
from course_utils import data, paths
from course_utils.mle import model

SUBCOMMANDS = ["doctor", "data", "exercises", "progress", "model", "schedule", "slides", "serve", "grading", "copy"]



def run(*args):
    return subprocess.run([sys.executable, "-m", "course_tools.cli", *args], capture_output=True, text=True,
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
    assert capsys.readouterr().err == "No questions found for lesson 'nope'.\n"


def test_progress_reports_a_corrupt_file_in_a_sentence(tmp_path, monkeypatch, capsys):
    path = tmp_path / "p.json"
    path.write_text("{{{")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    assert cli.main(["progress"]) == 0
    assert "could not be read (JSONDecodeError)" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]


def test_model_build_writes_the_artifact(tmp_path, capsys):
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert "Built churn-logistic 1.0.0" in out and "Signed" in out
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["MODEL_CARD.md", "metadata.json", "model.sig",
                                                                 "model.skops"]


def test_serve_defaults_to_loopback_and_port_8000():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.dir) == ("127.0.0.1", 8000, None)


def one_line_error(capsys) -> str:
    """The error a failed command printed: one line on stderr, nothing on stdout."""
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured
    return captured.err


def test_serve_refuses_a_missing_artifact_in_one_line(tmp_path, capsys):
    assert cli.main(["serve", "--dir", str(tmp_path / "none")]) == 1
    err = one_line_error(capsys)
    assert err.startswith("Cannot serve: No model artifact") and f"--dir {tmp_path / 'none'}" in err


def test_model_build_refuses_a_missing_data_file_in_one_line(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m"), "--data", str(missing)]) == 1
    err = one_line_error(capsys)
    assert str(missing) in err and "--data" in err
    assert not (tmp_path / "m").exists()


def test_model_build_refuses_a_table_that_is_not_the_clean_one(tmp_path, capsys):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m"), "--data", str(other)]) == 1
    err = one_line_error(capsys)
    assert str(other) in err and "lacks the columns" in err and "--data" in err
    raw = data.data_path("telco_churn_raw.csv")  # the right columns, but text where numbers belong
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m"), "--data", str(raw)]) == 1
    assert "training on" in one_line_error(capsys)


def test_model_build_refuses_a_dir_it_cannot_write_in_one_line(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    assert cli.main(["model", "build", "--dir", str(tmp_path / "file" / "m")]) == 1
    err = one_line_error(capsys)
    assert "cannot write to" in err and "--dir" in err


def test_an_installed_copy_asks_for_dir_and_data_and_writes_nothing_beside_itself(tmp_path, monkeypatch, capsys):
    """Installed with `pip install .`, the package sits in site-packages: there is no default folder to build
    into, no data/ to train on, and no repository for the authoring commands."""
    monkeypatch.setattr(paths, "CHECKOUT", False)
    monkeypatch.setattr(model, "DEFAULT_DIR", None)
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "site-packages" / "data")
    assert cli.main(["model", "build"]) == 1
    assert "pass --dir" in one_line_error(capsys)
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m")]) == 1
    err = one_line_error(capsys)
    assert str(tmp_path / "site-packages" / "data" / "telco_churn_clean.csv") in err and "pass --data" in err
    assert cli.main(["serve"]) == 1
    assert "pass --dir" in one_line_error(capsys)
    for command in ("data", "exercises", "schedule", "slides", "doctor"):
        assert cli.main([command]) == 1
        assert "installed copy" in one_line_error(capsys)
    assert not (tmp_path / "m").exists() and not (tmp_path / "site-packages").exists()


def test_serve_runs_the_real_app_on_loopback(tmp_path):
    """Does `course serve` start uvicorn with the service, answer /health, and stop on SIGINT?"""
    import signal
    import time

    import httpx

    from course_utils.mle import model
    from course_utils.mle.bench import free_port

    model.build_artifact(tmp_path / "m")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "course_tools.cli", "serve", "--port", str(port),
                             "--dir", str(tmp_path / "m")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
                time.sleep(0.2)
        assert health.json()["model_version"] == "1.0.0"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}" in out


def test_progress_reset_of_one_lesson_leaves_the_rest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    from course_utils import progress

    progress.record_pass("start.q1")
    progress.record_pass("ds_eda.q1")
    assert cli.main(["progress", "--reset", "--lesson", "ds_eda"]) == 0
    assert "lesson ds_eda cleared (1 passed" in capsys.readouterr().out
    assert list(progress.load().passed) == ["start.q1"]


def test_progress_of_an_unknown_lesson_is_refused_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    assert cli.main(["progress", "--reset", "--lesson", "ds_eda_typo"]) == 1
    captured = capsys.readouterr()
    assert "No questions found for lesson 'ds_eda_typo'" in captured.err and captured.out == ""


@pytest.mark.parametrize("text", ["{{{", "[]", '{"nbformat": 4, "cells": 3}'])
def test_slides_refuses_a_file_that_is_not_a_notebook_in_one_line(text, tmp_path, capsys):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    assert cli.main(["slides", str(path), "--out", str(tmp_path / "out")]) == 1
    assert one_line_error(capsys).startswith(f"Cannot export {path}: it is not a notebook")


@pytest.fixture
def course_layout(tmp_path, monkeypatch):
    """One solution and its generated exercise in ``tmp_path``, with the exercises module pointing there."""
    from course_tools.notebooks import exercises

    (tmp_path / "solutions").mkdir()
    nb = {"cells": [{"cell_type": "code", "source": "x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n",
                     "outputs": [], "execution_count": None, "metadata": {}, "id": "a"}],
          "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "solutions" / "10_demo_solution.ipynb").write_text(json.dumps(nb))
    monkeypatch.setattr(exercises, "SOLUTIONS_DIR", tmp_path / "solutions")
    monkeypatch.setattr(exercises, "EXERCISES_DIR", tmp_path / "exercises")
    monkeypatch.setattr(exercises, "ROOT", tmp_path)
    assert cli.main(["exercises"]) == 0
    return tmp_path / "exercises"


def test_exercises_keeps_an_edited_exercise_in_one_line_and_force_replaces_it(course_layout, capsys):
    mine = course_layout / "10_demo_exercise.ipynb"
    mine.write_text(mine.read_text().replace("# YOUR CODE HERE", "x = 42"))
    (course_layout / "10_demo_exercise-Copy1.ipynb").write_text("{}")
    capsys.readouterr()
    assert cli.main(["exercises"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [l for l in out if l.startswith("kept exercises/10_demo_exercise.ipynb")] == [out[1]]
    assert "--force" in out[1] and out[0].startswith("left exercises/10_demo_exercise-Copy1.ipynb alone")
    assert "x = 42" in mine.read_text()
    assert cli.main(["exercises", "--check"]) == 0
    assert cli.main(["exercises", "--force"]) == 0
    assert "x = 42" not in mine.read_text() and (course_layout / "10_demo_exercise-Copy1.ipynb").exists()


def test_exercises_out_refuses_a_folder_with_files_in_one_line(course_layout, tmp_path, capsys):
    assert cli.main(["exercises", "--out", str(tmp_path / "blank")]) == 0
    assert (tmp_path / "blank" / "10_demo_exercise.ipynb").is_file()
    capsys.readouterr()
    assert cli.main(["exercises", "--out", str(tmp_path / "blank")]) == 1
    assert one_line_error(capsys).startswith("Cannot generate exercises:")


def test_exercises_refuses_bad_solution_markup_in_one_line(course_layout, capsys):
    bad = {"cells": [{"cell_type": "code", "source": "### BEGIN SOLUTION\n", "metadata": {}}], "metadata": {}}
    (course_layout.parent / "solutions" / "10_demo_solution.ipynb").write_text(json.dumps(bad))
    capsys.readouterr()
    assert cli.main(["exercises"]) == 1
    assert "solutions/10_demo_solution.ipynb" in one_line_error(capsys)


def test_serve_refuses_an_alias_that_does_not_exist_in_one_line(tmp_path, capsys):
    """Does `course serve --alias` name the missing alias in one sentence, and start nothing?"""
    assert cli.main(["serve", "--alias", "production", "--store", str(tmp_path / "store")]) == 1
    err = one_line_error(capsys)
    assert err == ("Cannot serve: The registry has no model 'churn' with the alias 'production': register a run "
                   "and set the alias first.\n")


def test_model_build_signs_with_the_key_it_is_given(tmp_path, capsys):
    from course_utils.mle import model, signing

    private, public = signing.ensure_keys(tmp_path / "keys")
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m"), "--key", str(private)]) == 0
    assert "Signed" in capsys.readouterr().out
    assert model.load_artifact(tmp_path / "m", public_key=public).version == model.MODEL_VERSION


def test_serve_refuses_a_tampered_artifact_whose_hash_was_updated(tmp_path, capsys):
    """Does `course serve --public-key` refuse, in one line, a model swapped with its SHA-256 rewritten?"""
    import json

    from course_utils.mle import model, signing

    private, public = signing.ensure_keys(tmp_path / "keys")
    assert cli.main(["model", "build", "--dir", str(tmp_path / "m"), "--key", str(private)]) == 0
    capsys.readouterr()
    meta_path = tmp_path / "m" / "metadata.json"
    (tmp_path / "m" / "model.skops").write_bytes((tmp_path / "m" / "model.skops").read_bytes() + b" ")
    meta = json.loads(meta_path.read_text())
    meta["artifact_sha256"] = model.file_hash(tmp_path / "m" / "model.skops")
    meta_path.write_text(json.dumps(meta))
    assert cli.main(["serve", "--dir", str(tmp_path / "m"), "--public-key", str(public)]) == 1
    assert one_line_error(capsys).startswith("Cannot serve: The artifact does not match its signature "
                                             "(a file's contents changed)")
    import os

    assert signing.PUBLIC_KEY_ENV not in os.environ  # a refused serve leaves no setting behind for later loads
