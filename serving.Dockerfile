# The churn service in a container, built in two stages. Build and run from the repository root:
#   docker build -f serving.Dockerfile -t churn-service .
#   docker run --rm -p 8000:8000 churn-service
# Stage "train" installs the model's packages and trains the model on the shipped data. The runtime
# stage installs only what the service needs and takes nothing from "train" but the artifact folder:
# the image that runs has no training data, notebooks, tests or lab tools, so less to patch or exploit.
# (Not named plain `Dockerfile`: Binder would then build this image instead of the course environment.)
# .dockerignore keeps .venv, build/, .git and the notebooks out of the build context.

# A full version tag, the same in both stages: the artifact is loaded by the Python that built it.
# (For byte-identical rebuilds, append the image's @sha256 digest from `docker buildx imagetools inspect`.)
FROM python:3.11.17-slim-bookworm AS train

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src

# The package with its base set (numpy, pandas, scipy, scikit-learn, skops) at the lock's versions.
COPY requirements.lock pyproject.toml README.md LICENSE ./
COPY course_utils/ course_utils/
COPY course_tools/ course_tools/
RUN pip install -c requirements.lock .

# Train here, with the versions the runtime stage installs too, so the artifact's checks pass there.
COPY data/telco_churn_clean.csv data/
RUN course model build --dir /artifact --data data/telco_churn_clean.csv


FROM python:3.11.17-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src

# The package and the [serving] extra (FastAPI, uvicorn) at the lock's versions, nothing else from the
# lock. pip reads the list from pyproject.toml, so it is written once; the price is that a code change
# reinstalls the packages too.
COPY requirements.lock pyproject.toml README.md LICENSE ./
COPY course_utils/ course_utils/
COPY course_tools/ course_tools/
RUN pip install -c requirements.lock ".[serving]"

# Only the artifact comes from the first stage. It stays root's: the service can read it, not change it.
COPY --from=train /artifact /artifact

# Run as an unprivileged user: a bug in the service cannot then change the image's files.
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin service
USER service

EXPOSE 8000
# Healthy means ready to serve: /readyz answers 200 only once the model is loaded, verified and has scored an
# example (/livez answers as soon as the process does, model or not).
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2).status != 200)"]

# `course serve`, not uvicorn itself: it checks the artifact (SHA-256, scikit-learn version) and exits
# with a one-line reason rather than a start-up traceback, then runs one uvicorn worker on the app for
# that folder. One worker per container: scale out with more containers, not more workers.
CMD ["course", "serve", "--host", "0.0.0.0", "--port", "8000", "--dir", "/artifact"]
