"""Questions of ``24_mle_shipping``: read a Dockerfile like the repository's own test does."""

from course_utils.checks import Case, FunctionQuestion

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
