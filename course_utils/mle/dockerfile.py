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
import re
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


# What a shipped image must not contain, copied from the build context: environments, history, local output.
_NOT_SHIPPED = (".", "./", "*", ".venv", ".git", "build", "notebooks", "test-artifacts")
_LOOPBACK = ("127.0.0.1", "localhost")
# What `pip install .` reads to build the package (pyproject.toml names the readme and both packages).
_PACKAGE_FILES = ("pyproject.toml", "README.md", "course_utils", "course_tools")


def _option(words: list[str], name: str) -> str | None:
    """The value after ``name`` (``--host 0.0.0.0`` or ``--host=0.0.0.0``), or ``None``."""
    for index, word in enumerate(words):
        if word == name and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(name + "="):
            return word.partition("=")[2]
    return None


def _model_builds(stage: Stage) -> list[list[str]]:
    """The arguments of each ``course model build`` this stage runs."""
    runs = " ".join(args for word, args in stage.steps if word == "RUN")
    return [shlex.split(found) for found in re.findall(r"course model build([^&;|]*)", runs)]


def _model_dirs(found: list[Stage]) -> set[str]:
    """Where the running stage finds a model: built there, or copied from a stage that builds one."""
    stage = found[-1]
    built = {_option(words, "--dir") for words in _model_builds(stage)}
    builders = {s.name for s in found[:-1] if _model_builds(s)}
    copied = {copy.destination for copy in stage.copies if copy.stage in builders}
    return {d.rstrip("/") for d in built | copied if d}


def review(text: str) -> list[str]:
    """What keeps ``text`` from being a Dockerfile fit to ship the churn service, one sentence each, in file order.

    Every stage: a fully versioned base image, pip installs constrained by ``requirements.lock``, only
    repository files copied (never the whole folder, an environment or a local model), the files
    ``pip install .`` and ``course model build`` read copied, explicit. The stage that
    runs: its pip cache off, the model built in the image (here or in a stage it copies from), a non-root
    user that exists, a ``HEALTHCHECK`` on a health route (``/readyz``, ``/livez`` or ``/health``) with a tool
    the image has, and a JSON-form ``CMD`` that runs ``course serve`` on that model, on 0.0.0.0 at the exposed
    port. An empty list: none was found.
    """
    found = stages(text)
    if not found:
        return ["There is no FROM line: a Dockerfile starts from a base image."]
    problems = []
    for stage in found:
        base = stage.image
        if "@sha256:" not in base and not re.search(r":\d+\.\d+\.\d+", base):
            problems.append(f"FROM {base}: that tag moves (a rebuild next month may get another Python); name a "
                            "full version such as python:3.11.17-slim-bookworm.")
        for copy in stage.copies:
            for source in copy.sources if copy.stage is None else ():
                top = source.strip("/").split("/")[0] or source
                if source in _NOT_SHIPPED or top in _NOT_SHIPPED:
                    problems.append(f"COPY {source}: that copies the whole folder or local output, and only "
                                    ".dockerignore keeps .venv, .git or a laptop's model out; copy only the files "
                                    "the service needs.")
                elif not (ROOT / source).exists():
                    problems.append(f"COPY {source}: there is no such file in the repository.")
        copied = {s.rstrip("/") for copy in stage.copies if copy.stage is None for s in copy.sources}
        for words in _model_builds(stage):
            data = _option(words, "--data")
            if _option(words, "--dir") is None or data is None:
                problems.append("course model build needs --dir and --data in an image: outside a checkout it "
                                "has no default folder and no default data.")
            elif "." not in copied and not any(data == c or data.startswith(c + "/") for c in copied):
                problems.append(f"course model build reads {data}, but no COPY brings it into this stage.")
        runs = " ".join(args for word, args in stage.steps if word in ("RUN", "CMD"))
        if re.search(r"pip install[^&;]*\s[\"']?\.(\[|[\"']|\s|$)", runs):
            lacking = [] if "." in copied else [name for name in _PACKAGE_FILES if name not in copied]
            if lacking:
                problems.append(f"pip install . builds the package from {', '.join(_PACKAGE_FILES)}: this stage "
                                f"does not copy {', '.join(lacking)}.")
        for word, args in stage.steps:
            if word == "RUN" and "pip install" in args and "requirements.lock" not in args:
                problems.append("A pip install without requirements.lock: each build may get other versions. "
                                "Constrain it with -c requirements.lock.")
            elif word == "RUN" and "requirements.lock" in args and "requirements.lock" not in copied:
                problems.append("pip uses requirements.lock, but no COPY brings it into this stage.")
    problems += _review_runtime(found)
    return list(dict.fromkeys(problems))  # one pip line or one COPY may repeat a problem


