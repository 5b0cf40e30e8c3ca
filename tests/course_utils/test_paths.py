"""Where does the course write what it rebuilds, for a learner in a checkout and on a shared hub install?"""

from pathlib import Path

from course_utils import paths


def test_state_dir_is_build_in_a_writable_checkout(monkeypatch):
    """Does a contributor's checkout keep writing into its own build/ folder?"""
    monkeypatch.delenv(paths.STATE_ENV, raising=False)
    assert paths.state_dir() == paths.ROOT / "build"


def test_the_state_variable_wins_and_expands_home_and_variables(monkeypatch, tmp_path):
    """Can a hub give every learner a folder in their own home with one setting?"""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("COURSE_TERM", "autumn")
    monkeypatch.setenv(paths.STATE_ENV, "~/.course-$COURSE_TERM")
    assert paths.state_dir() == tmp_path / ".course-autumn"


def test_a_read_only_install_falls_back_to_the_users_own_folder(monkeypatch, tmp_path):
    """On a hub where the course lives in a folder learners cannot write, does each get a folder of their own?"""
    monkeypatch.delenv(paths.STATE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    # Root may write anywhere, so the permission check itself is replaced, not a folder's mode.
    monkeypatch.setattr(paths, "writable", lambda folder: False)
    assert paths.state_dir() == tmp_path / ".local" / "state" / "ds-vs-mle-course"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert paths.state_dir() == tmp_path / "xdg" / "ds-vs-mle-course"


def test_shown_paths_are_short(monkeypatch, tmp_path):
    """Are paths shown relative to the repository, or to the home folder, when they are inside one?"""
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.shown(paths.ROOT / "build" / "churn-model") == "build/churn-model"
    assert paths.shown(tmp_path / ".local" / "state" / "m") == "~/.local/state/m"
    assert paths.shown(Path("/opt/elsewhere")) == "/opt/elsewhere"


def test_writable_looks_at_the_nearest_folder_that_exists(tmp_path):
    """Is a folder that does not exist yet writable when its nearest existing parent is, and not under a file?"""
    assert paths.writable(tmp_path / "a" / "b" / "c")
    (tmp_path / "file").write_text("x")
    assert not paths.writable(tmp_path / "file" / "sub")
