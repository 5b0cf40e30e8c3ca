"""Are the Dockerfile questions of 24_mle_shipping graded three ways: reading COPY lines, naming the flaws of a
first attempt, and returning it fixed?"""

import numpy as np
import pandas as pd
import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.mle import dockerfile
from course_utils.mle.shipping_questions import DECOYS, FLAWED, PROBLEMS
from corpus import Corpus, Right, Wrong, corpus_tests

QID = "mle_shipping.q1"


def right(dockerfile_text):
    sources = []
    for line in dockerfile_text.splitlines():
        words = line.split()
        if words and words[0].upper() == "COPY":
            sources += [w for w in words[1:] if not w.startswith("--")][:-1]
    return sources


def test_blank_is_not_attempted():
    def blank(dockerfile_text):
        """The exercise's stub: its body is only a comment."""

    assert get(QID).grade(...).status == NOT_ATTEMPTED
    assert get(QID).grade(blank).status == NOT_ATTEMPTED


def test_keeping_the_destination_is_explained():
    def with_destination(text):
        return [w for line in text.splitlines() if line.startswith("COPY") for w in line.split()[1:]]

    outcome = get(QID).grade(with_destination)
    assert outcome.status == INCORRECT and "destination inside the image" in outcome.message


def test_keeping_flags_is_explained():
    def with_flags(text):
        return [p for line in text.splitlines() if line.upper().startswith("COPY") for p in line.split()[1:-1]]

    outcome = get(QID).grade(with_flags)
    assert outcome.status == INCORRECT and "options of COPY" in outcome.message


def test_case_sensitive_parsing_is_explained():
    def case_sensitive(text):
        return [p for line in text.splitlines() if line.startswith("COPY")
                for p in [w for w in line.split()[1:] if not w.startswith("--")][:-1]]

    outcome = get(QID).grade(case_sensitive)
    assert outcome.status == INCORRECT and "case-insensitive" in outcome.message


def test_right_answer_passes():
    assert get(QID).grade(right).status == PASSED


def with_destination(text):
    return [w for line in text.splitlines() if line.startswith("COPY") for w in line.split()[1:]]


def with_flags(text):
    return [p for line in text.splitlines() if line.upper().startswith("COPY") for p in line.split()[1:-1]]


def case_sensitive(text):
    return [p for line in text.splitlines() if line.startswith("COPY")
            for p in [w for w in line.split()[1:] if not w.startswith("--")][:-1]]


def with_comments(text):
    return [p for line in text.splitlines() if "COPY" in line.upper()
            for p in [w for w in line.split()[1:] if not w.startswith("--")][:-1]]


def with_shlex(text):
    """shlex per line and a tuple: quoted paths survive."""
    import shlex

    found = ()
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0].casefold() == "copy":
            found += tuple(w for w in words[1:] if not w.startswith("--"))[:-1]
    return found


REAL = ["floating_base", "copies_everything", "unpinned", "pip_cache", "model_from_laptop", "runs_as_root",
        "no_healthcheck", "shell_form_cmd"]

