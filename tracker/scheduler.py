"""`tracker daemon`: run the pipeline on the configured crontab schedule with APScheduler 3.x, until SIGTERM.

Three things APScheduler does not do the crontab way, handled here:
- `CronTrigger.from_crontab` passes day-of-week numbers through, but APScheduler 3 counts 0 = Monday
  while crontab counts 0 (and 7) = Sunday, so `0 3 * * 1-5` would run Tuesday to Saturday. The
  day-of-week field is translated to day names instead (numbers, names, ranges, lists and steps).
- crontab runs a job when the day of month OR the day of week matches if both are restricted;
  APScheduler requires both. That case becomes an OrTrigger of the two.
- A signal handler must not block inside the scheduler loop, so SIGTERM/SIGINT start the shutdown on a
  helper thread: it waits for a running job to finish, then `start()` returns and the daemon exits 0.

A job never takes the daemon down: its outcome (report, failure or crash) is logged as one JSON line
on the `tracker.scheduler` logger, and the next run happens on schedule. Overlap with a manual run is
prevented by the run lock the pipeline takes (tracker/store/lease.py), not by the scheduler.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tracker.errors import TrackerError
from tracker.store.lease import LeaseHeld, hold_lease

if TYPE_CHECKING:
    from tracker.config import Config

log = logging.getLogger(__name__)

Job = Callable[[], Any]
JOB_ID = "tracker-run"
TICKS_JOB_ID = "tracker-ticks"
MISFIRE_GRACE_SECONDS = 3600  # a run missed by up to an hour (host asleep, daemon busy) still happens once
REPORT_TEXT_FIELDS = ("diff", "body")  # the README diff and PR body: too long for a log line

CRON_ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_CRONTAB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab numbering: 0 (and 7) is Sunday


def _crontab_day(text: str) -> int:
    if text in _CRONTAB_DAYS:
        return _CRONTAB_DAYS.index(text)
    if text.isdigit() and int(text) <= 7:
        return int(text)
    raise ValueError(f"{text!r} is not a weekday (0-7 with 0 and 7 = Sunday, or sun..sat)")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field as an APScheduler 3 `day_of_week` of day names (`*` for every day).

    Accepts numbers 0-7 (0 and 7 are Sunday), names sun..sat, ranges, lists and steps:
    `1-5` -> `mon,tue,wed,thu,fri`, `0,6` -> `sun,sat`, `*/2` -> `sun,tue,thu,sat`, `5-7` -> `sun,fri,sat`.
    """
    days: set[int] = set()
    for part in field.strip().lower().split(","):
        base, slash, step_text = part.partition("/")
        if slash and not (step_text.isdigit() and int(step_text) > 0):
            raise ValueError(f"day-of-week step {step_text!r} must be a positive number")
        step = int(step_text) if slash else 1
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            first, last = (_crontab_day(end) for end in base.split("-", 1))
            if first > last:
                raise ValueError(f"day-of-week range {base!r} runs backwards")
        else:
            first = _crontab_day(base)
            last = 7 if slash else first  # `1/2`: from Monday on, every second day
        days.update(day % 7 for day in range(first, last + 1, step))
    if len(days) == 7:
        return "*"
    return ",".join(_CRONTAB_DAYS[day] for day in sorted(days))


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; a ValueError that says what to write otherwise."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as UTC or Europe/Berlin"
        ) from None


def crontab_trigger(expression: str, timezone: str) -> BaseTrigger:
    """A trigger that fires exactly when crontab would for `expression` (5 fields or an @alias) in
    `timezone`; ValueError with a one-line reason for anything else."""
    fields = CRON_ALIASES.get(expression.strip().lower(), expression).split()
    if len(fields) != 5:
        raise ValueError(
            f"{expression!r} has {len(fields)} fields; a crontab schedule has 5: "
            "minute hour day-of-month month day-of-week, e.g. '0 3 * * *'"
        )
    minute, hour, day, month, weekday = fields
    tz = zone(timezone)
    weekdays = crontab_weekdays(weekday)

    def cron(day_field: str, weekday_field: str) -> CronTrigger:
        try:
            return CronTrigger(
                minute=minute, hour=hour, day=day_field, month=month, day_of_week=weekday_field, timezone=tz
            )
        except ValueError as exc:
            raise ValueError(f"{expression!r}: {exc}") from None

    if not day.startswith("*") and not weekday.startswith("*"):
        return OrTrigger([cron(day, "*"), cron("*", weekdays)])  # crontab: either day field may match
    return cron(day, weekdays)


def _summary(result: Any) -> dict[str, Any]:
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if not isinstance(data, dict):
        return {} if data is None else {"result": str(data)}
    return {key: value for key, value in data.items() if key not in REPORT_TEXT_FIELDS}


