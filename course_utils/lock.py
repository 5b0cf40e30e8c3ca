"""Read the lock files, which pin every package version for every platform.

``requirements.lock`` is the learner's set (the ``lab`` extra); ``requirements-dev.lock`` adds the
test and authoring tools. A line may carry an environment marker, such as
``appnope==1.0.0 ; sys_platform == 'darwin'``: pip installs only the lines whose marker holds, and
``pins_for`` answers the same question for any platform. ``course_tools.lockfile`` writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker

from course_utils.paths import LOCK_FILE

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:;\s*(.+?))?\s*$")
# Binder and the service image build on Linux x86-64 with Python 3.11 (3.11.14 in repo2docker 2026.4's base).
LINUX_ENVIRONMENT = {
    "implementation_name": "cpython", "os_name": "posix", "platform_machine": "x86_64",
    "platform_python_implementation": "CPython", "platform_system": "Linux", "python_full_version": "3.11.14",
    "python_version": "3.11", "sys_platform": "linux",
}


def normalise(name: str) -> str:
    """Canonical package name (PEP 503): lower case, runs of ``-_.`` become ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    """One lock line: ``name==version``, installed only where ``marker`` (empty: everywhere) holds."""

    name: str
    version: str
    marker: str = ""

    def applies(self, environment: dict[str, str] | None = None) -> bool:
        """Does the marker hold in ``environment`` (default: this interpreter's)?"""
        return not self.marker or Marker(self.marker).evaluate(environment)


def parse_pins(lines: list[str]) -> list[Pin]:
    """The pins found in ``lines``, names in canonical form; comments and anything else are skipped."""
    pins = []
    for line in lines:
        match = _PIN.match(line.strip())
        if match:
            pins.append(Pin(normalise(match.group(1)), match.group(2), match.group(3) or ""))
    return pins


def read_lock(path: Path = LOCK_FILE) -> list[Pin]:
    """Every pin of a lock file, markers kept."""
    return parse_pins(path.read_text(encoding="utf-8").splitlines())


def pins_for(pins: list[Pin], environment: dict[str, str] | None = None) -> dict[str, str]:
    """``{name: version}`` of the pins that apply in ``environment`` (default: this interpreter's)."""
    return {pin.name: pin.version for pin in pins if pin.applies(environment)}
