"""Read the service's Dockerfile (``serving.Dockerfile``): which files it copies and which command it runs.

Small on purpose: enough of the Dockerfile syntax for the course's own file (line continuations,
comments, ``COPY`` with flags, the JSON form of ``CMD``), so a test can check that every file the
image needs exists and that the container starts the real service.
"""

from __future__ import annotations

import json
import shlex

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


def copied_sources(text: str) -> list[str]:
    """The paths ``COPY`` and ``ADD`` take from the build context, in order (``--from`` copies excluded)."""
    sources = []
    for word, args in instructions(text):
        if word not in ("COPY", "ADD"):
            continue
        flags = []
        while args.startswith("--"):
            flag, _, args = args.partition(" ")
            flags.append(flag)
            args = args.strip()
        if any(flag.startswith("--from=") for flag in flags):
            continue
        paths = json.loads(args) if args.startswith("[") else shlex.split(args)
        sources += paths[:-1]  # the last path is the destination in the image
    return sources


def command(text: str) -> list[str]:
    """The container's command: the last ``CMD`` (JSON form), or ``[]`` if there is none."""
    commands = [args for word, args in instructions(text) if word == "CMD"]
    return json.loads(commands[-1]) if commands else []
