"""Users, roles, the permission table, signing in and ``--as``, on SQLite and PostgreSQL.

Passwords must never be readable: not in the users table, not in the audit trail, not in
a log line, an error message or a command's output. Every test passes ``now`` itself.
"""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app.booking import users
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.cli import main
from app.models import Agent, AuditEntry, User
from tests.support.riverside import RIVERSIDE, apply_riverside

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
SECRET = "Tulip-Harbour-42"
OTHER_SECRET = "Maple-Lantern-77"


@pytest.fixture
def desk(session: Session) -> Actor:
    return load_actor(session)


def _add(session: Session, username: str, role: str, password: str | None = SECRET) -> None:
    users.add_user(
        session,
        load_actor(session),
        NOW,
        username=username,
        display_name=username.title(),
        role=role,
        password=password,
    )
    session.commit()


def _code(call: Any) -> str:
    with pytest.raises(BookingError) as err:
        call()
    return err.value.code


def _everything_stored(session: Session) -> str:
    """The users and audit tables as text, to look for a password in clear."""
    rows = [
        *session.execute(text("SELECT * FROM users")).all(),
        *session.execute(text("SELECT * FROM audit_log")).all(),
    ]
    return "\n".join(repr(tuple(r)) for r in rows)


# -- adding and listing ------------------------------------------------------------------


def test_add_user_hashes_the_password_and_audits_without_it(session: Session, desk: Actor) -> None:
    info = users.add_user(
        session,
        desk,
        NOW,
        username="rita",
        display_name="  Rita   Ross ",
        role="receptionist",
        password=SECRET,
    )
    session.commit()
    assert (info.username, info.display_name, info.role, info.can_sign_in) == (
        "rita",
        "Rita Ross",
        "receptionist",
        True,
    )
    stored = session.scalars(select(User.password_hash).where(User.username == "rita")).one()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PasswordHasher().verify(stored, SECRET)
    everything = _everything_stored(session)
    assert SECRET not in everything
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.add")).one()
    assert entry.actor == "Front desk (desk)"
    assert entry.after == {
        "username": "rita",
        "display_name": "Rita Ross",
        "role": "receptionist",
        "agent_id": None,
        "active": True,
        "can_sign_in": True,
    }
    assert stored not in json.dumps(entry.after)


def test_add_user_refusals(session: Session, desk: Actor) -> None:
    def add(**kw: Any) -> None:
        values: dict[str, Any] = {
            "username": "sam",
            "display_name": "Sam",
            "role": "agent",
            "password": SECRET,
        }
        users.add_user(session, desk, NOW, **(values | kw))

    _add(session, "sam", "agent")
    assert _code(lambda: add()) == "username_taken"
    assert _code(lambda: add(username="two words")) == "invalid_username"
    assert _code(lambda: add(username="   ")) == "invalid_username"
    assert _code(lambda: add(username="x", display_name=" ")) == "invalid_name"
    assert _code(lambda: add(username="x", role="cashier")) == "unknown_role"
    assert _code(lambda: add(username="x", password="short")) == "weak_password"
    assert _code(lambda: add(username="x", password=" " * 12)) == "weak_password"
    assert _code(lambda: add(username="x", agent_id=999_999)) == "not_found"
    session.rollback()
    rita = Actor(None, "r", "Rita", "receptionist", frozenset({"appointments.create"}))
    assert (
        _code(
            lambda: users.add_user(session, rita, NOW, username="y", display_name="Y", role="agent")
        )
        == "permission_denied"
    )


def test_list_users_and_agent_link(
    sessions: sessionmaker[Session], session: Session, desk: Actor
) -> None:
    apply_riverside(sessions)
    session.rollback()  # end the read transaction begun before the branch was added
    agent_id = users.find_agent(session, " alice martin ")
    assert agent_id == session.scalars(select(Agent.id).where(Agent.name == "Alice Martin")).one()
    assert _code(lambda: users.find_agent(session, "Nobody")) == "not_found"
    users.add_user(
        session, desk, NOW, username="alice", display_name="Alice", role="agent", agent_id=agent_id
    )
    _add(session, "zed", "manager", password=None)
    users.remove_user(session, desk, "zed", NOW)
    session.commit()
    listed = users.list_users(session, desk)
    assert [(u.username, u.role, u.agent, u.can_sign_in) for u in listed] == [
        ("alice", "agent", "Alice Martin", False),
        ("desk", "administrator", None, False),
    ]
    every = users.list_users(session, desk, include_inactive=True)
    assert [u.username for u in every] == ["alice", "desk", "zed"]
    assert every[2].active is False