FIXED = """\
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


def fixed_but(old, new):
    assert old in FIXED
    return FIXED.replace(old, new)


def test_the_fixed_dockerfile_has_no_problem_left_and_the_flawed_one_all_of_them():
    """The review finds nothing in the worked answer, and in FLAWED a problem for each real id."""
    assert dockerfile.review(FIXED) == []
    assert len(dockerfile.review(FLAWED)) == len(PROBLEMS)


def test_the_menu_keeps_real_problems_and_decoys_apart():
    assert set(REAL) == set(PROBLEMS) and not set(DECOYS) & set(PROBLEMS)


@pytest.mark.parametrize("qid", ["mle_shipping.q2", "mle_shipping.q3"])
def test_blank_answers_are_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_an_empty_dockerfile_is_not_attempted():
    assert get("mle_shipping.q3").grade("  \n").status == NOT_ATTEMPTED


CORPUS = {
    QID: Corpus(
        wrong=[Wrong(with_destination, says="destination inside the image", seen="every word after COPY"),
               Wrong(with_flags, says="options of COPY", seen="--chown kept as a path"),
               Wrong(case_sensitive, says="case-insensitive", seen="line.startswith('COPY')"),
               Wrong(with_comments, says="skip comment lines", seen="'COPY' in line, comments included")],
        right=[Right(right, how="split and filter"), Right(with_shlex, how="shlex, a tuple")],
    ),
    "mle_shipping.q2": Corpus(
        wrong=[
            Wrong([*REAL, "all_interfaces"], says="0.0.0.0 is right inside a container",
                  seen="the laptop rule (127.0.0.1 only) applied inside a container"),
            Wrong([*REAL, "expose_publishes"], says="EXPOSE only documents", seen="EXPOSE read as publishing"),
            Wrong([*REAL, "one_worker"], says="one worker per container", seen="more workers for more speed"),
            Wrong(["copies_everything", "unpinned", "runs_as_root", "no_healthcheck"],
                  says="You found 4 of the 8", seen="only the lines that are there, not the missing ones"),
            Wrong([*REAL[:-1], "shell_form"], says="not an id of MENU", seen="a typo in an id"),
            Wrong("runs_as_root, no_healthcheck", says="Expected a list of ids", seen="one string"),
        ],
        right=[Right(REAL, how="the list in menu order"),
               Right(set(reversed(REAL)), how="a set"),
               Right(pd.Series([f" {key.upper()} " for key in REAL]), how="a Series, upper case with spaces"),
               Right(np.array(REAL), how="a numpy array")],
    ),
    "mle_shipping.q3": Corpus(
        wrong=[
            Wrong(FLAWED, says="FLAWED unchanged", seen="the check run before editing"),
            Wrong(fixed_but("--host\", \"0.0.0.0", "--host\", \"127.0.0.1"), says="container's own loopback",
                  seen="the laptop habit of 127.0.0.1"),
            Wrong(fixed_but("RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin service\n", ""),
                  says="the base image has no such user", seen="USER without creating the user"),
            Wrong(fixed_but("USER service", "USER root"), says="runs as root", seen="USER root to fix permissions"),
            Wrong(fixed_but('-c requirements.lock ".[serving]"', '".[serving]"'), says="without requirements.lock",
                  seen="the lock copied but not used"),
            Wrong(fixed_but("COPY course_utils/ course_utils/", "COPY . ."), says="the whole folder",
                  seen="COPY . . kept for convenience"),
            Wrong(fixed_but("ENV PIP_NO_CACHE_DIR=1\n", ""), says="download cache", seen="cache left on"),
            Wrong(fixed_but("RUN course model build --dir /artifact --data data/telco_churn_clean.csv",
                            "COPY build/churn-model/ /artifact/"), says="local output",
                  seen="the laptop's model copied in"),
            Wrong(FIXED.replace(FIXED.splitlines()[-2] + "\n", ""), says="No HEALTHCHECK", seen="health check dropped"),
            Wrong(fixed_but(FIXED.splitlines()[-2], "HEALTHCHECK CMD curl -f http://127.0.0.1:8000/health"),
                  says="curl", seen="curl in a slim image"),
            Wrong(fixed_but("8000/readyz", "8000/"), says="does not call a health route: /readyz",
                  seen="the health check on the root path"),
            Wrong(fixed_but(FIXED.splitlines()[-1], "CMD course serve --host 0.0.0.0 --port 8000 --dir /artifact"),
                  says="shell form", seen="CMD without brackets"),
            Wrong(fixed_but("python:3.11.17-slim-bookworm", "python:3.11-slim"), says="that tag moves",
                  seen="a minor-version tag"),
            Wrong(fixed_but("COPY course_tools/ course_tools/\n", ""), says="does not copy course_tools",
                  seen="only course_utils copied: the `course` command is missing"),
            Wrong(fixed_but(FIXED.splitlines()[-1], 'CMD ["uvicorn", "--factory", '
                            '"course_utils.mle.serving:create_app", "--host", "0.0.0.0", "--port", "8000"]'),
                  says="start the service with course serve", seen="FLAWED's uvicorn line put in JSON form"),
            Wrong(fixed_but(" --data data/telco_churn_clean.csv", ""), says="needs --dir and --data",
                  seen="the laptop command, which finds its data in the checkout"),
            Wrong(REAL, says="Expected the fixed Dockerfile as text", seen="the list of q2"),
        ],
        right=[
            Right(FIXED, how="one stage"),
            Right(dockerfile.DOCKERFILE.read_text(), how="the course's two-stage Dockerfile"),
            Right(fixed_but("USER service", "USER 10001").replace("ENV PIP_NO_CACHE_DIR=1\n", "").replace(
                "pip install -c", "pip install --no-cache-dir -c").replace("/readyz", "/livez"),
                how="a numeric user, --no-cache-dir, the /livez route"),
            Right(fixed_but("8000/readyz", "8000/health"), how="the /health route of lesson 21"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)
