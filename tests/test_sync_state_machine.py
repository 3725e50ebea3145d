"""The sync engine against random interleavings of desk, agent, outages and crashes.

A Hypothesis state machine books, reschedules and cancels appointments at the desk,
lets the agent move or delete the desk's events and add or remove other events in an
in-memory calendar (:class:`~tests.support.fake_calendar.FakeCalendar`: etags,
If-None-Match by uid, incremental cursors that can expire), takes the server down, makes
the desk die between a remote write and its commit, and syncs. After every sync with the
server up it checks what the desk promises:

* every live appointment has exactly one event, at the desk's times, unless a conflict
  is recorded for it; every cancelled one has none unless a conflict is recorded;
* no change the agent made was silently overwritten: it is a recorded conflict, or the
  desk agrees with it (same times, or cancelled after a delete);
* the stored busy time is exactly the other events on the calendar.

Each example gets a new calendar account on the same migrated database; its appointments
are cancelled (with the account disabled) when the example ends, so the next one starts
with a free diary. SQLite runs more examples than PostgreSQL, whose round trips cost more.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.models import Appointment, CalendarAccount, ExternalBusy, ExternalEventLink
from app.sync import accounts
from app.sync.engine import Conflict, sync_account
from app.sync.outbox import event_uid
from app.sync.provider import BusyInterval
from tests.support.fake_calendar import CAL, Crash, FakeCalendar
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
#: Each sync happens this long after the previous step: past any lease and short backoff.
STEP = timedelta(minutes=10)
#: Consecutive syncs with the server down; fewer than the engine's give-up count.
MAX_OUTAGE = 3
DAYS = st.sampled_from([24, 25, 26])
HOURS = st.integers(min_value=10, max_value=15)
HALVES = st.sampled_from([0, 30])


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def machine(sessions: sessionmaker[Session], desk: dict[str, int]) -> type[RuleBasedStateMachine]:
    """A state machine class bound to one migrated database."""

    class SyncMachine(RuleBasedStateMachine):
        appointments = Bundle("appointments")

        def __init__(self) -> None:
            super().__init__()
            self.now = MONDAY_9AM
            self.fake = FakeCalendar()
            self.booked: list[int] = []
            self.customer = 0
            self.outage = 0
            self.others = 0
            #: appointment id -> what the agent last did to its event (times, or None
            #: for a delete), to check that it was not overwritten silently
            self.agent: dict[int, tuple[datetime, datetime] | None] = {}
            with sessions() as session:
                account = accounts.add_account(
                    session,
                    load_actor(session),
                    self.now,
                    agent_id=desk["Bob Chen"],
                    provider="caldav",
                    server_url="https://calendar.example/",
                    username="bob",
                    password=None,
                    target_calendar=CAL,
                )
                session.commit()
                self.account = account.id

        # -- the desk ---------------------------------------------------------------------

        @rule(target=appointments, day=DAYS, hour=HOURS, minute=HALVES)
        def book(self, day: int, hour: int, minute: int) -> int:
            self.customer = (self.customer + 1) % 4
            with sessions() as session:
                try:
                    appt = use.book(
                        session,
                        load_actor(session),
                        BookingRequest(
                            service_id=desk["Account opening"],
                            start=at(day, hour, minute),
                            customer_id=desk[f"c{self.customer}"],
                            agent_id=desk["Bob Chen"],
                        ),
                        self.now,
                    )
                except BookingError:
                    return -1  # the slot is taken: nothing happened
                session.commit()
                self.booked.append(appt.id)
                return appt.id

        @rule(target=appointments, day=DAYS, hour=HOURS, minute=HALVES)
        def book_another(self, day: int, hour: int, minute: int) -> int:
            return self.book(day, hour, minute)

        @rule(appt=appointments, day=DAYS, hour=HOURS, minute=HALVES)
        def reschedule(self, appt: int, day: int, hour: int, minute: int) -> None:
            if appt < 0:
                return
            with sessions() as session:
                try:
                    use.reschedule(
                        session, load_actor(session), appt, at(day, hour, minute), "Moved", self.now
                    )
                except BookingError:
                    return
                session.commit()

        @rule(appt=consumes(appointments))
        def cancel(self, appt: int) -> None:
            if appt < 0:
                return
            with sessions() as session:
                try:
                    use.cancel(session, load_actor(session), appt, "Not needed", self.now)
                except BookingError:
                    return
                session.commit()

        # -- the agent's calendar ---------------------------------------------------------

        def _pick(self, data: st.DataObject) -> tuple[str, int]:
            """One of the desk's events in the calendar, and its appointment."""
            href = data.draw(st.sampled_from(sorted(self.fake.events)))
            uid = self.fake.events[href][0].uid
            appt = next(a for a in self.booked if event_uid(a, self.account) == uid)
            return href, appt

        @precondition(lambda self: bool(self.fake.events))
        @rule(data=st.data(), day=DAYS, hour=HOURS)
        def agent_moves(self, data: st.DataObject, day: int, hour: int) -> None:
            href, appt = self._pick(data)
            start = at(day, hour, 15)
            self.fake.move(href, start, start + timedelta(minutes=45))
            self.agent[appt] = (start, start + timedelta(minutes=45))

        @precondition(lambda self: bool(self.fake.events))
        @rule(data=st.data())
        def agent_deletes(self, data: st.DataObject) -> None:
            href, appt = self._pick(data)
            self.fake.remove(href)
            self.agent[appt] = None

        @precondition(lambda self: len(self.fake.others) < 3)
        @rule(day=DAYS, hour=HOURS, show_as=st.sampled_from(["busy", "tentative", "oof"]))
        def other_event(self, day: int, hour: int, show_as: str) -> None:
            self.others += 1
            name = f"other-{self.others}"
            start = at(day, hour)
            self.fake.add_other(
                BusyInterval(name, name, start, start + timedelta(hours=1), show_as)
            )

        @precondition(lambda self: bool(self.fake.others))
        @rule(data=st.data())
        def other_event_removed(self, data: st.DataObject) -> None:
            name = data.draw(st.sampled_from(sorted(self.fake.others)))
            self.fake.remove_other(name)

        @rule()
        def cursors_expire(self) -> None:
            self.fake.expire_cursors()

        # -- syncing ----------------------------------------------------------------------

        def _sync(self) -> None:
            self.now += STEP
            sync_account(sessions, self.account, self.now, self.fake, rng=lambda: 0.0)  # type: ignore[arg-type]

        @precondition(lambda self: self.outage < MAX_OUTAGE)
        @rule()
        def sync_while_down(self) -> None:
            self.fake.down = True
            try:
                self._sync()
            finally:
                self.fake.down = False
            self.outage += 1

        @rule()
        def crash_after_a_write(self) -> None:
            self.fake.crash_after_write = True
            # the engine's session is rolled back: the landed write is not recorded
            with contextlib.suppress(Crash):
                self._sync()
            self.fake.crash_after_write = False

        @rule()
        def sync(self) -> None:
            self._sync()
            self.outage = 0
            self.check()

        # -- what must hold ---------------------------------------------------------------

        @invariant()
        def no_duplicate_event(self) -> None:
            uids = [event.uid for event, _etag in self.fake.events.values()]
            assert len(uids) == len(set(uids)), uids

        def check(self) -> None:
            with sessions() as session:
                links = {
                    link.appointment_id: link
                    for link in session.scalars(
                        select(ExternalEventLink).where(
                            ExternalEventLink.account_id == self.account
                        )
                    )
                }
                for appt_id in self.booked:
                    appt = session.get(Appointment, appt_id)
                    assert appt is not None
                    link = links.get(appt_id)
                    conflict = Conflict.from_text(link.conflict) if link else None
                    uid = event_uid(appt_id, self.account)
                    remote = [e for e, _ in self.fake.events.values() if e.uid == uid]
                    cancelled = appt.status.predicate == "cancellation"
                    if conflict is None:
                        if cancelled:
                            assert remote == [], f"cancelled {appt_id} still in the calendar"
                        else:
                            assert len(remote) == 1, f"{appt_id} has {len(remote)} events"
                            assert (remote[0].start, remote[0].end) == (
                                appt.start_at,
                                appt.end_at,
                            ), f"{appt_id} is at other times in the calendar"
                    if appt_id in self.agent and conflict is None:
                        change = self.agent[appt_id]
                        if change is None:
                            assert cancelled, f"the agent's delete of {appt_id} was lost"
                        else:
                            assert (appt.start_at, appt.end_at) == change or (
                                cancelled and not remote
                            ), f"the agent's move of {appt_id} was overwritten"
                stored = sorted(
                    (row.external_id, row.start_at, row.end_at, row.show_as)
                    for row in session.scalars(
                        select(ExternalBusy).where(ExternalBusy.account_id == self.account)
                    )
                )
            expected = sorted(
                (b.external_id, b.start, b.end, b.show_as) for b in self.fake.others.values()
            )
            assert stored == expected

        def teardown(self) -> None:
            with sessions() as session:
                account = session.get(CalendarAccount, self.account)
                assert account is not None
                account.enabled = False
                session.commit()
            for appt_id in self.booked:
                with sessions() as session:
                    appt = session.get(Appointment, appt_id)
                    assert appt is not None
                    if appt.status.predicate == "cancellation":
                        continue
                    actor = load_actor(session)
                    use.cancel(session, actor, appt_id, "Clean up", self.now, override=True)
                    session.commit()

    return SyncMachine


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        for i, cid in enumerate(add_customers(session, 4)):
            found[f"c{i}"] = cid
    return found


def test_sync_keeps_desk_and_calendar_consistent(
    sessions: sessionmaker[Session], desk: dict[str, int], db_url: str
) -> None:
    examples = 10 if db_url.startswith("sqlite") else 4
    run_state_machine_as_test(
        machine(sessions, desk),
        settings=settings(
            max_examples=examples,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