# -- roles and the last administrator ----------------------------------------------------


def test_set_role_and_remove_never_lose_the_last_administrator(
    session: Session, desk: Actor
) -> None:
    assert _code(lambda: users.remove_user(session, desk, "desk", NOW)) == "last_administrator"
    assert (
        _code(lambda: users.set_role(session, desk, "desk", "manager", NOW)) == "last_administrator"
    )
    _add(session, "ada", "manager")
    users.set_role(session, desk, "ada", "administrator", NOW)
    session.commit()
    users.set_role(session, desk, "desk", "receptionist", NOW)
    session.commit()
    ada = load_actor(session, "ada")
    assert _code(lambda: users.remove_user(session, ada, "ada", NOW)) == "last_administrator"
    assert _code(lambda: users.remove_user(session, ada, "nobody", NOW)) == "not_found"
    removed = users.remove_user(session, ada, "desk", NOW)
    session.commit()
    assert removed.active is False
    assert _code(lambda: users.remove_user(session, ada, "desk", NOW)) == "already_removed"
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "user").order_by(AuditEntry.id)
    ).all()
    assert actions == ["user.add", "user.role", "user.role", "user.remove"]
    role_change = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.role").order_by(AuditEntry.id)
    ).first()
    assert role_change is not None
    assert role_change.before is not None
    assert role_change.before["role"] == "manager"
    assert role_change.after is not None
    assert role_change.after["role"] == "administrator"


def test_permission_table_changes_and_its_guards(session: Session, desk: Actor) -> None:
    before = {r.key: r.permissions for r in users.list_roles(session)}
    assert list(before) == list(users.ROLE_KEYS)
    role = users.change_role_permissions(
        session, desk, "agent", NOW, grant=["appointments.assign"], revoke=["customers.edit"]
    )
    session.commit()
    assert role.permissions == ("appointments.create", "appointments.edit", "appointments.assign")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "role.permissions")).one()
    assert entry.before == {"role": "agent", "permissions": list(before["agent"])}
    assert entry.after == {"role": "agent", "permissions": list(role.permissions)}
    # nothing changes: no audit row
    users.change_role_permissions(session, desk, "agent", NOW, grant=["appointments.assign"])
    session.commit()
    assert (
        session.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "role.permissions").offset(1)
        )
        is None
    )

    def change(role: str, **kw: Any) -> None:
        users.change_role_permissions(session, desk, role, NOW, **kw)

    assert (
        _code(lambda: change("administrator", revoke=["administer"]))
        == "administrator_keeps_administer"
    )
    assert _code(lambda: change("agent", grant=["fly"])) == "unknown_permission"
    assert _code(lambda: change("cashier", grant=["administer"])) == "unknown_role"
    assert (
        _code(lambda: change("agent", grant=["administer"], revoke=["administer"]))
        == "grant_and_revoke"
    )
    # The only administrator left through the manager role keeps that role's administer.
    change("manager", grant=["administer"])
    _add(session, "max", "manager")
    users.remove_user(session, desk, "desk", NOW)
    session.commit()
    boss = load_actor(session, "max")
    assert boss.may("administer")
    assert (
        _code(
            lambda: users.change_role_permissions(
                session, boss, "manager", NOW, revoke=["administer"]
            )
        )
        == "last_administrator"
    )
    rita = Actor(None, "r", "Rita", "receptionist", frozenset())
    assert (
        _code(
            lambda: users.change_role_permissions(session, rita, "agent", NOW, grant=["administer"])
        )
        == "permission_denied"
    )


# -- passwords and signing in ------------------------------------------------------------


def test_sign_in_gives_the_actor_and_records_it(session: Session) -> None:
    _add(session, "mona", "manager")
    actor = users.sign_in(session, " mona ", SECRET, NOW)
    session.commit()
    assert (actor.username, actor.role) == ("mona", "manager")
    assert actor.may("appointments.approve")
    assert not actor.may("administer")
    user = session.scalars(select(User).where(User.username == "mona")).one()
    assert user.last_sign_in_at == NOW
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.sign_in")).one()
    assert (entry.user_id, entry.before, entry.after) == (user.id, None, None)


