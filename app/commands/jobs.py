"""``frontdesk jobs`` (what the scheduled jobs did and will do) and ``frontdesk jobs run``
(run the due ones once, for a server without a desk: put it in cron every minute).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from app.cli import CliError, Context
from app.jobs import job_states, make_holder, registry
from app.jobs.leases import JobState


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    j = sub.add_parser("jobs", help="scheduled jobs: last run, result, next run", parents=[common])
    j.set_defaults(handler=list_jobs)
    jsub = j.add_subparsers(dest="jobs_command", metavar="ACTION")
    run = jsub.add_parser(
        "run",
        parents=[common],
        help="run the jobs that are due now, once (or the one named, due or not)",
    )
    run.add_argument("name", nargs="?", metavar="NAME", help="only this job, even if not due")
    run.set_defaults(handler=run_jobs)


def _when(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "never"
    return f"{value:%Y-%m-%d %H:%M}Z"


def _register_sync_jobs(ctx: Context) -> None:
    """Each calendar account's sync is a job too (known from the database, not built in)."""
    from app.sync.accounts import register_jobs

    register_jobs(ctx.sessions())


def _rows(now: datetime, states: dict[str, JobState]) -> list[dict[str, Any]]:
    """Registered jobs first (in running order), then jobs only the database knows (a sync
    job of an account this desk has not loaded, say)."""
    rows: list[dict[str, Any]] = []
    known = registry.specs()
    for spec in known:
        state = states.get(spec.name)
        row = (
            state.to_json(now)
            if state is not None
            else JobState(spec.name, None, None, None, None, None, None, None, None).to_json(now)
        )
        row["schedule"] = spec.schedule
        row["registered"] = True
        rows.append(row)
    names = {spec.name for spec in known}
    for name, state in states.items():
        if name not in names:
            rows.append({**state.to_json(now), "registered": False})
    for row in rows:
        next_run = row["next_run"]
        row["due"] = next_run is None or datetime.fromisoformat(next_run) <= now
    return rows


def _line(row: dict[str, Any], now: datetime) -> str:
    def at(key: str) -> datetime | None:
        value = row[key]
        return datetime.fromisoformat(value) if value else None

    last = _when(at("last_run"), now)
    if row["last_ok"] is False:
        last += " (failed)"
    next_run = "due now" if row["due"] else _when(at("next_run"), now)
    lines = [
        f"{row['name']:<22} {row['schedule'] or ''}".rstrip(),
        f"    last run {last}; next run {next_run}",
    ]
    if row["running"]:
        lines.append(f"    running on {row['lease_holder']} until {_when(at('lease_until'), now)}")
    elif row["lease_holder"]:
        lines.append(f"    last run by {row['lease_holder']}")
    if row["last_result"]:
        lines.append(f"    {row['last_result']}")
    return "\n".join(lines)


def list_jobs(ctx: Context, _args: argparse.Namespace) -> int:
    _register_sync_jobs(ctx)
    now = ctx.now()
    with ctx.sessions()() as session:
        states = job_states(session)
    rows = _rows(now, states)
    ctx.out(
        {"now": now.isoformat(), "jobs": rows},
        [_line(row, now) for row in rows] or ["No scheduled jobs."],
    )
    return 0


def run_jobs(ctx: Context, args: argparse.Namespace) -> int:
    _register_sync_jobs(ctx)
    now = ctx.now()
    sessions = ctx.sessions()
    holder = f"cli:{make_holder()}"
    if args.name:
        spec = registry.get(args.name)
        if spec is None:
            known = ", ".join(s.name for s in registry.specs())
            raise CliError("unknown_job", f"There is no job {args.name!r}. Jobs: {known}.")
        outcomes = [registry.run_job(sessions, spec, now, holder, only_if_due=False)]
    else:
        outcomes = registry.run_due(sessions, now, holder)
    lines = []
    for outcome in outcomes:
        if outcome.ran:
            state = "done" if outcome.ok else "FAILED"
            lines.append(f"{outcome.name:<22} {state}: {outcome.result}")
        else:
            lines.append(f"{outcome.name:<22} skipped: {outcome.skipped}")
    failed = [o.name for o in outcomes if o.ran and not o.ok]
    ctx.out({"now": now.isoformat(), "results": [o.to_json() for o in outcomes]}, lines)
    if failed:
        ctx.note(f"Job(s) failed: {', '.join(failed)}; see `frontdesk jobs` for why.")
        return 1
    return 0
