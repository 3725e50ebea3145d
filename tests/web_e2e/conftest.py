"""A real ``frontdesk serve`` and a real headless Chromium, for the self-service pages.

The server is the installed command line (``python -m app``) run as a subprocess on a
free loopback port, against the test's database (SQLite or PostgreSQL, from the
``db_url`` fixture) with the Riverside branch applied and the clock fixed by the global
``--now`` option, so every page is computed for Monday 23 November 2026, 09:00 Toronto.
Chromium is Debian's, driven through Debian's chromedriver (never a driver Selenium
Manager would fetch from the network); both come from ``packaging/bootstrap.sh --test``.

Screenshots go to ``$FRONTDESK_WEB_SCREENSHOTS`` when it is set (docs/screenshots is
where the project keeps them) and to the test's temporary folder otherwise, so a plain
test run never rewrites the tracked images.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService
from sqlalchemy.orm import Session, sessionmaker

from tests.support.riverside import MONDAY_9AM, apply_riverside

ROOT = Path(__file__).resolve().parents[2]
#: Wide enough for the desktop layout; 390 is a phone's width.
DESKTOP_WIDTH = 1280
PHONE_WIDTH = 390


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Site:
    """A running ``frontdesk serve``: its base address and its log."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str) -> str:
        return self.base + path

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def start_server(db_url: str, log: Path, *extra: str, threads: int = 4) -> Site:
    """Start ``frontdesk serve`` on a free port and wait until it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "app",
        "--db",
        db_url,
        "--now",
        MONDAY_9AM.isoformat(),
        "serve",
        "--port",
        str(port),
        "--threads",
        str(threads),
        *extra,
    ]
    env = dict(os.environ)
    env.pop("FRONTDESK_DB", None)
    out = log.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    out.close()
    site = Site(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"frontdesk serve stopped at once:\n{site.log_text()}")
        try:
            with urllib.request.urlopen(site.url("/"), timeout=2):
                return site
        except urllib.error.HTTPError:
            return site  # it answers, whatever the page says
        except OSError:
            if time.monotonic() > deadline:
                stop_server(site)
                raise RuntimeError(f"frontdesk serve did not answer:\n{site.log_text()}") from None
            time.sleep(0.1)


def stop_server(site: Site) -> None:
    site.process.terminate()
    try:
        site.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        site.process.kill()
        site.process.wait(timeout=15)


@pytest.fixture
def riverside(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """The test database with the Riverside branch, as the desk and the pages share it."""
    apply_riverside(sessions)
    return sessions


@pytest.fixture
def site(riverside: sessionmaker[Session], db_url: str, tmp_path: Path) -> Iterator[Site]:
    """``frontdesk serve`` on the test database; attempts limited loosely enough that the
    scenarios never meet the rate limit (its own tests live with the pages)."""
    running = start_server(db_url, tmp_path / "serve.log", "--attempts", "1000 per minute")
    try:
        yield running
    finally:
        stop_server(running)


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.skip("Chromium and chromedriver are not installed: packaging/bootstrap.sh --test")
    return browser, driver


@pytest.fixture(scope="session")
def chrome() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the session (each test starts on a fresh page)."""
    browser, driver = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={DESKTOP_WIDTH},900",
        "--lang=en-CA",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-CA,en"})
    session = webdriver.Chrome(options=options, service=DriverService(executable_path=driver))
    session.set_page_load_timeout(30)
    try:
        yield session
    finally:
        session.quit()


@pytest.fixture
def browser(chrome: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The session's Chromium with no cookies left from another test, at desktop width."""
    chrome.delete_all_cookies()
    chrome.set_window_size(DESKTOP_WIDTH, 900)
    yield chrome
    chrome.delete_all_cookies()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    chosen = os.environ.get("FRONTDESK_WEB_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(
    driver: webdriver.Chrome, folder: Path, name: str, width: int = DESKTOP_WIDTH
) -> Path:
    """The whole page at ``width`` as ``web_<name>.png`` (the window grows to the page)."""
    driver.set_window_size(width, 900)
    # Headless Chromium's window is taller than its page area by an amount it does not
    # report: size the page area itself for the capture, then give the window back.
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    metrics = {"width": width, "height": min(max(height, 600), 4000)}
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", metrics | {"deviceScaleFactor": 1, "mobile": False}
    )
    try:
        path = folder / f"web_{name}.png"
        assert driver.save_screenshot(str(path)), f"no screenshot of {name}"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.set_window_size(DESKTOP_WIDTH, 900)
    return path
