"""Does every lesson's deck start reveal.js offline and fit each screen in the frame, in a real browser?

Playwright drives Debian's Chromium as tests/test_browser.py does, on decks that ``course slides``
writes to a temporary folder and that are opened from file://. Any request to another host is
refused and reported, so a deck that still needs the web fails.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from course_tools.notebooks import slides

# Debian's Chromium by default; a hosted runner points COURSE_CHROMIUM at the Chrome it already has.
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
LESSONS = slides.lesson_paths()

# Reveal.isReady(), and the deck's own script has moved what did not fit onto continuation screens.
READY = "() => window.Reveal && Reveal.isReady() && document.documentElement.dataset.screensFit"

# Show each screen in turn (reveal only lays out screens near the current one) and measure it in
# reveal's logical pixels; a box that scrolls counts with its own height, not its content's.
MEASURE = """async () => {
  const frame = Reveal.getConfig().height, found = [];
  let last = "";
  for (const [index, screen] of Reveal.getSlides().entries()) {
    const {h, v} = Reveal.getIndices(screen);
    Reveal.slide(h, v);
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const heading = screen.querySelector("h1, h2, h3, h4, h5, h6");
    const text = heading ? heading.textContent.replace("\u00b6", "").trim() : `continues ${last}`;
    last = heading ? text : last;
    found.push({number: index + 1, height: screen.scrollHeight, frame, heading: text});
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser test, but {CHROMIUM} is missing (.ci/run installs Chromium).")
        pytest.skip(f"{CHROMIUM} not found: run `apt-get install chromium` (as root), or set COURSE_CHROMIUM to a "
                    "Chromium or Chrome, to enable the browser test.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return {path.name: slides.export(path, out) for path in LESSONS}


@pytest.mark.parametrize("lesson", [p.name for p in LESSONS])
def test_every_screen_fits_the_frame_offline(lesson, browser, decks):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else (outside.append(route.request.url), route.abort()))
    try:
        page.goto(decks[lesson].as_uri())
        try:
            page.wait_for_function(READY, timeout=30_000)
        except PlaywrightTimeout:
            pytest.fail(f"reveal.js did not start within 30 s, so the deck is one long page; asked outside: {outside}")
        screens = page.evaluate(MEASURE)
    finally:
        page.close()
    assert outside == [], "the deck asked another host"
    assert len(screens) > 1, "reveal.js shows the lesson as one page"
    tall = [f"{lesson} slide {s['number']} ({s['heading']!r}): {s['height']} px"
            for s in screens if s["height"] > s["frame"]]
    assert tall == [], f"taller than the {screens[0]['frame']} px frame"
