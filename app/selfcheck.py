"""``frontdesk --self-check``: prove that an installed desk (or a bundle) works end to end.

A bundle can look fine and still miss a file: the migrations, a database driver, the
example setup file, Qt's platform plugins. The check walks the path a new branch takes on
its first day, in a temporary folder that is removed afterwards, so it never touches the
desk's own data:

1. ``database``: a new SQLite file, brought to the newest schema by the migrations;
2. ``setup``: the Riverside example (read as package data, as the bundle carries it)
   applied as a branch;
3. ``slot``: the next free slot of one of its services computed;
4. ``booking``: that slot booked for a new customer;
5. ``window``: the main window built on that database and rendered offscreen to a PNG,
   which must not be blank.

Each step prints its name, its time and what it found; the first failure stops the check,
exits 1 and names the step. ``FRONTDESK_SELFCHECK_SETUP`` names another setup file to use
instead of the example (to check a branch's own file, or to make the check fail on
purpose in tests).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.booking.errors import BookingError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from app.cli import Context

#: Names another setup file to apply instead of the bundled Riverside example.
SETUP_ENV = "FRONTDESK_SELFCHECK_SETUP"
#: Keeps the temporary folder (and its database and PNG) after the check, for a look.
KEEP_ENV = "FRONTDESK_SELFCHECK_KEEP"
#: How long the window may take to show its first calendar.
WINDOW_TIMEOUT_MS = 30_000
#: The order the steps run in; a failure names one of these.
STEPS = ("database", "setup", "slot", "booking", "window")


class StepFailed(Exception):
    """A step's problem, already worded for the person reading the check's output."""


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass
class _State:
    """What one step hands to the next."""

    folder: Path
    now: datetime
    url: str = ""
    engine: Engine | None = None
    sessions: sessionmaker[Session] | None = None
    branch_id: int | None = None
    service_id: int | None = None
    service_name: str = ""
    slot_start: datetime | None = None
    agent_ids: tuple[int, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)


def example_setup_text() -> tuple[str, str]:
    """The setup file's text and the name to quote in messages: the file named by
    ``FRONTDESK_SELFCHECK_SETUP``, else the Riverside example shipped as package data
    (importlib.resources finds it in a source tree, a wheel and a frozen bundle alike)."""
    override = os.environ.get(SETUP_ENV)
    if override:
        path = Path(override)
        try:
            return path.read_bytes().decode("utf-8-sig"), str(path)
        except OSError as exc:
            raise StepFailed(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
        except UnicodeDecodeError:
            raise StepFailed(f"{path} is not UTF-8 text") from None
    example = resources.files("resources.examples").joinpath("riverside.toml")
    try:
        return example.read_text("utf-8"), "riverside.toml (bundled example)"
    except OSError as exc:
        raise StepFailed(
            f"the bundled example riverside.toml is missing: {exc.strerror or exc}"
        ) from None


def _database(state: _State) -> str:
    from app.models import db

    path = state.folder / "selfcheck.sqlite3"
    state.url = f"sqlite:///{path.as_posix()}"
    state.engine = db.make_engine(state.url)
    db.upgrade(state.engine)
    revision = db.current_revision(state.engine)
    head = db.head_revision()
    if revision != head:
        raise StepFailed(f"the migrations stopped at {revision}, not at {head}")
    state.sessions = db.session_factory(state.engine)
    return f"new SQLite file migrated to revision {revision}"


def _setup(state: _State) -> str:
    from sqlalchemy import func, select

    from app.booking.permissions import load_actor
    from app.booking.setup_file import SetupFileError, apply_setup, parse_setup
    from app.models import Agent, Branch, Service
    from app.models.db import write_session

    assert state.sessions is not None
    text, source = example_setup_text()
    try:
        setup = parse_setup(text, source)
    except SetupFileError as exc:
        raise StepFailed(" ".join(exc.message.split())) from None
    with write_session(state.sessions) as session:
        apply_setup(session, load_actor(session), setup, state.now)
    with state.sessions() as session:
        branch = session.scalars(select(Branch).order_by(Branch.id).limit(1)).first()
        if branch is None:
            raise StepFailed(f"{source} created no branch")
        state.branch_id = branch.id
        services = session.scalar(select(func.count()).select_from(Service)) or 0
        agents = session.scalar(select(func.count()).select_from(Agent)) or 0
        label = f"branch {branch.name} ({branch.timezone})"
    return f"{label} from {source}: {services} services, {agents} agents"


def _slot(state: _State) -> str:
    from sqlalchemy import select

    from app.booking import availability
    from app.models import Service

    assert state.sessions is not None
    with state.sessions() as session:
        services = list(
            session.scalars(
                select(Service).where(Service.branch_id == state.branch_id).order_by(Service.id)
            )
        )
        if not services:
            raise StepFailed("the branch has no service to book")
        for service in services:
            found = availability.next_slot(session, service, state.now)
            if found is None:
                continue
            state.service_id = service.id
            state.service_name = service.name
            state.slot_start = found.start
            state.agent_ids = found.agent_ids
            tz = _branch_zone(session, state)
            local = found.start.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")
            free = len(found.agent_ids)
            return f"{service.name}: next free {local} ({free} agent(s) free)"
    names = ", ".join(s.name for s in services)
    raise StepFailed(f"no free slot within the booking horizon of any service ({names})")


def _branch_zone(session: Session, state: _State) -> Any:
    from zoneinfo import ZoneInfo

    from app.models import Branch

    branch = session.get(Branch, state.branch_id)
    assert branch is not None
    return ZoneInfo(branch.timezone)


def _booking(state: _State) -> str:
    from app.booking import appointments
    from app.booking.permissions import load_actor
    from app.booking.transactions import run_write
    from app.models import Service

    assert state.sessions is not None
    assert state.service_id is not None
    assert state.slot_start is not None
    service_id, start = state.service_id, state.slot_start

    def work(session: Session) -> tuple[int, str, str]:
        service = session.get(Service, service_id)
        assert service is not None
        request = appointments.BookingRequest(
            service_id=service_id,
            start=start,
            new_customer=appointments.NewCustomer(
                name="Self-check Customer", email="self-check@example.com"
            ),
            field_values={f.name: "Self-check" for f in service.fields if f.required},
            notes="Booked by frontdesk --self-check",
        )
        appt = appointments.book(session, load_actor(session), request, state.now)
        agent = appt.agent.name if appt.agent is not None else "no agent"
        return appt.id, agent, appt.status.name

    try:
        appt_id, agent, status = run_write(state.sessions, work)
    except BookingError as exc:
        raise StepFailed(f"the slot was refused ({exc.code}): {exc.message}") from None
    return f"appointment {appt_id} of {state.service_name} with {agent}, status {status}"


def _needs_offscreen() -> bool:
    """No screen to draw on: a Linux or BSD session without X11 or Wayland (a server, a
    CI runner, a container). Windows and macOS always have one."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _window(state: _State) -> str:
    if _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    from app.cli import Context
    from app.clock import fixed_clock
    from app.views.app import make_application, open_window

    app = make_application()
    platform = QGuiApplication.platformName()
    ctx = Context(db_url=state.url, json=False, clock=fixed_clock(state.now))
    window = open_window(ctx)
    try:
        loop = QEventLoop()
        shown: list[object] = []

        def on_shown(snapshot: object) -> None:
            shown.append(snapshot)
            loop.quit()

        window.snapshot_shown.connect(on_shown)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(WINDOW_TIMEOUT_MS)
        loop.exec()
        timer.stop()
        if not shown:
            raise StepFailed(
                f"the calendar did not show within {WINDOW_TIMEOUT_MS // 1000} s "
                f"(Qt platform {platform})"
            )
        app.processEvents()
        png = state.folder / "main-window.png"
        image = window.grab().toImage()
        if image.isNull() or not image.save(str(png)):
            raise StepFailed(f"the window could not be saved as {png}")
        colors = distinct_colors(image)
        if colors < 8:
            raise StepFailed(f"the rendered window is blank ({colors} colors) in {png}")
        state.extras["png"] = str(png)
        return (
            f"{image.width()}x{image.height()} PNG with {colors} sampled colors, "
            f"Qt platform {platform}: {png}"
        )
    finally:
        window.close()
        if window.watcher is not None:
            window.watcher.stop()
        window.deleteLater()
        app.processEvents()
        ctx.close()