def test_sign_in_failures_all_look_alike(session: Session, desk: Actor) -> None:
    _add(session, "mona", "manager")
    _add(session, "nopass", "agent", password=None)
    _add(session, "gone", "agent")
    users.remove_user(session, desk, "gone", NOW)
    session.commit()
    messages = set()
    for username, password in [
        ("mona", OTHER_SECRET),
        ("mona", ""),
        ("MONA", SECRET),
        ("nobody", SECRET),
        ("nopass", SECRET),
        ("nopass", ""),
        ("gone", SECRET),
    ]:
        with pytest.raises(BookingError) as err:
            users.sign_in(session, username, password, NOW)
        assert err.value.code == "sign_in_failed"
        assert err.value.details is None
        assert SECRET not in err.value.message
        assert OTHER_SECRET not in err.value.message
        messages.add(err.value.message)
    assert len(messages) == 1
    session.rollback()
    assert (
        session.scalars(select(User.last_sign_in_at).where(User.username == "mona")).one() is None
    )


def test_an_old_hash_is_renewed_on_sign_in(session: Session) -> None:
    _add(session, "mona", "manager")
    user = session.scalars(select(User).where(User.username == "mona")).one()
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(SECRET)
    user.password_hash = weak
    session.commit()
    users.sign_in(session, "mona", SECRET, NOW)
    session.commit()
    session.refresh(user)
    assert user.password_hash not in (None, weak)
    assert user.password_hash is not None
    assert not PasswordHasher().check_needs_rehash(user.password_hash)
    users.sign_in(session, "mona", SECRET, NOW)


def test_set_password_by_oneself_or_an_administrator(session: Session, desk: Actor) -> None:
    _add(session, "mona", "manager")
    _add(session, "ray", "receptionist")
    mona = load_actor(session, "mona")
    users.set_password(session, mona, "mona", OTHER_SECRET, NOW)
    session.commit()
    assert users.sign_in(session, "mona", OTHER_SECRET, NOW).username == "mona"
    assert _code(lambda: users.sign_in(session, "mona", SECRET, NOW)) == "sign_in_failed"
    assert (
        _code(lambda: users.set_password(session, mona, "ray", OTHER_SECRET, NOW))
        == "permission_denied"
    )
    assert _code(lambda: users.set_password(session, mona, "mona", "abc", NOW)) == "weak_password"
    users.set_password(session, desk, "ray", None, NOW)
    session.commit()
    assert _code(lambda: users.sign_in(session, "ray", SECRET, NOW)) == "sign_in_failed"
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.password").order_by(AuditEntry.id)
    ).all()
    assert [(e.before, e.after) for e in entries] == [
        ({"can_sign_in": True}, {"can_sign_in": True, "password_changed": True}),
        ({"can_sign_in": True}, {"can_sign_in": False, "password_changed": True}),
    ]
    stored = _everything_stored(session)
    assert SECRET not in stored
    assert OTHER_SECRET not in stored


def test_no_password_in_the_logs(session: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _add(session, "mona", "manager")
    users.sign_in(session, "mona", SECRET, NOW)
    for wrong in (OTHER_SECRET, SECRET.lower()):
        with pytest.raises(BookingError):
            users.sign_in(session, "mona", wrong, NOW)
    session.commit()
    assert caplog.records  # SQLAlchemy and the sign-in refusals did log
    everything = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in (SECRET, OTHER_SECRET, SECRET.lower()):
        assert secret not in everything


# -- the command line --------------------------------------------------------------------


class Cli:
    def __init__(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
    ) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.url = url

    def __call__(self, *args: str, stdin: str = "", code: int = 0) -> Any:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        got = main([*args, "--db", self.url, "--now", "2026-11-23T09:00-05:00", "--json"])
        out, err = self.capsys.readouterr()
        assert got == code, err
        for secret in (SECRET, OTHER_SECRET):
            assert secret not in out
            assert secret not in err
        return json.loads(out.strip().splitlines()[-1] if code else out) if out.strip() else None


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db_url: str) -> Cli:
    return Cli(capsys, monkeypatch, db_url)


