"""Does the Binder environment declare every package the notebooks and the course package import?"""

import ast
import json
import sys
from importlib.metadata import packages_distributions

from course_tools.lockfile import read_environment_pins
from course_utils.lock import normalise
from course_tools.notebooks.exercises import blank_exercises
from course_utils.paths import NOTEBOOKS_DIR, ROOT, SOLUTIONS_DIR

PACKAGE_DIR = ROOT / "course_utils"
# The classroom service runs in the hub's environment (the classroom extra), never in a learner's kernel.
HUB_ONLY = {PACKAGE_DIR / "classroom" / "app.py": {"jupyterhub"}}


def top_level_imports(source: str) -> set[str]:
    """Top-level module names imported by ``source`` (IPython magics and shell lines are skipped)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    names = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def sources():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        yield path, path.read_text()
    notebooks = {p: p.read_text() for folder in (NOTEBOOKS_DIR, SOLUTIONS_DIR) for p in sorted(folder.glob("*.ipynb"))}
    for path, text in {**notebooks, **blank_exercises()}.items():  # exercises as generated, not as filled in
        cells = json.loads(text)["cells"]
        yield path, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_the_import_scanner_sees_imports_and_skips_magics():
    assert top_level_imports("import a.b, c\nfrom d.e import f\nfrom . import g\n%matplotlib inline\n") == {"a", "c", "d"}


def test_every_import_is_stdlib_course_or_declared_for_binder():
    declared = set(read_environment_pins())
    providers = packages_distributions()
    missing = []
    for path, source in sources():
        for name in top_level_imports(source):
            if name in sys.stdlib_module_names or name == "course_utils" or name in HUB_ONLY.get(path, ()):
                continue
            dists = {normalise(d) for d in providers.get(name, [])}
            if not dists & declared:
                missing.append(f"{path.relative_to(ROOT)} imports {name} (from {sorted(dists) or 'nothing installed'})")
    assert missing == []


def test_no_learner_module_imports_the_hub_only_ones():
    hub_only = {".".join(path.relative_to(ROOT).with_suffix("").parts) for path in HUB_ONLY}
    importers = []
    for path in sorted(set(PACKAGE_DIR.rglob("*.py")) - set(HUB_ONLY)):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
            else:
                continue
            if names & hub_only:
                importers.append(str(path.relative_to(ROOT)))
    assert importers == []
