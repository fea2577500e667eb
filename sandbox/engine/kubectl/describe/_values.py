"""Small value helpers: Go's %v of strings, numbers, bools and slices, and its time formats."""

from __future__ import annotations

import math
from datetime import datetime, timezone

_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_MAX_ANNOTATION_LEN = 140
_GO_MIN_INT64 = -(1 << 63)  # int64(NaN) / int64(±Inf) on amd64


# --------------------------------------------------------------------------------------------
# Small value helpers
# --------------------------------------------------------------------------------------------


def _meta(obj) -> dict:
    return (obj or {}).get("metadata") or {}


def _g(obj, *path, default=None):
    cur = obj
    for key in path:
        if isinstance(cur, dict):
            cur = cur.get(key)
        elif isinstance(cur, list) and isinstance(key, int) and -len(cur) <= key < len(cur):
            cur = cur[key]
        else:
            return default
        if cur is None:
            return default
    return cur


def _s(value) -> str:
    """Go %s / %v of a string or number field (nil -> empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_float(value)
    return str(value)


def _b(value) -> str:
    """%v of a Go bool."""
    return "true" if value else "false"


def _print_bool(value) -> str:
    return "True" if value else "False"


def _print_bool_ptr(value) -> str:
    return "<unset>" if value is None else _print_bool(value)
def _int(value) -> int:
    if value is None or value == "":
        return 0
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _go_slice(values) -> str:
    """%v of a Go []string: [a b c]."""
    return "[" + " ".join(_s(v) for v in (values or [])) + "]"


def _go_float(value: float) -> str:
    """%v of a Go float64 (strconv 'g', shortest, exponent when exp < -4 or >= 21 digits rule of %v)."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if value == 0:
        return "0"
    text = repr(value)
    mantissa, _, exp_text = text.partition("e")
    sign = ""
    if mantissa.startswith("-"):
        sign, mantissa = "-", mantissa[1:]
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    exp10 = len(int_part) - 1 + (int(exp_text) if exp_text else 0)
    if int_part.strip("0") == "":  # 0.000123 style
        stripped = frac_part.lstrip("0")
        exp10 = -(len(frac_part) - len(stripped)) - 1 + (int(exp_text) if exp_text else 0)
        digits = stripped
    digits = digits.rstrip("0") or "0"
    if exp10 < -4 or exp10 >= 21:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"
    if exp10 >= len(digits) - 1:
        return sign + digits + "0" * (exp10 - len(digits) + 1)
    if exp10 >= 0:
        return sign + digits[: exp10 + 1] + "." + digits[exp10 + 1 :]
    return sign + "0." + "0" * (-exp10 - 1) + digits


def _string_or_none(value: str) -> str:
    return value if value else "<none>"


# --------------------------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------------------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZERO_TIME = datetime(1, 1, 1, tzinfo=timezone.utc)


def _normalize_timestamp(value):
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value).strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    if "." in text:  # at most microseconds for datetime.fromisoformat
        head, _, rest = text.partition(".")
        frac = ""
        i = 0
        while i < len(rest) and rest[i].isdigit():
            frac += rest[i]
            i += 1
        text = head + "." + (frac[:6].ljust(6, "0")) + rest[i:]
    return text


def _parse_time(value) -> datetime:
    if not value:
        return _ZERO_TIME
    norm = _normalize_timestamp(value)
    if isinstance(norm, datetime):
        return norm.astimezone(timezone.utc)
    parsed = datetime.fromisoformat(norm)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _rfc1123z(value) -> str:
    """time.RFC1123Z in UTC: `Sun, 22 Nov 2026 02:33:25 +0000` (zero time for a missing value)."""
    t = _parse_time(value)
    return (
        f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year:04d} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000"
    )


def _go_time_string(value) -> str:
    """metav1.Time String() (Go time.Time.String in UTC): `2026-11-22 02:33:25 +0000 UTC`."""
    t = _parse_time(value)
    text = f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    if t.microsecond:
        text += ("." + f"{t.microsecond:06d}").rstrip("0")
    return text + " +0000 UTC"