def test_cli_users_add_list_set_role_remove(cli: Cli, sessions: sessionmaker[Session]) -> None:
    added = cli(
        "users", "add", "rita", "--name", "Rita Ross", "--role", "receptionist",
        "--password-stdin", stdin=SECRET + "\n",
    )  # fmt: skip
    assert added["username"] == "rita"
    assert added["can_sign_in"] is True
    cli("users", "add", "kim", "--name", "Kim", "--role", "agent", "--no-password")
    listed = cli("users", "list")
    assert [(u["username"], u["role"], u["can_sign_in"]) for u in listed] == [
        ("desk", "administrator", False),
        ("kim", "agent", False),
        ("rita", "receptionist", True),
    ]
    assert cli("users", "set-role", "kim", "manager")["role"] == "manager"
    assert cli("users", "remove", "kim")["active"] is False
    assert [u["username"] for u in cli("users", "list")] == ["desk", "rita"]
    refused = cli("users", "remove", "desk", code=1)
    assert refused["error"]["code"] == "last_administrator"
    with sessions() as s:
        assert users.sign_in(s, "rita", SECRET, datetime(2026, 11, 23, tzinfo=UTC)).role == (
            "receptionist"
        )
    # the password is never an argument, and a refused one is not echoed back
    bad = cli("users", "add", "x", "--name", "X", "--role", "agent", "--password", SECRET, code=2)
    assert bad["error"]["code"] == "usage"
    assert "--password-stdin" in bad["error"]["message"]


def test_cli_password_prompt_asks_twice(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter([SECRET, OTHER_SECRET, SECRET, SECRET])
    monkeypatch.setattr("app.commands.users.getpass.getpass", lambda _prompt: next(answers))
    monkeypatch.setattr("app.commands.users.sys.stdin", Tty())
    args = ("users", "add", "rita", "--name", "Rita", "--role", "agent", "--db", cli.url, "--json")
    assert main(list(args)) == 1
    out, err = cli.capsys.readouterr()
    assert json.loads(out)["error"]["code"] == "password_mismatch"
    assert main(list(args)) == 0
    out, err = cli.capsys.readouterr()
    assert SECRET not in out + err
    assert json.loads(out)["can_sign_in"] is True
    no_tty = cli("users", "add", "sam", "--name", "Sam", "--role", "agent", code=2)
    assert "--password-stdin" in no_tty["error"]["message"]


def test_cli_permissions_show_grant_revoke(cli: Cli) -> None:
    table = cli("users", "permissions")
    assert [r["key"] for r in table] == list(users.ROLE_KEYS)
    one = cli("users", "permissions", "receptionist", "--revoke", "appointments.assign")
    assert one == [
        {
            "key": "receptionist",
            "name": "Receptionist",
            "permissions": ["appointments.create", "appointments.edit", "customers.edit"],
        }
    ]
    assert cli("users", "permissions", "receptionist") == one
    assert cli("users", "permissions", "cashier", code=1)["error"]["code"] == "unknown_role"
    refused = cli("users", "permissions", "administrator", "--revoke", "administer", code=1)
    assert refused["error"]["code"] == "administrator_keeps_administer"
    assert cli("users", "permissions", "--grant", "administer", code=2)["error"]["code"] == "usage"


def test_cli_as_runs_with_that_users_permissions(cli: Cli) -> None:
    cli("setup", "apply", str(RIVERSIDE))
    for name, role in (("rita", "receptionist"), ("alan", "agent")):
        cli("users", "add", name, "--name", name.title(), "--role", role, "--no-password")
    book = (
        "book", "--service", "Account opening", "--start", "2026-11-24T11:00",
        "--name", "Dana Walker", "--phone", "416 555 0142", "--agent", "Bob Chen",
    )  # fmt: skip
    refused = cli("--as", "alan", *book, code=1)
    assert refused["error"]["code"] == "permission_denied"
    assert "Alan (agent)" in refused["error"]["message"]
    booked = cli(*book, "--as", "rita")
    assert booked["agent"] == "Bob Chen"
    settings = cli("--as", "rita", "settings", "set", "min_agent_share", "0.5", code=1)
    assert settings["error"]["code"] == "permission_denied"
    listing = cli("users", "list", "--as", "rita", code=1)
    assert listing["error"]["code"] == "permission_denied"
    unknown = cli("--as", "nobody", "users", "list", code=1)
    assert unknown["error"]["code"] == "unknown_user"
    cli("users", "permissions", "agent", "--grant", "appointments.assign")
    again = cli(
        "--as", "alan", "book", "--service", "Account opening", "--start", "2026-11-24T13:00",
        "--name", "Eve Stone", "--phone", "416 555 0143", "--agent", "Bob Chen",
    )  # fmt: skip
    assert again["agent"] == "Bob Chen"
