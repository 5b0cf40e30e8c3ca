"""Do the lock files agree with each other and with environment.yml, and do they resolve on every platform?"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import lockfile
from course_utils.paths import DEV_LOCK_FILE, ENVIRONMENT_FILE, LOCK_FILE, ROOT

DEV_TOOLS = ("nbgrader", "playwright", "jupyter-repo2docker", "schemathesis", "pytest", "nbval", "uv")
# uv's names for the three platforms learners use, each with the marker values pip would see there.
PLATFORMS = {
    "x86_64-unknown-linux-gnu": {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"},
    "aarch64-apple-darwin": {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin"},
    "x86_64-pc-windows-msvc": {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows"},
}


def marker_environment(platform: str, python: str = "3.11.14") -> dict[str, str]:
    return {**lockfile.LINUX_ENVIRONMENT, **PLATFORMS[platform], "python_full_version": python}


def test_environment_yml_lists_exactly_the_learner_pins_for_binder():
    expected = lockfile.pins_for(lockfile.read_lock(LOCK_FILE), lockfile.LINUX_ENVIRONMENT)
    assert lockfile.read_environment_pins(ENVIRONMENT_FILE) == expected


def test_environment_yml_pins_python_311_and_keeps_pip():
    text = ENVIRONMENT_FILE.read_text()
    assert "  - python=3.11\n" in text
    assert "  - pip\n" in text


@pytest.mark.parametrize("path", [LOCK_FILE, DEV_LOCK_FILE], ids=lambda p: p.name)
def test_every_line_of_a_lock_is_a_pin_or_a_comment(path):
    for line in path.read_text().splitlines():
        assert not line or line.startswith("#") or lockfile.parse_pins([line]), line


def test_the_dev_lock_holds_every_learner_pin_unchanged():
    dev = set(lockfile.read_lock(DEV_LOCK_FILE))
    assert [pin for pin in lockfile.read_lock(LOCK_FILE) if pin not in dev] == []


def test_a_learner_gets_no_test_or_authoring_tools_and_a_developer_gets_them():
    learner = {pin.name for pin in lockfile.read_lock(LOCK_FILE)}
    developer = {pin.name for pin in lockfile.read_lock(DEV_LOCK_FILE)}
    assert learner & set(DEV_TOOLS) == set()
    assert set(DEV_TOOLS) <= developer
    for name in ("jupyterlab", "notebook", "pandas", "matplotlib", "ipywidgets", "scikit-learn", "fastapi"):
        assert name in learner


def test_platform_only_packages_are_pinned_for_their_platform_only():
    pins = lockfile.read_lock(LOCK_FILE)
    mac, windows, linux = (lockfile.pins_for(pins, marker_environment(p))
                           for p in ("aarch64-apple-darwin", "x86_64-pc-windows-msvc", "x86_64-unknown-linux-gnu"))
    assert "appnope" in mac and "appnope" not in linux and "appnope" not in windows
    assert "pywinpty" in windows and "colorama" in windows and "pywinpty" not in linux


def test_markers_are_kept_and_names_are_canonical():
    pins = lockfile.parse_pins(["Jupyter_Server==2.0", "appnope==1.0.0 ; sys_platform == 'darwin'", "# note", ""])
    assert pins == [lockfile.Pin("jupyter-server", "2.0"), lockfile.Pin("appnope", "1.0.0", "sys_platform == 'darwin'")]
    assert lockfile.pins_for(pins, marker_environment("aarch64-apple-darwin")) == {"jupyter-server": "2.0",
                                                                                "appnope": "1.0.0"}
    assert lockfile.pins_for(pins, marker_environment("x86_64-unknown-linux-gnu")) == {"jupyter-server": "2.0"}


def test_rendered_environment_reads_back(tmp_path):
    env = tmp_path / "environment.yml"
    env.write_text(lockfile.render_environment({"pandas": "3.1.1", "jupyterlab": "4.6.6"}))
    assert lockfile.read_environment_pins(env) == {"pandas": "3.1.1", "jupyterlab": "4.6.6"}


@pytest.mark.registry
@pytest.mark.parametrize("python", ["3.11.0", "3.11.14"])
@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize("path", [LOCK_FILE, DEV_LOCK_FILE], ids=lambda p: p.name)
def test_the_lock_resolves_on_every_platform_to_exactly_its_pins(registry, tmp_path, path, platform, python):
    """Resolving the lock's own lines for a platform adds nothing and changes nothing (no install)."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    out = tmp_path / "resolved.txt"
    result = subprocess.run(
        [uv, "pip", "compile", str(path), "--python-version", python, "--python-platform", platform,
         "--no-header", "--no-annotate", "--quiet", "-o", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    environment = marker_environment(platform, python)
    assert lockfile.pins_for(lockfile.read_lock(out), environment) == lockfile.pins_for(lockfile.read_lock(path),
                                                                                        environment)
