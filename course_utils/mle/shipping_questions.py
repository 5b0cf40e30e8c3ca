"""Questions of ``24_mle_shipping``: read a Dockerfile like the repository's own test does, then review a
flawed one: name its problems, and return it fixed (checked field by field by ``dockerfile.review``)."""

from course_utils.checks import Case, CustomQuestion, FunctionQuestion, NotAttempted, describe
from course_utils.mle import dockerfile

q1 = FunctionQuestion(
    id="mle_shipping.q1",
    prompt=("Write copied_sources(dockerfile_text) returning, in order, the paths that COPY lines take from the "
            "repository (not the destination, not flags such as --chown)."),
    cases=[
        Case(("FROM python:3.11-slim\nCOPY requirements.lock ./\n",), ["requirements.lock"],
             message="the last path of a COPY line is the destination inside the image: leave it out."),
        Case(("COPY pyproject.toml README.md LICENSE ./\n",), ["pyproject.toml", "README.md", "LICENSE"],
             message="one COPY line may copy several files: every path but the last is a source."),
        Case(("# COPY old.txt ./\nRUN pip install .\nCOPY data/ data/\n",), ["data/"],
             message="skip comment lines and instructions other than COPY."),
        Case(("COPY --chown=service:service course_utils/ course_utils/\n",), ["course_utils/"],
             message="words starting with -- are options of COPY, not paths."),
        Case(("copy a.txt b/\n",), ["a.txt"],
             message="Dockerfile instructions are case-insensitive: compare the first word in upper case."),
    ],
    hints=[
        "Go through text.splitlines(); split each line into words; keep lines whose first word is COPY.",
        "For a COPY line, drop the first word and any word starting with '--'; the rest are paths, the last one "
        "being the destination.",
        "words = line.split(); if words and words[0].upper() == 'COPY': paths = [w for w in words[1:] if not "
        "w.startswith('--')]; sources += paths[:-1]",
    ],
    solution_text='''
def copied_sources(dockerfile_text):
    sources = []
    for line in dockerfile_text.splitlines():
        words = line.split()
        if words and words[0].upper() == "COPY":
            paths = [w for w in words[1:] if not w.startswith("--")]
            sources += paths[:-1]
    return sources
''',
)

# A first attempt at the service's image: it builds, and it should not ship.
FLAWED = """\
FROM python:3.11-slim
WORKDIR /src
COPY . .
RUN pip install fastapi uvicorn pandas scikit-learn skops
RUN pip install --no-deps .
EXPOSE 8000
CMD uvicorn --factory course_utils.mle.serving:create_app --host 0.0.0.0 --port 8000
"""

# id: (statement the learner judges, the line of FLAWED it is about); real problems of FLAWED.
PROBLEMS = {
    "floating_base": ("the base image's tag moves, so a rebuild next month may start from another Python",
                      "FROM python:3.11-slim"),
    "copies_everything": ("COPY . . takes everything .dockerignore lets through: one forgotten line there and "
                          ".venv, .git or a local model is in the image", "COPY . ."),
    "unpinned": ("packages are installed without versions, so each build may get other ones", "RUN pip install"),
    "pip_cache": ("pip's download cache stays in the image", "RUN pip install"),
    "model_from_laptop": ("no step builds the model in the image: it serves whatever artifact came with the "
                          "folder, if any, built with someone's own package versions", "COPY . ."),
    "runs_as_root": ("the service runs as root", "(no USER line)"),
    "no_healthcheck": ("nothing tells Docker whether the service still answers", "(no HEALTHCHECK line)"),
    "shell_form_cmd": ("CMD in shell form runs under /bin/sh -c, which may not pass docker stop's signal on",
                       "CMD uvicorn ..."),
}
# Statements that sound like problems and are not, and why.
DECOYS = {
    "all_interfaces": ("--host 0.0.0.0 exposes the service to the whole network",
                       "--host 0.0.0.0 is right inside a container: 127.0.0.1 there is the container's own "
                       "loopback, which Docker's port forwarding cannot reach. Who reaches the port is decided "
                       "outside, by docker run -p (-p 127.0.0.1:8000:8000 keeps it on your machine)."),
    "expose_publishes": ("EXPOSE 8000 opens the port to the internet",
                         "EXPOSE only documents the port the service uses; nothing is published until "
                         "docker run -p says so."),
    "one_worker": ("one uvicorn worker is too few: it needs --workers 4",
                   "one worker per container is the course's choice: add capacity with more containers, which "
                   "an orchestrator can spread over machines, and keep each one's latency predictable."),
}
MENU = {key: statement for key, (statement, _) in {**PROBLEMS, **DECOYS}.items()}


