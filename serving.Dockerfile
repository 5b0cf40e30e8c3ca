# The churn service in a container: slim Python, pinned packages, the model trained at build
# time, one uvicorn worker, a non-root user and a health check. Build and run from the repository root:
#   docker build -f serving.Dockerfile -t churn-service .
#   docker run --rm -p 8000:8000 churn-service
# (Not named plain `Dockerfile`: Binder would then build this image instead of the course environment.)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Pinned packages first: this layer is reused until requirements.lock changes.
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock

# Then the code and the data the model is trained on.
COPY pyproject.toml README.md LICENSE ./
COPY course_utils/ course_utils/
COPY data/ data/
RUN pip install --no-deps . && course model build

# Run as an unprivileged user: a bug in the service cannot then change the image's files.
RUN useradd --create-home --uid 10001 service
USER service

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status != 200)"]

# One worker per container: scale out with more containers, not more workers.
CMD ["uvicorn", "course_utils.serving:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "1"]
