"""Do the notebooks work in a real browser: widgets render, react to a learner, and no cell errors?

JupyterLab runs headless on 127.0.0.1 from this environment; Playwright drives Debian's
Chromium through it. Screenshots go to ``test-artifacts/browser/`` (ignored by git).
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from course_utils.mle.bench import free_port, stop
from course_utils.paths import NOTEBOOKS_DIR, ROOT

# Debian's Chromium by default; a hosted runner points COURSE_CHROMIUM at the Chrome it already has.
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def stored_widget_views(path: Path) -> int:
    """How many widgets the notebook showed when its stored outputs were made (top level only)."""
    return sum(WIDGET_MIME in o.get("data", {}) for c in code_cells(path) for o in c.get("outputs", []))


# The start notebook, and every lesson whose stored outputs show a widget.
NOTEBOOKS = [NOTEBOOKS_DIR / "00_start_here.ipynb"] + [
    p for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if p.name != "00_start_here.ipynb" and stored_widget_views(p)
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser test, but {CHROMIUM} is missing (.ci/run installs Chromium).")
        pytest.skip(f"{CHROMIUM} not found: run `apt-get install chromium` (as root), or set COURSE_CHROMIUM to a "
                    "Chromium or Chrome, to enable the browser test.")
    # A copy, so JupyterLab never writes into the repository's notebooks.
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks")
    # Render every cell (no windowing), so the test sees each prompt; no news pop-up over the page.
    settings = root / ".lab-settings"
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = free_port(), "course-browser-test"
    env = {**os.environ, "COURSE_PROGRESS_FILE": str(root / "progress.json"),
           "JUPYTER_CONFIG_DIR": str(root / ".jupyter"), "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".lab-workspaces")}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start within 60 s")
    yield base, token
    stop(server, timeout=20)  # shutting down kernels can outlast the wait; then it is killed


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def run_all_cells(page, base, token, notebook):
    # A fresh workspace per notebook, so no other notebook is open to catch clicks or hold prompts.
    page.goto(f"{base}/lab/workspaces/{notebook.stem}/tree/notebooks/{notebook.name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    n_code = len(code_cells(notebook))
    prompts = "[...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent)"
    # Stored outputs carry execution counts: clear them, so a number on a prompt means it ran now.
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.click("div.lm-MenuBar-itemLabel:text-is('Edit')")
    page.click("li.lm-Menu-item:has-text('Clear Outputs of All Cells')")
    page.wait_for_function(f"() => {prompts}.every(p => !/\\d/.test(p))", timeout=30_000)
    for _ in range(3):
        page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
        page.click("li.lm-Menu-item:has-text('Run All Cells')")
        try:
            page.wait_for_function(f"() => {prompts}.some(p => /\\[(\\*|\\d+)\\]/.test(p))", timeout=15_000)
            break
        except PlaywrightTimeout:
            # The click was lost (menus act on the focused notebook): focus it and try again.
            page.keyboard.press("Escape")
            page.locator(".jp-Notebook .jp-Cell").first.click()
    else:
        pytest.fail("Run All Cells did not start the notebook")
    # A prompt like "[12]:" on every code cell, and no "[*]", means every cell finished.
    try:
        page.wait_for_function(f"n => {prompts}.length === n && {prompts}.every(p => /^\\[\\d+\\]:$/.test(p.trim()))",
                               arg=n_code, timeout=300_000)
    except PlaywrightTimeout:
        pytest.fail(f"not every cell finished within 5 minutes; prompts: {page.evaluate(f'() => {prompts}')}")


def interact(page, widget):
    """Move a slider, pick another option or click a button; return a description of what was done."""
    slider = widget.locator(".noUi-handle, input[type=range]")
    if slider.count():
        slider.first.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        return "moved a slider"
    select = widget.locator("select")
    if select.count():
        options = select.first.locator("option").all_text_contents()
        select.first.select_option(label=options[-1])
        return "picked an option"
    buttons = widget.locator("button")
    if buttons.count():
        buttons.last.click()
        return "clicked a button"
    pytest.fail("found no slider, dropdown or button to interact with")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_in_the_browser_and_its_widgets_respond(lab, browser, notebook):
    base, token = lab
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        run_all_cells(page, base, token, notebook)
        body = page.inner_text("body")
        assert "Error displaying widget" not in body
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()
        widget_outputs = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)")
        assert widget_outputs.count() == stored_widget_views(notebook), "not every widget rendered"
        if stored_widget_views(notebook):
            first = widget_outputs.first
            first.scroll_into_view_if_needed()
            before = first.inner_text()
            action = interact(page, first)
            page.wait_for_function("([el, before]) => el.innerText !== before",
                                   arg=[first.element_handle(), before], timeout=20_000)
            assert first.inner_text() != before, f"the widget's output did not change after the test {action}"
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{notebook.stem}.png"), full_page=False)
        page.close()
