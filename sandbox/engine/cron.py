"""Cron schedules as the CronJob controller reads them (``robfig/cron/v3`` ``ParseStandard``).

Five fields (minute, hour, day of month, month, day of week) with ``*``/``?``, ranges ``1-5``,
steps ``*/15`` / ``10-40/10`` / ``5/15`` (= ``5-59/15``), lists ``1,15``, names (``JAN``-``DEC``,
``SUN``-``SAT``, any case), the descriptors ``@yearly``/``@annually``, ``@monthly``, ``@weekly``,
``@daily``/``@midnight``, ``@hourly`` and ``@every <duration>``, and a ``TZ=``/``CRON_TZ=`` prefix.
When both day fields are restricted a day matches either (cron's OR rule); if one is ``*`` both
must match. :meth:`Schedule.next` is robfig's ``Next``: wall-clock stepping in the schedule's time
zone, at most five years ahead. Errors carry robfig's messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STAR = 1 << 63
_MONTHS = {name: i + 1 for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_DAYS = {name: i for i, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
# (min, max, names) per field: minute, hour, day of month, month, day of week
_BOUNDS = ((0, 59, None), (0, 23, None), (1, 31, None), (1, 12, _MONTHS), (0, 6, _DAYS))
_DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
UTC = timezone.utc


class CronError(ValueError):
    """An unparseable schedule (robfig's error text)."""


@dataclass(frozen=True)
class Schedule:
    minute: int
    hour: int
    dom: int
    month: int
    dow: int
    zone: str = "UTC"
    every: float | None = None  # @every: a constant delay in seconds

    def next(self, after: datetime) -> datetime | None:
        """The first activation strictly after ``after`` (aware datetime), or None (none in 5 years)."""
        if self.every is not None:
            step = max(1.0, float(int(self.every)))
            base = after.replace(microsecond=0)
            return base + timedelta(seconds=step)
        loc = location(self.zone)
        t = after.astimezone(loc).replace(microsecond=0) + timedelta(seconds=1)
        t = _wall(t.replace(tzinfo=None), loc)
        added = False
        year_limit = t.year + 5
        while True:  # WRAP
            if t.year > year_limit:
                return None
            wrapped = False
            while not (1 << t.month) & self.month:
                if not added:
                    added = True
                    t = _wall(datetime(t.year, t.month, 1), loc)
                t = _add_months(t, loc)
                if t.month == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not self._day_matches(t):
                if not added:
                    added = True
                    t = _wall(datetime(t.year, t.month, t.day), loc)
                t = _wall(t.replace(tzinfo=None) + timedelta(days=1), loc)
                if t.hour != 0:  # DST moved midnight
                    t = _absolute(t, timedelta(hours=24 - t.hour) if t.hour > 12 else timedelta(hours=-t.hour), loc)
                if t.day == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.hour) & self.hour:
                if not added:
                    added = True
                    t = _wall(datetime(t.year, t.month, t.day, t.hour), loc)
                t = _absolute(t, timedelta(hours=1), loc)
                if t.hour == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.minute) & self.minute:
                if not added:
                    added = True
                    t = t.replace(second=0)
                t = _absolute(t, timedelta(minutes=1), loc)
                if t.minute == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            if t.second != 0:
                if not added:
                    added = True
                t = _absolute(t.replace(second=0), timedelta(minutes=1), loc)
                if t.minute == 0:
                    continue
                if not (1 << t.minute) & self.minute:
                    continue
            return t.astimezone(after.tzinfo or UTC)

    def _day_matches(self, t: datetime) -> bool:
        dom = bool((1 << t.day) & self.dom)
        dow = bool((1 << ((t.weekday() + 1) % 7)) & self.dow)
        if self.dom & STAR or self.dow & STAR:
            return dom and dow
        return dom or dow


