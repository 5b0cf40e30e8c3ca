"""Is the Dockerfile-reading question of 24_mle_shipping graded three ways?"""

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get

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
