"""A real headless Chromium walks the pages served by waitress on a loopback port.

Skipped only when Chromium or its driver is not installed (Debian: ``apt-get install -y
chromium chromium-driver``); selenium itself is a test dependency and must be present.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Fixture, local

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason="Chromium and chromedriver are not installed (apt-get install chromium "
        "chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=en-US",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000


def test_search_person_papers_authors_language(
    browser: Any, live_server: str, fx: Fixture, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 15)

    def arrive(title: str) -> None:
        """Wait for the page whose heading is ``title`` (clicks and submits return early)."""
        wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), title))
        assert browser.find_element(By.TAG_NAME, "h1").text == title

    def element(element_id: str) -> Any:
        return wait.until(ec.presence_of_element_located((By.ID, element_id)))

    # home page, search by a spelling without accents or capitals
    browser.get(live_server + "/")
    assert "scholargraph" in browser.title
    element("search-input").send_keys("a. quill", Keys.ENTER)
    wait.until(ec.url_contains("/search?q="))
    element("people-results").find_element(By.LINK_TEXT, "Ada Quill").click()

    # the person page: ordered authors, linked
    arrive("Ada Quill")
    assert browser.current_url.endswith(local(fx.ada))
    first = browser.find_elements(By.CSS_SELECTOR, "#publications ol.authors")[0]
    names = [li.text for li in first.find_elements(By.TAG_NAME, "li")]
    assert names == ["Bo Lindqvist", "Ada Quill", "Zoé Lefèvre", "et al."]
    links = first.find_elements(By.TAG_NAME, "a")
    assert [a.get_attribute("href") for a in links] == [
        live_server + local(fx.bo),
        live_server + local(fx.zoe),
    ]
    browser.save_screenshot(str(tmp_path / "person-en.png"))

    # an author's page, then a paper page from it
    links[0].click()
    arrive("Bo Lindqvist")
    browser.find_element(By.LINK_TEXT, "Tidal Memory for Agents").click()
    arrive("Tidal Memory for Agents")
    authors = browser.find_element(By.CSS_SELECTOR, "#authors ol.authors")
    assert [a.text for a in authors.find_elements(By.TAG_NAME, "a")] == [
        "Bo Lindqvist",
        "Ada Quill",
        "Zoé Lefèvre",
    ]
    assert "ada-quill-aggregator.txt" in browser.find_element(By.ID, "sources").text

    # back to the person, in French
    authors.find_element(By.LINK_TEXT, "Ada Quill").click()
    arrive("Ada Quill")
    browser.find_element(By.ID, "lang-switch").click()
    wait.until(ec.url_contains("lang=fr"))
    wait.until(ec.text_to_be_present_in_element((By.ID, "topics"), "Apprentissage continu"))
    assert "Membre affilié" in browser.find_element(By.ID, "memberships").text
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    shot = tmp_path / "person-fr.png"
    assert browser.save_screenshot(str(shot))
    _png(shot)

    # the language sticks while browsing
    browser.find_element(By.LINK_TEXT, "Apprentissage continu").click()
    arrive("Apprentissage continu")


def test_pages_fit_a_phone_screen(
    browser: Any, live_server: str, fx: Fixture, tmp_path: Path
) -> None:
    browser.set_window_size(390, 844)
    try:
        for path in ("/", local(fx.ada), local(fx.tidal)):
            browser.get(live_server + path)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            viewport = browser.execute_script("return window.innerWidth")
            assert width <= viewport, f"{path} scrolls sideways on a phone"
        shot = tmp_path / "person-phone.png"
        browser.get(live_server + local(fx.ada))
        assert browser.save_screenshot(str(shot))
        _png(shot)
    finally:
        browser.set_window_size(1280, 1000)