def location(name: str):
    if name in ("", "UTC", "Local"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise CronError(f"provided bad location {name}: unknown time zone {name}") from exc


def _wall(naive: datetime, loc) -> datetime:
    """time.Date in ``loc``: the wall time, normalised through UTC like Go does for gaps."""
    aware = naive.replace(tzinfo=loc)
    return aware.astimezone(UTC).astimezone(loc)


def _absolute(t: datetime, delta: timedelta, loc) -> datetime:
    return (t.astimezone(UTC) + delta).astimezone(loc)


def _add_months(t: datetime, loc) -> datetime:
    year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    naive = t.replace(tzinfo=None)
    day = naive.day
    # Go normalises 31 Feb to 3 Mar; from the first of the month (as Next uses it) that never happens
    try:
        moved = naive.replace(year=year, month=month, day=day)
    except ValueError:
        moved = naive.replace(year=year, month=month, day=1) + timedelta(days=day - 1)
    return _wall(moved, loc)


def parse(spec: str, zone: str | None = None) -> Schedule:
    """ParseStandard (+ the CronJob's timeZone, which the controller prepends as ``CRON_TZ=``)."""
    text = spec.strip()
    tz = zone or "UTC"
    if text.startswith("TZ=") or text.startswith("CRON_TZ="):
        head, _, rest = text.partition(" ")
        tz = head.split("=", 1)[1]
        text = rest.strip()
    location(tz)
    if not text:
        raise CronError("empty spec string")
    if text.startswith("@"):
        if text.startswith("@every "):
            return Schedule(0, 0, 0, 0, 0, tz, every=_duration(text[len("@every "):].strip(), text))
        if text not in _DESCRIPTORS:
            raise CronError(f"unrecognized descriptor: {text}")
        text = _DESCRIPTORS[text]
    fields = text.split()
    if len(fields) != 5:
        raise CronError(f"expected exactly 5 fields, found {len(fields)}: {text}")
    bits = [_field(value, *_BOUNDS[i]) for i, value in enumerate(fields)]
    return Schedule(*bits, zone=tz)


def _field(text: str, low: int, high: int, names: dict | None) -> int:
    bits = 0
    for expr in text.split(","):
        bits |= _range(expr, low, high, names)
    return bits


def _range(expr: str, low: int, high: int, names: dict | None) -> int:
    range_and_step = expr.split("/")
    low_high = range_and_step[0].split("-")
    single = len(low_high) == 1
    extra = 0
    if low_high[0] in ("*", "?"):
        start, end, extra = low, high, STAR
    else:
        start = _int_or_name(low_high[0], names)
        if len(low_high) == 1:
            end = start
        elif len(low_high) == 2:
            end = _int_or_name(low_high[1], names)
        else:
            raise CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _int(range_and_step[1])
        if single:
            end = high
        if step > 1:
            extra = 0
    else:
        raise CronError(f"too many slashes: {expr}")
    if start < low:
        raise CronError(f"beginning of range ({start}) below minimum ({low}): {expr}")
    if end > high:
        raise CronError(f"end of range ({end}) above maximum ({high}): {expr}")
    if start > end:
        raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise CronError(f"step of range should be a positive number: {expr}")
    bits = 0
    for value in range(start, end + 1, step):
        bits |= 1 << value
    return bits | extra


def _int_or_name(text: str, names: dict | None) -> int:
    if names is not None and text.lower() in names:
        return names[text.lower()]
    return _int(text)


def _int(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise CronError(f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax') from None
    if value < 0:
        raise CronError(f"negative number ({value}) not allowed: {text}")
    return value


def _duration(text: str, spec: str) -> float:
    pos, total = 0, 0.0
    while pos < len(text):
        match = _DURATION.match(text, pos)
        if match is None:
            raise CronError(f"failed to parse duration {spec}: time: invalid duration \"{text}\"")
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if not text:
        raise CronError(f"failed to parse duration {spec}: time: invalid duration \"{text}\"")
    return total


def most_recent(schedule: Schedule, earliest: datetime, now: datetime) -> tuple[datetime | None, int]:
    """mostRecentScheduleTime: the latest activation in (earliest, now] and roughly how many there
    were (0 none, else robfig's estimate; the controller warns above 100)."""
    t1 = schedule.next(earliest)
    if t1 is None or now < t1:
        return None, 0
    t2 = schedule.next(t1)
    if t2 is None or now < t2:
        return t1, 1
    between = round((t2 - t1).total_seconds())
    if between < 1:
        raise CronError("time difference between two schedules is less than 1 second")
    missed = int((now - t1).total_seconds()) // between + 1
    t = schedule.next(t1 + timedelta(seconds=(missed - 2) * between))
    recent = None
    while t is not None and t <= now:
        recent = t
        t = schedule.next(t)
    return recent, missed
