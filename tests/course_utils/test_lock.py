"""Do the lock files agree with each other, keep dev tools from learners, and resolve on every platform?"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import lock
from course_utils.paths import DEV_LOCK_FILE, LOCK_FILE, ROOT

DEV_TOOLS = ("nbgrader", "playwright", "jupyter-repo2docker", "schemathesis", "pytest", "nbval", "uv")
# uv's names for the three platforms learners use, each with the marker values pip would see there.
PLATFORMS = {
    "x86_64-unknown-linux-gnu": {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"},
    "aarch64-apple-darwin": {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin"},
    "x86_64-pc-windows-msvc": {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows"},
}


def marker_environment(platform: str, python: str = "3.11.14") -> dict[str, str]:
    return {**lock.LINUX_ENVIRONMENT, **PLATFORMS[platform], "python_full_version": python}


@pytest.mark.parametrize("path", [LOCK_FILE, DEV_LOCK_FILE], ids=lambda p: p.name)
def test_every_line_of_a_lock_is_a_pin_or_a_comment(path):
    for line in path.read_text().splitlines():
        assert not line or line.startswith("#") or lock.parse_pins([line]), line

def test_the_dev_lock_holds_every_learner_pin_unchanged():
    dev = set(lock.read_lock(DEV_LOCK_FILE))
    assert [pin for pin in lock.read_lock(LOCK_FILE) if pin not in dev] == []

def test_a_learner_gets_no_test_or_authoring_tools_and_a_developer_gets_them():
    learner = {pin.name for pin in lock.read_lock(LOCK_FILE)}
    developer = {pin.name for pin in lock.read_lock(DEV_LOCK_FILE)}
    assert learner & set(DEV_TOOLS) == set()
    assert set(DEV_TOOLS) <= developer
    for name in ("jupyterlab", "notebook", "pandas", "matplotlib", "ipywidgets", "scikit-learn", "fastapi"):
        assert name in learner

def test_platform_only_packages_are_pinned_for_their_platform_only():
    pins = lock.read_lock(LOCK_FILE)
    mac, windows, linux = (lock.pins_for(pins, marker_environment(p))
                           for p in ("aarch64-apple-darwin", "x86_64-pc-windows-msvc", "x86_64-unknown-linux-gnu"))
    assert "appnope" in mac and "appnope" not in linux and "appnope" not in windows
    assert "pywinpty" in windows and "colorama" in windows and "pywinpty" not in linux

def test_markers_are_kept_and_names_are_canonical():
    pins = lock.parse_pins(["Jupyter_Server==2.0", "appnope==1.0.0 ; sys_platform == 'darwin'", "# note", ""])
    assert pins == [lock.Pin("jupyter-server", "2.0"), lock.Pin("appnope", "1.0.0", "sys_platform == 'darwin'")]
    assert lock.pins_for(pins, marker_environment("aarch64-apple-darwin")) == {"jupyter-server": "2.0",
                                                                                "appnope": "1.0.0"}
    assert lock.pins_for(pins, marker_environment("x86_64-unknown-linux-gnu")) == {"jupyter-server": "2.0"}

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
    assert lock.pins_for(lock.read_lock(out), environment) == lock.pins_for(lock.read_lock(path),
                                                                                        environment)