def _review_runtime(found: list[Stage]) -> list[str]:
    """The checks on the stage that runs (the last one)."""
    stage, problems = found[-1], []
    steps = stage.steps
    runs = " ".join(args for word, args in steps if word == "RUN")
    envs = " ".join(args for word, args in steps if word == "ENV")
    installs = [args for word, args in steps if word == "RUN" and "pip install" in args]
    if installs and not re.search(r"PIP_NO_CACHE_DIR[= ]+(1|true|yes|on)\b", envs, re.I) and not all(
            "--no-cache-dir" in args for args in installs):
        problems.append("pip keeps its download cache in the image: set ENV PIP_NO_CACHE_DIR=1 or pass "
                        "--no-cache-dir.")
    model_dirs = _model_dirs(found)
    if not model_dirs:
        problems.append("The model is not built in the image: RUN course model build (here, or in a stage you "
                        "COPY --from), so it is trained with the image's own package versions.")
    users = [args.strip() for word, args in steps if word == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append("The service runs as root: add an unprivileged user and switch to it with USER.")
    elif not users[-1].split(":")[0].isdigit() and not re.search(
            rf"(useradd|adduser)\b[^&;]*\b{re.escape(users[-1].split(':')[0])}\b", runs):
        problems.append(f"USER {users[-1]}: the base image has no such user; create it first (RUN useradd ...) "
                        "or give a numeric id.")
    problems += _review_health_and_command(steps, runs, model_dirs)
    return problems


def _review_health_and_command(steps, runs: str, model_dirs: set[str]) -> list[str]:
    problems = []
    checks = [args for word, args in steps if word == "HEALTHCHECK"]
    if not checks or checks[-1].strip().upper() == "NONE":
        problems.append("No HEALTHCHECK: nothing tells Docker whether the service still answers.")
    elif not re.search(r"/(health|livez|readyz)\b", checks[-1]):
        problems.append("The HEALTHCHECK does not call a health route: /readyz (ready to serve, the best fit), "
                        "/livez or /health.")
    elif re.search(r"\b(curl|wget)\b", checks[-1]) and not re.search(r"install[^&;]*\b(curl|wget)\b", runs):
        problems.append("The HEALTHCHECK uses curl or wget, which the slim image does not have: install it, or "
                        "use python -c with urllib.request.")
    commands = [args for word, args in steps if word == "CMD"]
    if not commands:
        return problems + ["There is no CMD: the container would not start the service."]
    if not commands[-1].lstrip().startswith("["):
        return problems + ["CMD is in shell form: it runs under /bin/sh -c, which may not pass docker stop's "
                           "signal on to the server. Write it in JSON form, CMD [\"course\", \"serve\", ...]."]
    words = json.loads(commands[-1])
    if words[:2] != ["course", "serve"]:
        problems.append("CMD should start the service with course serve: it checks the model (SHA-256, "
                        "scikit-learn version) before listening, and its --dir says where the model is.")
    elif model_dirs and (_option(words, "--dir") or "").rstrip("/") not in model_dirs:
        problems.append(f"course serve --dir should name the folder the image's model is in "
                        f"({', '.join(sorted(model_dirs))}).")
    host, port = _option(words, "--host"), _option(words, "--port")
    if host is None or host in _LOOPBACK:
        problems.append(f"The server listens on {host or 'its default, 127.0.0.1'}: inside a container that is "
                        "the container's own loopback, which Docker's port forwarding cannot reach. Use "
                        "--host 0.0.0.0 (who reaches the port is decided by docker run -p).")
    exposed = [args.split("/")[0].strip() for word, args in steps if word == "EXPOSE"]
    if port and exposed and port not in exposed:
        problems.append(f"CMD listens on port {port} but EXPOSE says {exposed[-1]}.")
    return problems