def distinct_colors(image: Any, samples: int = 64) -> int:
    """How many different colors a grid of ``samples`` x ``samples`` points of ``image``
    holds: a blank or one-color render has one or two, a painted calendar dozens."""
    width, height = image.width(), image.height()
    if width == 0 or height == 0:
        return 0
    seen = {
        image.pixel(x * (width - 1) // (samples - 1), y * (height - 1) // (samples - 1))
        for x in range(samples)
        for y in range(samples)
    }
    return len(seen)


_STEP_WORK: dict[str, Callable[[_State], str]] = {
    "database": _database,
    "setup": _setup,
    "slot": _slot,
    "booking": _booking,
    "window": _window,
}


def run_checks(
    now: datetime, folder: Path, report: Callable[[StepResult], None] | None = None
) -> list[StepResult]:
    """Run the steps in order in ``folder`` (which must exist), stopping at the first
    failure; ``report`` sees each result as soon as it is known."""
    state = _State(folder=folder, now=now)
    results: list[StepResult] = []
    try:
        for name in STEPS:
            started = time.perf_counter()
            try:
                detail = _STEP_WORK[name](state)
                ok = True
            except StepFailed as exc:
                detail, ok = str(exc), False
            except BookingError as exc:
                detail, ok = f"{exc.code}: {exc.message}", False
            except Exception as exc:  # a missing module, driver or file: say which
                detail, ok = f"{type(exc).__name__}: {exc}", False
            one_line = " ".join(detail.split())
            result = StepResult(name, ok, time.perf_counter() - started, one_line)
            results.append(result)
            if report is not None:
                report(result)
            if not ok:
                break
    finally:
        if state.engine is not None:
            state.engine.dispose()
    return results


def run(ctx: Context) -> int:
    """The ``--self-check`` option: run every step in a temporary folder, print each one,
    exit 0 when all passed and 1 naming the step that failed."""
    keep = bool(os.environ.get(KEEP_ENV))
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-selfcheck-"))
    if not ctx.json:
        print(f"Front Desk {__version__} self-check in {folder}")

    def say(result: StepResult) -> None:
        if ctx.json:
            return
        mark = "ok  " if result.ok else "FAIL"
        print(f"{mark} {result.name:<9} {result.seconds:6.2f} s  {result.detail}", flush=True)

    started = time.perf_counter()
    try:
        results = run_checks(ctx.now(), folder, say)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    total = time.perf_counter() - started
    failed = next((r for r in results if not r.ok), None)
    data = {
        "version": __version__,
        "ok": failed is None,
        "folder": str(folder),
        "kept": keep,
        "seconds": round(total, 3),
        "steps": [
            {"name": r.name, "ok": r.ok, "seconds": round(r.seconds, 3), "detail": r.detail}
            for r in results
        ],
    }
    if failed is None:
        ctx.out(data, f"Self-check passed: {len(results)} steps in {total:.2f} s")
        return 0
    ctx.out(data, None)
    print(f"frontdesk: self-check failed at step {failed.name}: {failed.detail}", file=sys.stderr)
    return 1
