"""The daemon's schedule: crontab semantics on APScheduler 3 (weekday numbering, day OR weekday), config
validation, and a job wrapper that logs one JSON line per run and never lets a failure stop the daemon."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.base import BaseTrigger

from tracker.config import Config
from tracker.errors import SourceError
from tracker.scheduler import build_scheduler, crontab_trigger, crontab_weekdays, guarded
from tracker.store.lease import LeaseHeld

UTC = ZoneInfo("UTC")


def _fires(trigger: BaseTrigger, start: datetime, n: int) -> list[datetime]:
    times, previous, now = [], None, start
    for _ in range(n):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        times.append(fire)
        previous, now = fire, fire
    return times


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("*", "*"),
        ("1-5", "mon,tue,wed,thu,fri"),  # from_crontab would give tue..sat in APScheduler 3's numbering
        ("0", "sun"),
        ("7", "sun"),
        ("0,6", "sun,sat"),
        ("5-7", "sun,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("1-5/2", "mon,wed,fri"),
        ("MON-FRI", "mon,tue,wed,thu,fri"),
        ("sat,sun", "sun,sat"),
        ("0-6", "*"),
        ("0-7", "*"),
        ("3,1", "mon,wed"),
    ],
)
def test_crontab_weekdays_become_names(field: str, expected: str) -> None:
    assert crontab_weekdays(field) == expected


@pytest.mark.parametrize("field", ["8", "fri-mon", "5-1", "*/0", "*/x", "funday", ""])
def test_bad_weekday_fields_are_refused(field: str) -> None:
    with pytest.raises(ValueError):
        crontab_weekdays(field)


def test_weekday_schedule_fires_monday_to_friday_in_its_time_zone() -> None:
    trigger = crontab_trigger("30 3 * * 1-5", "Europe/Berlin")
    fires = _fires(trigger, datetime(2026, 11, 27, 12, tzinfo=UTC), 6)  # a Friday, after 03:30
    assert [f.strftime("%a %H:%M") for f in fires] == [
        f"{d} 03:30" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Mon")
    ]
    assert fires[0].utcoffset().total_seconds() == 3600  # CET


def test_sunday_is_zero_and_seven() -> None:
    start = datetime(2026, 11, 25, tzinfo=UTC)  # a Wednesday
    for field in ("0", "7", "sun"):
        (fire,) = _fires(crontab_trigger(f"0 3 * * {field}", "UTC"), start, 1)
        assert fire == datetime(2026, 11, 29, 3, tzinfo=UTC)


def test_day_of_month_or_weekday_as_crontab_does() -> None:
    trigger = crontab_trigger("0 0 13 * 5", "UTC")  # the 13th, and every Friday
    fires = _fires(trigger, datetime(2026, 11, 1, tzinfo=UTC), 5)
    assert [f.day for f in fires] == [6, 13, 20, 27, 4]  # Nov 13 is a Friday; then Dec 4 (Fri)
    only_weekday = crontab_trigger("0 0 * * 5", "UTC")
    assert [f.day for f in _fires(only_weekday, datetime(2026, 12, 1, tzinfo=UTC), 3)] == [4, 11, 18]


def test_aliases_and_month_names() -> None:
    start = datetime(2026, 11, 26, 10, 5, tzinfo=UTC)
    assert _fires(crontab_trigger("@daily", "UTC"), start, 1) == [datetime(2026, 11, 27, tzinfo=UTC)]
    assert _fires(crontab_trigger("@hourly", "UTC"), start, 1) == [datetime(2026, 11, 26, 11, tzinfo=UTC)]
    assert _fires(crontab_trigger("0 6 1 jan *", "UTC"), start, 1) == [datetime(2027, 1, 1, 6, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("cron", "timezone", "message"),
    [
        ("0 3 * *", "UTC", "has 4 fields; a crontab schedule has 5"),
        ("61 3 * * *", "UTC", "higher than the maximum value (59)"),
        ("0 3 * * 9", "UTC", "'9' is not a weekday"),
        ("0 3 * * *", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_bad_schedules_are_one_line_config_errors(
    tracker_cli, cron: str, timezone: str, message: str
) -> None:
    Path("tracker.yaml").write_text(f"schedule:\n  cron: '{cron}'\n  timezone: {timezone}\n")
    code, out, err = tracker_cli(["--config", "tracker.yaml", "config"])
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: tracker.yaml:") and message in err


def test_build_scheduler_coalesces_and_never_overlaps() -> None:
    config = Config.model_validate({"schedule": {"cron": "15 4 * * 1-5", "timezone": "America/New_York"}})
    scheduler = build_scheduler(config, lambda: None)
    (job,) = scheduler.get_jobs()
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 3600)
    assert str(job.trigger) == (
        "cron[month='*', day='*', day_of_week='mon,tue,wed,thu,fri', hour='4', minute='15']"
    )
    assert str(scheduler.timezone) == "America/New_York"


def test_the_ticks_job_runs_every_tick_check_minutes_unless_zero() -> None:
    config = Config.model_validate({"schedule": {"tick_check_minutes": 2.5}})
    scheduler = build_scheduler(config, lambda: None, ticks=lambda: None)
    run, ticks = scheduler.get_jobs()
    assert (run.id, ticks.id) == ("tracker-run", "tracker-ticks")
    assert ticks.trigger.interval.total_seconds() == 150
    assert (ticks.coalesce, ticks.max_instances) == (True, 1)
    assert Config().schedule.tick_check_minutes == 10
    off = Config.model_validate({"schedule": {"tick_check_minutes": 0}})
    jobs = build_scheduler(off, lambda: None, ticks=lambda: None).get_jobs()
    assert [job.id for job in jobs] == ["tracker-run"]


def test_a_job_with_nothing_to_do_logs_only_at_debug(caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="tracker.scheduler")
    guarded(lambda: None)()
    (record,) = [r for r in caplog.records if r.name == "tracker.scheduler"]
    assert record.levelno == logging.DEBUG and json.loads(record.getMessage())["status"] == "idle"


class _Report:
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors

    def to_dict(self) -> dict[str, object]:
        return {
            "papers_new": 3,
            "errors": self.errors,
            "diff": "--- a/README.md\n+++ b/README.md",
            "body": "x",
        }


def _boom() -> None:
    raise ZeroDivisionError("division by zero")


def _held() -> None:
    raise LeaseHeld("another tracker run holds the 'run' lock: pid 7@host since ...")


def _source_failed() -> None:
    raise SourceError("arxiv:rss:cs.CV: malformed XML")


@pytest.mark.parametrize(
    ("job", "status", "level"),
    [
        (lambda: _Report([]), "ok", logging.INFO),
        (lambda: _Report(["arxiv:rss:cs.CV: HTTP 503"]), "failed", logging.WARNING),
        (_held, "skipped", logging.WARNING),
        (_source_failed, "failed", logging.ERROR),
        (_boom, "crashed", logging.ERROR),
    ],
)
def test_each_run_is_one_json_log_line_and_never_raises(caplog, job, status: str, level: int) -> None:
    caplog.set_level(logging.DEBUG, logger="tracker.scheduler")
    guarded(job)()
    lines = [r for r in caplog.records if r.name == "tracker.scheduler" and r.levelno >= logging.INFO]
    assert len(lines) == 1 and lines[0].levelno == level
    assert "\n" not in lines[0].getMessage()
    line = json.loads(lines[0].getMessage())
    assert line["event"] == "run" and line["status"] == status and line["seconds"] >= 0
    if "report" in line:  # the run returned: its report, without the diff and PR body
        assert set(line["report"]) == {"papers_new", "errors"}
    else:
        assert line["error"]


def test_the_daemons_job_is_a_locked_pipeline_run(monkeypatch) -> None:
    import tracker.pipeline
    from tracker.scheduler import pipeline_job
    from tracker.store.lease import hold_lease

    calls = []
    monkeypatch.setattr(
        tracker.pipeline, "run_pipeline", lambda config, options: calls.append((config, options))
    )
    config = Config()
    pipeline_job(config)()
    ((called_with, options),) = calls
    assert called_with is config and options.lease is hold_lease and not options.dry_run