def guarded(job: Job) -> Callable[[], None]:
    """`job` wrapped so that each run logs one JSON line and nothing it raises reaches the scheduler."""

    def run() -> None:
        started, clock = datetime.now(UTC), time.monotonic()
        line: dict[str, Any] = {"event": "run", "started": started.isoformat(timespec="seconds")}
        level = logging.INFO
        try:
            result = job()
        except LeaseHeld as exc:  # a manual run is in progress: this one is skipped, not failed
            line.update(status="skipped", error=str(exc))
            level = logging.WARNING
        except TrackerError as exc:
            line.update(status="failed", error=str(exc))
            level = logging.ERROR
        except Exception as exc:  # noqa: BLE001 - a crash is logged; the daemon keeps its schedule
            line.update(status="crashed", error=f"{type(exc).__name__}: {exc}")
            level = logging.ERROR
            log.debug("the scheduled run crashed", exc_info=True)
        else:
            if result is None:  # nothing to do (no box ticked): only debug logs show it
                line.update(status="idle")
                level = logging.DEBUG
            else:
                report = _summary(result)
                failed = bool(report.get("errors"))
                line.update(status="failed" if failed else "ok", report=report)
                level = logging.WARNING if failed else logging.INFO
        line["seconds"] = round(time.monotonic() - clock, 3)
        log.log(level, "%s", json.dumps(line, ensure_ascii=False, default=str))

    return run


def build_scheduler(
    config: Config,
    job: Job,
    *,
    trigger: BaseTrigger | None = None,
    misfire_grace_seconds: int = MISFIRE_GRACE_SECONDS,
    ticks: Job | None = None,
) -> BlockingScheduler:
    """A scheduler with `job` on `trigger` (default: config.schedule's cron in its time zone); missed runs
    are coalesced into one, and a run never starts while the previous one is still going. `ticks`, when
    given, runs every schedule.tick_check_minutes (if above 0)."""
    tz = zone(config.schedule.timezone)
    scheduler = BlockingScheduler(timezone=tz)
    scheduler.add_job(
        guarded(job),
        trigger or crontab_trigger(config.schedule.cron, config.schedule.timezone),
        id=JOB_ID,
        name="tracker run",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=misfire_grace_seconds,
    )
    minutes = config.schedule.tick_check_minutes
    if ticks is not None and minutes > 0:
        scheduler.add_job(
            guarded(ticks),
            IntervalTrigger(seconds=round(minutes * 60, 3)),
            id=TICKS_JOB_ID,
            name="tracker ticks",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, round(minutes * 60)),
        )

    def missed(event: JobExecutionEvent) -> None:
        late = misfire_grace_seconds
        log.warning("daemon: the run due at %s was missed by more than %ss", event.scheduled_run_time, late)

    scheduler.add_listener(missed, EVENT_JOB_MISSED)
    return scheduler


def run_scheduler(scheduler: BlockingScheduler) -> None:
    """Run until SIGTERM or SIGINT, then stop cleanly: a running job finishes first, no new one starts."""
    stopping = threading.Event()

    def shut_down() -> None:
        try:
            scheduler.shutdown(wait=True)
        except Exception as exc:  # noqa: BLE001 - e.g. a signal before start(): nothing to stop
            log.debug("daemon: shutdown: %r", exc)

    def on_signal(signum: int, _frame: object) -> None:
        name = signal.Signals(signum).name
        if stopping.is_set():
            log.info("daemon: %s again; still waiting for the running job to finish", name)
            return
        stopping.set()
        log.info("daemon: %s received; stopping (a running job finishes first)", name)
        threading.Thread(target=shut_down, name="tracker-daemon-shutdown", daemon=True).start()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for job in scheduler.get_jobs():
            upcoming = job.trigger.get_next_fire_time(None, datetime.now(scheduler.timezone))
            log.info("daemon: started; schedule %s; next run at %s", job.trigger, upcoming)
        scheduler.start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("daemon: stopped")


def ticks_job(config: Config) -> Job:
    """The daemon's second job: when the maintainer ticked a box in the open tracker PR ("place in …",
    "regenerate this PR"), act on it now with `tracker publish`, as the nightly Action does on a PR
    edit. Returns None (and logs nothing) when there is nothing ticked."""

    def run() -> Any:
        from tracker.pipeline import RunOptions, run_pipeline
        from tracker.publish.body import maintainer_ticked
        from tracker.publish.platform import GitHubPlatform
        from tracker.sources.http import RequestCounter

        pull = GitHubPlatform(config, RequestCounter(), read_only=True).open_tracker_pull()
        if pull is None or not maintainer_ticked(pull.body):
            return None
        return run_pipeline(config, RunOptions(fetch=False, lease=hold_lease))

    return run


def pipeline_job(config: Config) -> Job:
    """The daemon's job: one full `tracker run`, holding the run lock (the pipeline takes it with this)."""

    def run() -> Any:
        from tracker.pipeline import RunOptions, run_pipeline  # loaded at the first run: a light start

        return run_pipeline(config, RunOptions(lease=hold_lease))

    return run
