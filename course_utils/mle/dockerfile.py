"""Read the service's Dockerfile (``serving.Dockerfile``): its build stages, the files each one copies
and the command the container runs.

Small on purpose: enough of the Dockerfile syntax for the course's own file (line continuations,
comments, stages ``FROM image AS name``, ``COPY`` with flags, copies from another stage with
``--from=``, the JSON form of ``CMD``), so a test can check that every file the image needs exists,
that the runtime stage takes only the artifact from the build stage, and that the container starts
the real service. ``packages_for`` says which packages a stage's ``pip install`` brings in.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement

from course_utils.lock import LINUX_ENVIRONMENT, normalise
from course_utils.paths import ROOT

# Not plain "Dockerfile": repo2docker (Binder) would build a root Dockerfile instead of environment.yml.
DOCKERFILE = ROOT / "serving.Dockerfile"


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, in order, with continuations joined and comments dropped."""
    result, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        full = (pending + stripped).strip()
        pending = ""
        if full:
            word, _, rest = full.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


@dataclass(frozen=True)
class Copy:
    """One ``COPY`` or ``ADD``: what it copies, where to, and from which stage (None: the build context)."""

    sources: tuple[str, ...]
    destination: str
    stage: str | None


def parse_copy(args: str) -> Copy:
    """The arguments of a ``COPY``/``ADD`` line: ``--flags`` first, then sources, the destination last."""
    flags = []
    while args.startswith("--"):
        flag, _, args = args.partition(" ")
        flags.append(flag)
        args = args.strip()
    stage = next((flag.partition("=")[2] for flag in flags if flag.startswith("--from=")), None)
    paths = json.loads(args) if args.startswith("[") else shlex.split(args)
    return Copy(tuple(paths[:-1]), paths[-1], stage)


@dataclass(frozen=True)
class Stage:
    """One build stage: its name (``AS name``, else its number), its base image and its instructions."""

    name: str
    image: str
    steps: tuple[tuple[str, str], ...]

    @property
    def copies(self) -> list[Copy]:
        return [parse_copy(args) for word, args in self.steps if word in ("COPY", "ADD")]


def stages(text: str) -> list[Stage]:
    """The build stages, in order: each ``FROM`` starts one; the last is the image that runs."""
    found: list[tuple[str, str, list]] = []
    for word, args in instructions(text):
        if word == "FROM":
            words = [w for w in args.split() if not w.startswith("--")]  # drop --platform=...
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(found))
            found.append((name, words[0], []))
        elif found:
            found[-1][2].append((word, args))
    return [Stage(name, image, tuple(steps)) for name, image, steps in found]


def copied_sources(text: str) -> list[str]:
    """The paths ``COPY`` and ``ADD`` take from the build context, in order (``--from`` copies excluded)."""
    copies = [parse_copy(args) for word, args in instructions(text) if word in ("COPY", "ADD")]
    return [source for copy in copies if copy.stage is None for source in copy.sources]


def command(text: str) -> list[str]:
    """The container's command: the last ``CMD`` (JSON form), or ``[]`` if there is none."""
    commands = [args for word, args in instructions(text) if word == "CMD"]
    return json.loads(commands[-1]) if commands else []


def packages_for(requirement: str) -> list[str]:
    """Every package ``pip install REQUIREMENT`` brings in, itself included, sorted by canonical name.

    Read from the metadata of the packages installed here, with markers evaluated for the image's
    platform (Linux, Python 3.11) whatever machine asks (``"ds-vs-mle-course[serving]"``: the runtime stage).
    """
    found: dict[str, set[str]] = {}
    todo = [Requirement(requirement)]
    while todo:
        wanted = todo.pop()
        name = normalise(wanted.name)
        if name in found and wanted.extras <= found[name]:
            continue
        found.setdefault(name, set()).update(wanted.extras)
        extras = found[name] or {""}
        for line in metadata.requires(wanted.name) or []:
            dependency = Requirement(line)
            if dependency.marker is None or any(dependency.marker.evaluate({**LINUX_ENVIRONMENT, "extra": e})
                                                for e in extras):
                todo.append(dependency)
    return sorted(found)
