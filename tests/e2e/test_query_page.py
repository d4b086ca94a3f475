"""The query page in a real headless Chromium: pick an example, run it, read the table; a bad
query shows the error message. Skipped when Chromium, chromedriver or selenium are missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import Server

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason="no Chromium"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1200,1000",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_run_an_example_and_see_the_table(browser: Any, server: Server, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(server.sparql)
    assert browser.find_element(By.TAG_NAME, "h1").text == "SPARQL endpoint"
    browser.find_element(By.CSS_SELECTOR, "button[data-example]").click()
    assert "SELECT" in browser.find_element(By.ID, "sparql-query").get_attribute("value")
    browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "sparql-status"), " in "))
    cells = browser.find_elements(By.CSS_SELECTOR, "#sparql-results th")
    assert cells, browser.find_element(By.ID, "sparql-status").text
    assert "query=" in browser.current_url  # shareable
    browser.save_screenshot(str(tmp_path / "sparql-page.png"))

    query = browser.find_element(By.ID, "sparql-query")
    query.clear()
    query.send_keys("SELECT * WHERE { ?s ?p }")
    browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "sparql-status"), "query-syntax"))
    assert "line 1" in browser.find_element(By.ID, "sparql-status").text

    browser.get(server.sparql + "?query=ASK%20%7B%7D")  # a shared link runs at once
    wait.until(ec.text_to_be_present_in_element((By.ID, "sparql-results"), "ASK: true"))


def test_an_answer_cut_at_the_row_limit_says_so(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    numbers = " ".join(str(n) for n in range(101))
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    browser.get(server.sparql + "?query=" + quote(query))  # 10,201 rows; the limit: 10,000
    WebDriverWait(browser, 30).until(
        ec.text_to_be_present_in_element((By.ID, "sparql-status"), " in ")
    )
    status = browser.find_element(By.ID, "sparql-status").text
    assert status.startswith("10000 rows in ") and "cut at the limit of 10000" in status
    assert len(browser.find_elements(By.CSS_SELECTOR, "#sparql-results tbody tr")) == 10000

    browser.get(server.sparql + "?query=" + quote(query + " LIMIT 10000"))
    WebDriverWait(browser, 30).until(
        ec.text_to_be_present_in_element((By.ID, "sparql-status"), " in ")
    )
    assert "cut" not in browser.find_element(By.ID, "sparql-status").text
