"""Does the layout hold: no import cycles, the learner package never reaching for authoring tools,
no notebook importing them, small files, and a progress table that does not load the lessons' models?"""

import ast
import json
import subprocess
import sys

import pytest

from course_tools.notebooks.exercises import blank_exercises
from course_utils.paths import EXERCISES_DIR, NOTEBOOKS_DIR, ROOT, SOLUTIONS_DIR

PACKAGES = ("course_utils", "course_tools")
MAX_LINES = 300


def module_files() -> dict[str, object]:
    """Dotted module name -> file, for every module of both packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_modules(source: str, known: set[str]) -> set[str]:
    """The known modules ``source`` imports anywhere (inside functions too), by their full dotted names."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    known = set(files)
    graph = {}
    for name, path in files.items():
        # A package's own __init__ is imported on the way to any of its modules: that edge is not a choice.
        graph[name] = {target for target in imported_modules(path.read_text(), known)
                       if target != name and not name.startswith(target + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each sorted."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_cycle_finder_finds_a_cycle_through_three_modules():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_scanner_sees_imports_inside_functions():
    source = "def f():\n    from course_utils.mle import model\n"
    assert imported_modules(source, {"course_utils", "course_utils.mle", "course_utils.mle.model"}) == {
        "course_utils.mle", "course_utils.mle.model"}


def test_there_are_no_import_cycles_in_either_package():
    assert cycles(import_graph()) == []


def test_the_learner_package_never_imports_the_authoring_tools():
    reaching = sorted(f"{name} imports {target}" for name, targets in import_graph().items()
                      if name.startswith("course_utils") for target in targets if target.startswith("course_tools"))
    assert reaching == []


@pytest.mark.parametrize("folder", [NOTEBOOKS_DIR, SOLUTIONS_DIR, EXERCISES_DIR], ids=lambda p: p.name)
def test_no_notebook_imports_the_authoring_tools(folder):
    known = set(module_files())
    offenders = []
    # Exercises as generated: a learner's answers or -Copy1 notebooks are theirs to write.
    notebooks = {p: p.read_text() for p in sorted(folder.glob("*.ipynb"))}
    notebooks = blank_exercises() if folder == EXERCISES_DIR else notebooks
    for path, text in notebooks.items():
        cells = json.loads(text)["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        offenders += [f"{path.name} imports {m}" for m in imported_modules(source, known) if m.startswith("course_tools")]
    assert offenders == []


def test_no_source_file_is_over_300_lines():
    long = {str(path.relative_to(ROOT)): n for path in module_files().values()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_progress_table_loads_no_model_library():
    # In a fresh interpreter: this test session has long since imported scikit-learn.
    code = ("import sys; from course_utils.checks import progress_table; progress_table(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'skops'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
