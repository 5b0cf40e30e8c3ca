"""Are solution regions found and replaced as nbgrader's ClearSolutions would, and is broken markup refused?"""

import pytest

from course_tools.notebooks import markup


def test_a_cell_source_reads_the_same_as_a_string_or_a_list_of_lines():
    assert markup.cell_source({"source": ["a = 1\n", "b = 2"]}) == markup.cell_source({"source": "a = 1\nb = 2"})
    assert markup.cell_source({}) == ""


def test_a_region_becomes_the_stub_at_its_indentation():
    text = "x = ...\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION\nq.check(x)"
    assert markup.clear_region_text(text, "# YOUR CODE HERE") == "x = ...\n# YOUR CODE HERE\nq.check(x)"
    body = 'def f(a):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return a\n    ### END SOLUTION'
    assert markup.clear_region_text(body, "# YOUR CODE HERE") == 'def f(a):\n    """Doc."""\n    # YOUR CODE HERE'


@pytest.mark.parametrize("text, words", [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without a"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
])
def test_broken_markup_is_refused(text, words):
    with pytest.raises(markup.SolutionMarkupError, match=words):
        markup.clear_region_text(text, "#")


def test_a_marker_inside_a_longer_comment_still_counts():
    text = "## ### BEGIN SOLUTION here\nx = 1\n# ### END SOLUTION"
    assert markup.clear_region_text(text, "# stub") == "# stub"
