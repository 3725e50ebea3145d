"""``frontdesk --self-check`` and ``--version`` run as a user (or CI on a bundle) runs them:
in a separate process, with no display, and judged by exit code and output alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import __version__
from app.selfcheck import KEEP_ENV, SETUP_ENV, STEPS, distinct_colors

ROOT = Path(__file__).resolve().parents[1]
#: Monday 23 November 2026, 09:00 in Toronto: the check must not depend on today's date.
NOW = "2026-11-23T09:00-05:00"


def run_app(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", SETUP_ENV, KEEP_ENV}
    }
    base["TMPDIR"] = str(tmp_path)
    base["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    base["XDG_DATA_HOME"] = str(tmp_path / "data")
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def kept_folder(tmp_path: Path) -> Path:
    folders = sorted(tmp_path.glob("frontdesk-selfcheck-*"))
    assert len(folders) == 1, folders
    return folders[0]


def test_self_check_passes_and_renders_the_window_without_a_display(tmp_path: Path) -> None:
    done = run_app(tmp_path, "--now", NOW, "--self-check", env={KEEP_ENV: "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Front Desk {__version__} self-check in ")
    step_lines = [line for line in lines if line.startswith("ok   ")]
    assert [line.split()[1] for line in step_lines] == list(STEPS)
    for line in step_lines:
        assert line.split()[3] == "s"  # each step says how long it took
    text = done.stdout
    assert "revision" in text
    assert "branch Riverside (America/Toronto) from riverside.toml (bundled example)" in text
    # a mortgage consultation needs a day's notice: Tuesday 9:00 is its first free time
    assert "Mortgage consultation: next free Tue 2026-11-24 09:00" in text
    assert "Qt platform offscreen" in text
    assert lines[-1].startswith("Self-check passed: 5 steps in ")

    png = kept_folder(tmp_path) / "main-window.png"
    assert png.is_file()
    image = QImage(str(png))
    assert not image.isNull()
    assert image.width() >= 800
    assert image.height() >= 500
    assert distinct_colors(image) >= 8


def test_self_check_cleans_up_its_folder(tmp_path: Path) -> None:
    done = run_app(tmp_path, "--now", NOW, "--self-check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(tmp_path.glob("frontdesk-selfcheck-*")) == []


def test_a_bad_setup_file_fails_the_setup_step(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('[branch]\nname = "Broken"\ntimezone = "Mars/Olympus"\n', "utf-8")
    done = run_app(tmp_path, "--now", NOW, "--self-check", env={SETUP_ENV: str(bad)})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ok   database " in done.stdout
    fail = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fail) == 1
    assert fail[0].split()[1] == "setup"
    assert "broken.toml" in fail[0]
    assert "window" not in done.stdout  # nothing runs after the failed step
    assert done.stderr.startswith("frontdesk: self-check failed at step setup: ")


def test_a_missing_setup_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    done = run_app(tmp_path, "--now", NOW, "--self-check", env={SETUP_ENV: str(missing)})
    assert done.returncode == 1
    assert f"cannot read {missing}" in done.stderr
    assert "step setup" in done.stderr


def test_self_check_as_json(tmp_path: Path) -> None:
    done = run_app(tmp_path, "--now", NOW, "--json", "--self-check")
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] is True
    assert data["version"] == __version__
    assert [step["name"] for step in data["steps"]] == list(STEPS)
    assert all(step["ok"] and step["seconds"] >= 0 for step in data["steps"])


def test_version_comes_from_the_package(tmp_path: Path) -> None:
    done = run_app(tmp_path, "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"frontdesk {__version__}"


@pytest.mark.parametrize(
    ("colors", "expected"),
    [([0xFF000000], 1), ([0xFF000000, 0xFFFFFFFF], 2)],
)
def test_distinct_colors_counts_a_blank_image_as_blank(colors: list[int], expected: int) -> None:
    image = QImage(100, 60, QImage.Format.Format_ARGB32)
    image.fill(colors[0])
    if len(colors) > 1:
        for x in range(50, 100):
            for y in range(60):
                image.setPixel(x, y, colors[1])
    assert distinct_colors(image) == expected
