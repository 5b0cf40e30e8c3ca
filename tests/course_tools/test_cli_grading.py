"""Does `course grading init` write the folder, say what it did, and refuse in one line?"""

import pytest

from course_tools import cli


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured
    return captured.err


def test_grading_init_has_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["grading", "init", "--help"])
    assert exit_info.value.code == 0
    assert "usage: course grading init" in capsys.readouterr().out


def test_grading_init_writes_the_folder_then_finds_it_up_to_date(tmp_path, capsys):
    folder = tmp_path / "course"
    assert cli.main(["grading", "init", str(folder), "--lesson", "11_ds_eda", "--exchange", str(tmp_path / "x")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {folder / 'nbgrader_config.py'}" in out
    assert f"c.Exchange.root = {str(tmp_path / 'x')!r}" in (folder / "nbgrader_config.py").read_text()
    assert cli.main(["grading", "init", str(folder), "--lesson", "11_ds_eda", "--exchange", str(tmp_path / "x")]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_grading_init_refuses_to_replace_an_edited_file_in_one_line(tmp_path, capsys):
    folder = tmp_path / "course"
    assert cli.main(["grading", "init", str(folder), "--lesson", "11_ds_eda"]) == 0
    capsys.readouterr()
    (folder / "nbgrader_config.py").write_text("c = get_config()  # my settings\n")
    assert cli.main(["grading", "init", str(folder), "--lesson", "11_ds_eda"]) == 1
    assert one_line_error(capsys).startswith(f"Cannot write the grading folder: {folder / 'nbgrader_config.py'} ")
    assert "my settings" in (folder / "nbgrader_config.py").read_text()
    assert cli.main(["grading", "init", str(folder), "--lesson", "11_ds_eda", "--force"]) == 0
    assert "my settings" not in (folder / "nbgrader_config.py").read_text()


def test_grading_init_refuses_an_unknown_lesson_in_one_line(tmp_path, capsys):
    assert cli.main(["grading", "init", str(tmp_path / "c"), "--lesson", "11_eda"]) == 1
    assert "no solution notebook for 11_eda; choose from " in one_line_error(capsys)


def test_grading_init_refuses_an_unwritable_folder_in_one_line(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert cli.main(["grading", "init", str(tmp_path / "file" / "course"), "--lesson", "11_ds_eda"]) == 1
    assert one_line_error(capsys).startswith("Cannot write the grading folder: ")