def _ids(answer) -> set[str] | str:
    """The answer as a set of ids, or a message saying why it is not a collection of ids."""
    if hasattr(answer, "tolist"):
        answer = answer.tolist()
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        return f"Expected a list of ids from MENU, such as ['runs_as_root'], but got {describe(answer)}."
    if not all(isinstance(item, str) for item in answer):
        return "Each problem is one id from MENU, as text (such as 'runs_as_root')."
    return {item.strip().casefold() for item in answer}


def _grade_problems(answer) -> str | None:
    ids = _ids(answer)
    if isinstance(ids, str):
        return ids
    unknown = sorted(ids - set(MENU))
    if unknown:
        return f"{', '.join(map(repr, unknown))} is not an id of MENU; the ids are {', '.join(MENU)}."
    for decoy in DECOYS:
        if decoy in ids:
            return f"'{decoy}' is not a problem: {DECOYS[decoy][1]}"
    missing = [key for key in PROBLEMS if key not in ids]
    if missing:
        lines = ", ".join(dict.fromkeys(f"`{PROBLEMS[key][1]}`" for key in missing))
        found = len(PROBLEMS) - len(missing)
        return f"You found {found} of the {len(PROBLEMS)} problems. Read these lines again: {lines}."
    return None


q2 = CustomQuestion(
    id="mle_shipping.q2",
    prompt="Which statements of MENU are real problems of FLAWED? Give their ids as a list.",
    grader=_grade_problems,
    pass_message="All eight problems found, and none of the three statements that only sound like problems.",
    hints=[
        "Read FLAWED line by line against the lesson's list of why each line of serving.Dockerfile is there. "
        "Missing lines count too: what does the course's file have that this one does not?",
        "Three statements are not problems. Inside a container, which address can Docker's port forwarding reach? "
        "What does EXPOSE actually do?",
        "problems = [key for key in MENU if key not in ('all_interfaces', 'expose_publishes', 'one_worker')]",
    ],
    solution_text="""
problems = ["floating_base", "copies_everything", "unpinned", "pip_cache", "model_from_laptop",
            "runs_as_root", "no_healthcheck", "shell_form_cmd"]
""",
)


def _grade_fixed(answer) -> str | None:
    if not isinstance(answer, str):
        return f"Expected the fixed Dockerfile as text (a str), but got {describe(answer)}."
    if not answer.strip():
        raise NotAttempted
    if answer.strip() == FLAWED.strip():
        return "That is FLAWED unchanged: edit the text to fix the problems you found."
    try:
        problems = dockerfile.review(answer)
    except (ValueError, IndexError) as exc:
        return f"Your Dockerfile could not be read ({exc}): check the quotes and brackets of each line."
    if not problems:
        return None
    more = f" ({len(problems) - 1} more after that one.)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


q3 = CustomQuestion(
    id="mle_shipping.q3",
    prompt="Fix FLAWED: return the text of a Dockerfile that ships the churn service without its problems.",
    grader=_grade_fixed,
    pass_message="Your Dockerfile passes every check the course's own Dockerfile passes: pinned base and packages, "
                 "only the files it needs, no pip cache, the model built in the image, an unprivileged user, a "
                 "health check, and course serve on the model's folder, on 0.0.0.0, in JSON form.",
    hints=[
        "Start from FLAWED and fix one problem at a time, running the check after each: it names the first one left.",
        "serving.Dockerfile is a worked answer in two stages; one stage is enough here, as long as it runs "
        "`course model build` itself.",
        "The runtime part needs, in this order: COPY of requirements.lock, pyproject.toml, README.md, LICENSE, "
        "course_utils/ and course_tools/; RUN pip install -c requirements.lock '.[serving]'; the data and RUN "
        "course model build --dir /artifact --data ...; RUN useradd ...; USER ...; HEALTHCHECK; "
        "CMD [\"course\", \"serve\", ..., \"--dir\", \"/artifact\"].",
    ],
    solution_text='''
fixed = """\\
FROM python:3.11.17-slim-bookworm
ENV PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY requirements.lock pyproject.toml README.md LICENSE ./
COPY course_utils/ course_utils/
COPY course_tools/ course_tools/
RUN pip install -c requirements.lock ".[serving]"
COPY data/telco_churn_clean.csv data/
RUN course model build --dir /artifact --data data/telco_churn_clean.csv
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin service
USER service
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"]
CMD ["course", "serve", "--host", "0.0.0.0", "--port", "8000", "--dir", "/artifact"]
"""
''',
)
