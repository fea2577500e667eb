"""`kubectl describe`: the text kubectl v1.32 prints for an object, at the cluster's virtual time.

A port of the client-side describers in kubectl (`staging/src/k8s.io/kubectl/pkg/describe/describe.go`,
release-1.32) and of the pieces they lean on: Go's `text/tabwriter` (every describer writes
tab-separated cells through `tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)`), `resource.Quantity`
canonical strings, label-selector strings, `time.RFC1123Z`, apimachinery `HumanDuration` and Go's
`sort.Sort` (pdqsort, which is not stable: equal event timestamps keep kubectl's exact order).

Only `describe(cluster, resource, obj)` is public. It reads related objects (events, pods, replica
sets, endpoint slices, leases...) through `cluster.api.list(kind, namespace=...)` and filters them
here, so it needs nothing from the API server beyond listing.

Where kubectl iterates a Go map (Secret and ConfigMap data, LimitRange resources) its order is random;
we print those keys sorted.
"""

from __future__ import annotations

import base64
import binascii
import math
from datetime import datetime, timezone
from fractions import Fraction

from sandbox.engine import resources as _resources
from sandbox.engine.kubectl.format import human_duration

__all__ = ["describe"]

_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_MAX_ANNOTATION_LEN = 140
_GO_MIN_INT64 = -(1 << 63)  # int64(NaN) / int64(±Inf) on amd64


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def describe(cluster, resource, obj: dict) -> str:
    """Return exactly what `kubectl describe <resource> <name>` prints for ``obj`` (trailing newline
    included), with ages computed against ``cluster.clock``."""
    kind = obj.get("kind") or (resource.kind if resource is not None else "")
    if resource is None:
        resource = _resources.by_kind(kind)
    group = _group_of(obj, resource)
    ctx = _Ctx(cluster)
    fn = _DESCRIBERS.get((group, kind))
    w = _Writer()
    if fn is None:
        _describe_generic(ctx, w, obj, resource)
    else:
        fn(ctx, w, obj)
    return w.render()


def _group_of(obj: dict, resource) -> str:
    api_version = obj.get("apiVersion") or (resource.api_version if resource is not None else "v1")
    return api_version.rpartition("/")[0] if "/" in api_version else ""


class _Ctx:
    """The cluster plus the helpers every describer needs (listing, ages)."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.api = cluster.api
        self.clock = cluster.clock

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        try:
            items = self.api.list(kind, namespace=namespace)
        except Exception:  # a kind the API server does not serve: treat as empty
            return []
        items = [o for o in items or [] if isinstance(o, dict)]
        # the API server lists in key order: namespace, then name
        return sorted(items, key=lambda o: (_meta(o).get("namespace") or "", _meta(o).get("name") or ""))

    def get(self, kind: str, namespace: str | None, name: str) -> dict | None:
        for item in self.list(kind, namespace):
            if _meta(item).get("name") == name and (
                namespace is None or (_meta(item).get("namespace") or "") == namespace
            ):
                return item
        return None

    def since(self, value) -> str:
        """translateTimestampSince: `<unknown>` for a zero time, else HumanDuration(now - t)."""
        if not value:
            return "<unknown>"
        seconds = self.clock.seconds_since(_normalize_timestamp(value))
        return _human(seconds)

    def duration(self, start, end) -> str:
        return _human((_parse_time(end) - _parse_time(start)).total_seconds())


def _human(seconds: float) -> str:
    # Go: int(d.Seconds()) truncates toward zero before every comparison.
    return human_duration(math.trunc(seconds))


# --------------------------------------------------------------------------------------------
# Output: kubectl's PrefixWriter over Go's text/tabwriter
# --------------------------------------------------------------------------------------------


class _Writer:
    """PrefixWriter: `write(level, text)` indents by two spaces per level; `write_line` is Sprintln."""

    def __init__(self):
        self._parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self._parts.append(_escape_terminal("  " * level + text))

    def write_line(self, *args) -> None:
        self._parts.append(_escape_terminal(" ".join(str(a) for a in args) + "\n"))

    def render(self) -> str:
        return _tabwriter("".join(self._parts))


class _Nested:
    """nestedPrefixWriter: adds ``indent`` levels to every write."""

    def __init__(self, inner, indent: int):
        self._inner = inner
        self._indent = indent

    def write(self, level: int, text: str) -> None:
        self._inner.write(level + self._indent, text)

    def write_line(self, *args) -> None:
        self._inner.write(self._indent, " ".join(str(a) for a in args) + "\n")


def _escape_terminal(text: str) -> str:
    return text.replace("\x1b", "^[").replace("\r", "\\r")


def _tabwriter(text: str, minwidth: int = 0, padding: int = 2) -> str:
    """Go text/tabwriter with padchar ' ' and no flags: a cell is text terminated by a tab; a column
    block is a run of consecutive lines that all have a tab-terminated cell in that column; each cell
    is padded to the block's widest cell plus ``padding``. The text after a line's last tab is not a
    cell of any column and is printed as it is."""
    lines = [line.split("\t") for line in text.split("\n")]
    widths: list[int] = []
    out: list[str] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts = []
            for j, cell in enumerate(cells):
                parts.append(cell)
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(" " * (widths[j] - len(cell)))
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Go's sort.Sort / sort.Slice (pdqsort, Go >= 1.19): not stable for more than 12 elements
# --------------------------------------------------------------------------------------------


def _go_sort(items: list, less) -> list:
    """Sort a copy of ``items`` exactly as Go's sort.Sort would, given ``less(a, b)``."""
    data = list(items)
    n = len(data)
    if n > 1:
        _Pdq(data, less).pdqsort(0, n, n.bit_length())
    return data


class _Pdq:
    def __init__(self, data, less):
        self.d = data
        self.lt = less

    def less(self, i, j):
        return self.lt(self.d[i], self.d[j])

    def swap(self, i, j):
        self.d[i], self.d[j] = self.d[j], self.d[i]

    def insertion_sort(self, a, b):
        for i in range(a + 1, b):
            j = i
            while j > a and self.less(j, j - 1):
                self.swap(j, j - 1)
                j -= 1

    def sift_down(self, lo, hi, first):
        root = lo
        while True:
            child = 2 * root + 1
            if child >= hi:
                return
            if child + 1 < hi and self.less(first + child, first + child + 1):
                child += 1
            if not self.less(first + root, first + child):
                return
            self.swap(first + root, first + child)
            root = child

    def heap_sort(self, a, b):
        first, lo, hi = a, 0, b - a
        for i in range((hi - 1) // 2, -1, -1):
            self.sift_down(i, hi, first)
        for i in range(hi - 1, -1, -1):
            self.swap(first, first + i)
            self.sift_down(lo, i, first)

    def pdqsort(self, a, b, limit):
        max_insertion = 12
        was_balanced = True
        was_partitioned = True
        while True:
            length = b - a
            if length <= max_insertion:
                self.insertion_sort(a, b)
                return
            if limit == 0:
                self.heap_sort(a, b)
                return
            if not was_balanced:
                self.break_patterns(a, b)
                limit -= 1
            pivot, hint = self.choose_pivot(a, b)
            if hint == 2:  # decreasing
                self.reverse_range(a, b)
                pivot = (b - 1) - (pivot - a)
                hint = 1
            if was_balanced and was_partitioned and hint == 1:  # increasing
                if self.partial_insertion_sort(a, b):
                    return
            if a > 0 and not self.less(a - 1, pivot):
                a = self.partition_equal(a, b, pivot)
                continue
            mid, already = self.partition(a, b, pivot)
            was_partitioned = already
            left_len, right_len = mid - a, b - mid
            balance_threshold = length // 8
            if left_len < right_len:
                was_balanced = left_len >= balance_threshold
                self.pdqsort(a, mid, limit)
                a = mid + 1
            else:
                was_balanced = right_len >= balance_threshold
                self.pdqsort(mid + 1, b, limit)
                b = mid

    def partition(self, a, b, pivot):
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while i <= j and self.less(i, a):
            i += 1
        while i <= j and not self.less(j, a):
            j -= 1
        if i > j:
            self.swap(j, a)
            return j, True
        self.swap(i, j)
        i += 1
        j -= 1
        while True:
            while i <= j and self.less(i, a):
                i += 1
            while i <= j and not self.less(j, a):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i += 1
            j -= 1
        self.swap(j, a)
        return j, False

    def partition_equal(self, a, b, pivot):
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while True:
            while i <= j and not self.less(a, i):
                i += 1
            while i <= j and self.less(a, j):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i += 1
            j -= 1
        return i

    def partial_insertion_sort(self, a, b):
        max_steps, shortest_shifting = 5, 50
        i = a + 1
        for _ in range(max_steps):
            while i < b and not self.less(i, i - 1):
                i += 1
            if i == b:
                return True
            if b - a < shortest_shifting:
                return False
            self.swap(i, i - 1)
            if i - a >= 2:
                j = i - 1
                while j >= 1:
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
                    j -= 1
            if b - i >= 2:
                j = i + 1
                while j < b:
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
                    j += 1
        return False

    def break_patterns(self, a, b):
        length = b - a
        if length >= 8:
            mask64 = (1 << 64) - 1
            state = length
            modulus = 1 << length.bit_length()
            for idx in range(a + (length // 4) * 2 - 1, a + (length // 4) * 2 + 2):
                state ^= (state << 13) & mask64
                state ^= state >> 7
                state ^= (state << 17) & mask64
                other = state & (modulus - 1)
                if other >= length:
                    other -= length
                self.swap(idx, a + other)

    def choose_pivot(self, a, b):
        shortest_ninther, max_swaps = 50, 4 * 3
        length = b - a
        swaps = [0]
        i = a + length // 4 * 1
        j = a + length // 4 * 2
        k = a + length // 4 * 3
        if length >= 8:
            if length >= shortest_ninther:
                i = self.median(i - 1, i, i + 1, swaps)
                j = self.median(j - 1, j, j + 1, swaps)
                k = self.median(k - 1, k, k + 1, swaps)
            j = self.median(i, j, k, swaps)
        if swaps[0] == 0:
            return j, 1
        if swaps[0] == max_swaps:
            return j, 2
        return j, 0

    def order2(self, a, b, swaps):
        if self.less(b, a):
            swaps[0] += 1
            return b, a
        return a, b

    def median(self, a, b, c, swaps):
        a, b = self.order2(a, b, swaps)
        b, c = self.order2(b, c, swaps)
        a, b = self.order2(a, b, swaps)
        return b

    def reverse_range(self, a, b):
        i, j = a, b - 1
        while i < j:
            self.swap(i, j)
            i += 1
            j -= 1


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


# --------------------------------------------------------------------------------------------
# resource.Quantity
# --------------------------------------------------------------------------------------------

_DEC_EXP = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DEC_SUFFIX = {v: k for k, v in _DEC_EXP.items()}
_BIN_EXP = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_BIN_SUFFIX = {v: k for k, v in _BIN_EXP.items()}


class _Quantity:
    """Just enough of resource.Quantity: exact value, format, canonical String(), Value(), MilliValue()."""

    __slots__ = ("value", "format")

    def __init__(self, value: Fraction = Fraction(0), fmt: str = "DecimalSI"):
        self.value = value
        self.format = fmt

    @classmethod
    def parse(cls, raw) -> "_Quantity":
        if raw is None:
            return cls()
        if isinstance(raw, bool):
            raw = int(raw)
        if isinstance(raw, (int, float)):
            raw = repr(raw) if isinstance(raw, float) else str(raw)
        text = str(raw).strip()
        if not text:
            return cls()
        sign = 1
        if text[0] in "+-":
            sign = -1 if text[0] == "-" else 1
            text = text[1:]
        i = 0
        while i < len(text) and (text[i].isdigit() or text[i] == "."):
            i += 1
        number, suffix = text[:i], text[i:]
        try:
            value = Fraction(number) if number not in ("", ".") else Fraction(0)
        except (ValueError, ZeroDivisionError):
            return cls()
        fmt = "DecimalSI"
        if suffix in _BIN_EXP:
            value *= 2 ** _BIN_EXP[suffix]
            fmt = "BinarySI"
        elif suffix in _DEC_EXP:
            value *= Fraction(10) ** _DEC_EXP[suffix]
        elif suffix[:1] in ("e", "E"):
            try:
                value *= Fraction(10) ** int(suffix[1:])
            except ValueError:
                return cls()
            fmt = "DecimalExponent"
        else:
            return cls()
        value *= sign
        # anything finer than nano is rounded up
        scaled = value * 10**9
        if scaled.denominator != 1:
            value = Fraction(math.ceil(scaled), 10**9)
        return cls(value, fmt)

    def is_zero(self) -> bool:
        return self.value == 0

    def add(self, other: "_Quantity") -> "_Quantity":
        fmt = other.format if self.value == 0 else self.format
        return _Quantity(self.value + other.value, fmt)

    def cmp(self, other: "_Quantity") -> int:
        return (self.value > other.value) - (self.value < other.value)

    def int_value(self) -> int:
        return math.ceil(self.value)

    def milli_value(self) -> int:
        return math.ceil(self.value * 1000)

    def __str__(self) -> str:
        value = self.value
        if value == 0:
            return "0"
        fmt = self.format
        if fmt == "BinarySI":
            if -1024 < value < 1024 or value.denominator != 1:
                fmt = "DecimalSI"
        sign = "-" if value < 0 else ""
        value = abs(value)
        if fmt == "BinarySI":
            n, exp = int(value), 0
            while n >= 1024 and n % 1024 == 0:
                n //= 1024
                exp += 1
            if exp * 10 in _BIN_SUFFIX:
                return f"{sign}{n}{_BIN_SUFFIX[exp * 10]}"
            return f"{sign}{n * 1024 ** exp}"
        exp = 0
        while value.denominator != 1:
            value *= 10
            exp -= 1
        n = int(value)
        while n >= 10 and n % 10 == 0:
            n //= 10
            exp += 1
        rem = exp % 3
        if rem == 1:
            n, exp = n * 10, exp - 1
        elif rem == 2:
            n, exp = n * 100, exp - 2
        if fmt == "DecimalExponent":
            return f"{sign}{n}" + (f"e{exp}" if exp else "")
        while exp > 18:
            n, exp = n * 1000, exp - 3
        return f"{sign}{n}{_DEC_SUFFIX.get(exp, '')}"


def _q(raw) -> _Quantity:
    return _Quantity.parse(raw)


def _qstr(raw) -> str:
    return str(_q(raw))


def _resource_list(mapping) -> dict[str, _Quantity]:
    return {k: _q(v) for k, v in (mapping or {}).items()}


def _add_resource_list(target: dict, new: dict) -> None:
    for name, quantity in new.items():
        target[name] = target[name].add(quantity) if name in target else _Quantity(quantity.value, quantity.format)


def _max_resource_list(target: dict, new: dict) -> None:
    for name, quantity in new.items():
        if name not in target or quantity.cmp(target[name]) > 0:
            target[name] = _Quantity(quantity.value, quantity.format)


def _pod_requests_and_limits(pod: dict) -> tuple[dict, dict]:
    """kubectl/pkg/util/resource PodRequestsAndLimits."""
    spec = pod.get("spec") or {}
    statuses = {s.get("name"): s for s in _g(pod, "status", "containerStatuses", default=[]) or []}
    reqs: dict = {}
    for c in spec.get("containers") or []:
        creqs = _resource_list(_g(c, "resources", "requests"))
        cs = statuses.get(c.get("name"))
        if cs is not None and cs.get("allocatedResources"):
            alloc = _resource_list(cs.get("allocatedResources"))
            if _g(pod, "status", "resize") == "Infeasible":
                creqs = alloc
            else:
                merged = dict(creqs)
                _max_resource_list(merged, alloc)
                creqs = merged
        _add_resource_list(reqs, creqs)
    restartable: dict = {}
    init_reqs: dict = {}
    for c in spec.get("initContainers") or []:
        creqs = _resource_list(_g(c, "resources", "requests"))
        if c.get("restartPolicy") == "Always":
            _add_resource_list(reqs, creqs)
            _add_resource_list(restartable, creqs)
            creqs = dict(restartable)
        else:
            tmp: dict = {}
            _add_resource_list(tmp, creqs)
            _add_resource_list(tmp, restartable)
            creqs = tmp
        _max_resource_list(init_reqs, creqs)
    _max_resource_list(reqs, init_reqs)
    if spec.get("overhead"):
        _add_resource_list(reqs, _resource_list(spec.get("overhead")))

    limits: dict = {}
    for c in spec.get("containers") or []:
        _add_resource_list(limits, _resource_list(_g(c, "resources", "limits")))
    restartable = {}
    init_limits: dict = {}
    for c in spec.get("initContainers") or []:
        climits = _resource_list(_g(c, "resources", "limits"))
        if c.get("restartPolicy") == "Always":
            _add_resource_list(limits, climits)
            _add_resource_list(restartable, climits)
            climits = dict(restartable)
        else:
            tmp = {}
            _add_resource_list(tmp, climits)
            _add_resource_list(tmp, restartable)
            climits = tmp
        _max_resource_list(init_limits, climits)
    _max_resource_list(limits, init_limits)
    if spec.get("overhead"):
        for name, quantity in _resource_list(spec.get("overhead")).items():
            if name in limits:
                limits[name] = limits[name].add(quantity)
    return reqs, limits


def _percent(numerator: int, denominator: int) -> int:
    """int64(float64(a) / float64(b) * 100) as Go computes it (NaN/Inf -> MinInt64 on amd64)."""
    if denominator == 0:
        return _GO_MIN_INT64
    value = float(numerator) / float(denominator) * 100
    if math.isinf(value) or math.isnan(value):
        return _GO_MIN_INT64
    return int(value)


# --------------------------------------------------------------------------------------------
# Labels, selectors, owners
# --------------------------------------------------------------------------------------------


def _format_labels(labels) -> str:
    """labels.FormatLabels: sorted k=v joined by commas, `<none>` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={_s(labels[k])}" for k in sorted(labels))


def _selector_string(selector) -> str:
    """metav1.LabelSelectorAsSelector(sel).String() (empty for nil or empty selectors)."""
    if not selector:
        return ""
    reqs = []
    for key, value in (selector.get("matchLabels") or {}).items():
        reqs.append((key, f"{key}={_s(value)}"))
    for expr in selector.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator", "")
        values = sorted(_s(v) for v in expr.get("values") or [])
        joined = values[0] if len(values) == 1 else ",".join(values)
        if op == "In":
            reqs.append((key, f"{key} in ({joined})"))
        elif op == "NotIn":
            reqs.append((key, f"{key} notin ({joined})"))
        elif op == "Exists":
            reqs.append((key, key))
        elif op == "DoesNotExist":
            reqs.append((key, "!" + key))
        else:
            return "<error>"
    reqs = _go_sort(sorted(reqs, key=lambda r: r[0]), lambda a, b: a[0] < b[0])
    return ",".join(text for _, text in reqs)


def _format_label_selector(selector) -> str:
    """metav1.FormatLabelSelector: like _selector_string, `<none>` when empty."""
    text = _selector_string(selector)
    return text or "<none>"


def _selector_matches(selector, labels) -> bool:
    """Does a metav1.LabelSelector select these labels? (nil selects nothing, empty everything)."""
    if selector is None:
        return False
    labels = labels or {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def _controller_of(obj) -> dict | None:
    for ref in _meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def _controlled_by(obj, owner) -> bool:
    ref = _controller_of(obj)
    if ref is None:
        return False
    uid = _meta(owner).get("uid")
    if uid:
        return ref.get("uid") == uid
    return ref.get("name") == _meta(owner).get("name") and ref.get("kind") == owner.get("kind")


def _print_controller(obj) -> str:
    ref = _controller_of(obj)
    return f"{ref.get('kind', '')}/{ref.get('name', '')}" if ref else ""


# --------------------------------------------------------------------------------------------
# Multiline printers shared by the describers
# --------------------------------------------------------------------------------------------


def _print_labels_multiline(w, title: str, labels, initial_indent: str = "", inner_indent: str = "\t") -> None:
    w.write(0, f"{initial_indent}{title}:{inner_indent}")
    keys = sorted((labels or {}).keys())
    if not keys:
        w.write_line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, initial_indent)
            w.write(0, inner_indent)
        w.write(0, f"{key}={_s(labels[key])}\n")


def _go_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _shorten(text: str, max_length: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) > max_length:
        return raw[:max_length].decode("utf-8", errors="ignore") + "..."
    return text


def _print_annotations_multiline(w, title: str, annotations) -> None:
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != _LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    indent = "\t"
    for i, key in enumerate(keys):
        if i:
            w.write(0, indent)
        value = _s(annotations[key])
        if value.endswith("\n"):
            value = value[:-1]
        if _go_len(value) + _go_len(key) + 2 > _MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"{indent}  {_shorten(line, _MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def _taint_string(taint: dict) -> str:
    key, value, effect = taint.get("key", ""), taint.get("value", ""), taint.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def _print_taints_multiline(w, title: str, taints) -> None:
    w.write(0, f"{title}:\t")
    if not taints:
        w.write_line("<none>")
        return
    ordered = _go_sort(
        taints,
        lambda a, b: (a.get("effect", "") + "," + a.get("key", "")) < (b.get("effect", "") + "," + b.get("key", "")),
    )
    for i, taint in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, _taint_string(taint) + "\n")


def _print_tolerations_multiline(w, title: str, tolerations) -> None:
    w.write(0, f"{title}:\t")
    if not tolerations:
        w.write_line("<none>")
        return
    ordered = _go_sort(tolerations, lambda a, b: (a.get("key") or "") < (b.get("key") or ""))
    for i, tol in enumerate(ordered):
        if i:
            w.write(0, "\t")
        key, value, effect = tol.get("key") or "", tol.get("value") or "", tol.get("effect") or ""
        text = key
        if value:
            text += "=" + value
        if effect:
            text += ":" + effect
        if tol.get("operator") == "Exists" and not value:
            text += " op=Exists" if (key or effect) else "op=Exists"
        if tol.get("tolerationSeconds") is not None:
            text += f" for {_int(tol.get('tolerationSeconds'))}s"
        w.write(0, text + "\n")


def _print_pods_multiline(w, title: str, pods) -> None:
    w.write(0, f"{title}:\t")
    if not pods:
        w.write_line("<none>")
        return
    ordered = _go_sort(pods, lambda a, b: _meta(a).get("name", "") < _meta(b).get("name", ""))
    for i, pod in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, f"{_meta(pod).get('name', '')}\n")


def _sorted_names(mapping) -> list[str]:
    return sorted((mapping or {}).keys())


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


def _search_events(ctx: _Ctx, obj: dict, kind: str | None, uid: str | None, namespace: str | None = None) -> list[dict]:
    """The events kubectl's searchEvents finds: involvedObject name/namespace (and kind, uid when the
    reference has them). An event that carries no uid is matched by kind and name."""
    meta = _meta(obj)
    name = meta.get("name", "")
    ns = meta.get("namespace") or "" if namespace is None else namespace
    found = []
    for ev in ctx.list("Event", ns or None):
        inv = ev.get("involvedObject") or {}
        if inv.get("name") != name:
            continue
        inv_ns = inv.get("namespace") or ""
        if inv_ns != ns and not (ns and not inv_ns and (_meta(ev).get("namespace") or "") == ns):
            continue
        if kind and inv.get("kind") and inv.get("kind") != kind:
            continue
        if uid and inv.get("uid") and inv.get("uid") != uid:
            continue
        found.append(ev)
    return found


def _describe_events(ctx: _Ctx, w, events: list[dict] | None) -> None:
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return

    def last(ev):
        return _parse_time(ev.get("lastTimestamp"))

    ordered = _go_sort(events, lambda a, b: last(a) < last(b))
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for ev in ordered:
        if ev.get("eventTime"):
            first = ctx.since(ev.get("eventTime"))
        else:
            first = ctx.since(ev.get("firstTimestamp"))
        series = ev.get("series")
        if series is not None:
            interval = f"{ctx.since(series.get('lastObservedTime'))} (x{_int(series.get('count'))} over {first})"
        elif _int(ev.get("count")) > 1:
            interval = f"{ctx.since(ev.get('lastTimestamp'))} (x{_int(ev.get('count'))} over {first})"
        else:
            interval = first
        source = _g(ev, "source", "component") or ev.get("reportingComponent") or ev.get("reportingController") or ""
        w.write(
            1, f"{_s(ev.get('type'))}\t{_s(ev.get('reason'))}\t{interval}\t{source}\t{_s(ev.get('message')).strip()}\n"
        )


def _events_for(ctx: _Ctx, obj: dict, kind: str | None = None) -> list[dict]:
    return _search_events(ctx, obj, kind if kind is not None else obj.get("kind"), _meta(obj).get("uid"))


# --------------------------------------------------------------------------------------------
# Containers, probes, volumes, pod templates
# --------------------------------------------------------------------------------------------


def _port_string(value) -> str:
    """intstr.IntOrString.String()."""
    if value is None:
        return "0"
    return _s(value)


def _escape_url_path(path: str) -> str:
    out = []
    for ch in path:
        if ch.isascii() and (ch.isalnum() or ch in "-_.~$&+,/:;=@"):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def _describe_probe(probe: dict) -> str:
    attrs = (
        f"delay={_int(probe.get('initialDelaySeconds'))}s timeout={_int(probe.get('timeoutSeconds'))}s "
        f"period={_int(probe.get('periodSeconds'))}s #success={_int(probe.get('successThreshold'))} "
        f"#failure={_int(probe.get('failureThreshold'))}"
    )
    if probe.get("exec") is not None:
        return f"exec {_go_slice(_g(probe, 'exec', 'command', default=[]))} {attrs}"
    if probe.get("httpGet") is not None:
        hg = probe["httpGet"]
        scheme = _s(hg.get("scheme")).lower()
        host = _s(hg.get("host"))
        port = _port_string(hg.get("port")) if hg.get("port") is not None else ""
        if port:
            host = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        path = _s(hg.get("path"))
        url = ""
        if scheme:
            url += scheme + ":"
        if scheme or host:
            if host or path:
                url += "//"
            url += host
        escaped = _escape_url_path(path)
        if path and not path.startswith("/") and host:
            url += "/"
        url += escaped
        return f"http-get {url} {attrs}"
    if probe.get("tcpSocket") is not None:
        ts = probe["tcpSocket"]
        return f"tcp-socket {_s(ts.get('host'))}:{_port_string(ts.get('port'))} {attrs}"
    if probe.get("grpc") is not None:
        gr = probe["grpc"]
        return f"grpc <pod>:{_int(gr.get('port'))} {_s(gr.get('service'))} {attrs}"
    return f"unknown {attrs}"


def _env_value_from_pod(pod: dict | None, field_ref: dict) -> str:
    """EnvValueRetriever: only metadata.name and metadata.namespace survive kubectl's field label conversion."""
    if pod is None:
        return ""
    path = field_ref.get("fieldPath", "")
    if path == "metadata.name":
        return _meta(pod).get("name", "")
    if path == "metadata.namespace":
        return _meta(pod).get("namespace", "")
    return ""


def _container_resource_value(field: dict, container: dict) -> str:
    divisor = _q(field.get("divisor"))
    if divisor.is_zero():
        divisor = _q("1")
    res = field.get("resource", "")
    kind, _, name = res.partition(".")
    if kind not in ("limits", "requests") or not name:
        return ""
    quantity = _q(_g(container, "resources", kind, name))
    if name == "cpu":
        dv = divisor.milli_value()
        return str(math.ceil(quantity.milli_value() / dv)) if dv else ""
    dv = divisor.int_value()
    return str(math.ceil(quantity.int_value() / dv)) if dv else ""


def _describe_containers(w, label: str, containers, statuses, pod: dict | None, space: str) -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    name_indent = " " if space else ""
    for c in containers or []:
        status = by_name.get(c.get("name"))
        ok = status is not None
        w.write(1, f"{name_indent}{_s(c.get('name'))}:\n")
        if ok:
            w.write(2, f"Container ID:\t{_s(status.get('containerID'))}\n")
        w.write(2, f"Image:\t{_s(c.get('image'))}\n")
        if ok:
            w.write(2, f"Image ID:\t{_s(status.get('imageID'))}\n")
        ports = c.get("ports") or []
        port_string = ", ".join(f"{_int(p.get('containerPort'))}/{_s(p.get('protocol'))}" for p in ports)
        if "," in port_string:
            w.write(2, f"Ports:\t{port_string}\n")
        else:
            w.write(2, f"Port:\t{_string_or_none(port_string)}\n")
        host_string = ", ".join(f"{_int(p.get('hostPort'))}/{_s(p.get('protocol'))}" for p in ports)
        if "," in host_string:
            w.write(2, f"Host Ports:\t{host_string}\n")
        else:
            w.write(2, f"Host Port:\t{_string_or_none(host_string)}\n")
        seccomp = _g(c, "securityContext", "seccompProfile")
        if seccomp is not None:
            w.write(2, f"SeccompProfile:\t{_s(seccomp.get('type'))}\n")
            if seccomp.get("type") == "Localhost":
                w.write(3, f"LocalhostProfile:\t{_s(seccomp.get('localhostProfile'))}\n")
        if c.get("command"):
            w.write(2, "Command:\n")
            for item in c["command"]:
                for part in _s(item).split("\n"):
                    w.write(3, f"{part}\n")
        if c.get("args"):
            w.write(2, "Args:\n")
            for item in c["args"]:
                for part in _s(item).split("\n"):
                    w.write(3, f"{part}\n")
        if ok:
            _describe_status(w, "State", status.get("state") or {})
            if _g(status, "lastState", "terminated") is not None:
                _describe_status(w, "Last State", status.get("lastState") or {})
            w.write(2, f"Ready:\t{_print_bool(status.get('ready'))}\n")
            w.write(2, f"Restart Count:\t{_int(status.get('restartCount'))}\n")
        _describe_resources(w, c.get("resources"), 2)
        for key, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")):
            if c.get(key) is not None:
                w.write(2, f"{title}:\t{_describe_probe(c[key])}\n")
        if c.get("envFrom"):
            w.write(2, "Environment Variables from:\n")
            for ef in c["envFrom"]:
                src, name, optional = "", "", False
                if ef.get("configMapRef") is not None:
                    src, name = "ConfigMap", _s(ef["configMapRef"].get("name"))
                    optional = bool(ef["configMapRef"].get("optional"))
                elif ef.get("secretRef") is not None:
                    src, name = "Secret", _s(ef["secretRef"].get("name"))
                    optional = bool(ef["secretRef"].get("optional"))
                if ef.get("prefix"):
                    w.write(3, f"{name}\t{src} with prefix '{ef['prefix']}'\tOptional: {_b(optional)}\n")
                else:
                    w.write(3, f"{name}\t{src}\tOptional: {_b(optional)}\n")
        env = c.get("env") or []
        w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
        for e in env:
            name = _s(e.get("name"))
            vf = e.get("valueFrom")
            if vf is None:
                for i, part in enumerate(_s(e.get("value")).split("\n")):
                    w.write(3, f"{name}:\t{part}\n" if i == 0 else f"\t{part}\n")
                continue
            if vf.get("fieldRef") is not None:
                fr = vf["fieldRef"]
                value = _env_value_from_pod(pod, fr)
                w.write(3, f"{name}:\t{value} ({_s(fr.get('apiVersion'))}:{_s(fr.get('fieldPath'))})\n")
            elif vf.get("resourceFieldRef") is not None:
                rf = vf["resourceFieldRef"]
                value = _container_resource_value(rf, c)
                res = _s(rf.get("resource"))
                if value == "0" and res in ("limits.cpu", "limits.memory"):
                    value = "node allocatable"
                w.write(3, f"{name}:\t{value} ({res})\n")
            elif vf.get("secretKeyRef") is not None:
                ref = vf["secretKeyRef"]
                w.write(
                    3,
                    f"{name}:\t<set to the key '{_s(ref.get('key'))}' in secret '{_s(ref.get('name'))}'>\tOptional: {_b(ref.get('optional'))}\n",
                )
            elif vf.get("configMapKeyRef") is not None:
                ref = vf["configMapKeyRef"]
                w.write(
                    3,
                    f"{name}:\t<set to the key '{_s(ref.get('key'))}' of config map '{_s(ref.get('name'))}'>\tOptional: {_b(ref.get('optional'))}\n",
                )
        mounts = c.get("volumeMounts") or []
        w.write(2, f"Mounts:{'' if mounts else chr(9) + '<none>'}\n")
        for m in _go_sort(mounts, lambda a, b: (a.get("mountPath") or "") < (b.get("mountPath") or "")):
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{_s(m.get('mountPath'))} from {_s(m.get('name'))} ({','.join(flags)})\n")
        devices = c.get("volumeDevices") or []
        if devices:
            w.write(2, "Devices:\n")
            for d in _go_sort(devices, lambda a, b: (a.get("devicePath") or "") < (b.get("devicePath") or "")):
                w.write(3, f"{_s(d.get('devicePath'))} from {_s(d.get('name'))}\n")


def _describe_status(w, state_name: str, state: dict) -> None:
    if state.get("running") is not None:
        w.write(2, f"{state_name}:\tRunning\n")
        w.write(3, f"Started:\t{_rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{state_name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{state_name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{_int(t.get('exitCode'))}\n")
        if _int(t.get("signal")) > 0:
            w.write(3, f"Signal:\t{_int(t.get('signal'))}\n")
        w.write(3, f"Started:\t{_rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{_rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{state_name}:\tWaiting\n")


def _describe_resources(w, resources, level: int) -> None:
    if resources is None:
        return
    limits = resources.get("limits") or {}
    requests = resources.get("requests") or {}
    if limits:
        w.write(level, "Limits:\n")
    for name in _sorted_names(limits):
        w.write(level + 1, f"{name}:\t{_qstr(limits[name])}\n")
    if requests:
        w.write(level, "Requests:\n")
    for name in _sorted_names(requests):
        w.write(level + 1, f"{name}:\t{_qstr(requests[name])}\n")


def _optional_ptr(value) -> str:
    """%v of a Go *bool: `<nil>` when unset (a set pointer prints its address in kubectl)."""
    if value is None:
        return "<nil>"
    return _b(value)


def _describe_volumes(w, volumes, space: str) -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    name_indent = " " if space else ""
    for vol in volumes:
        w.write(1, f"{name_indent}{_s(vol.get('name'))}:\n")
        if vol.get("hostPath") is not None:
            _print_host_path(w, vol["hostPath"])
        elif _print_cloud_disk(w, vol):
            pass
        elif vol.get("gitRepo") is not None:
            gr = vol["gitRepo"]
            w.write(
                2,
                "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n"
                f"    Repository:\t{_s(gr.get('repository'))}\n    Revision:\t{_s(gr.get('revision'))}\n",
            )
        elif vol.get("emptyDir") is not None:
            ed = vol["emptyDir"]
            size = ed.get("sizeLimit")
            size_text = _qstr(size) if size is not None and _q(size).value > 0 else "<unset>"
            w.write(
                2,
                f"Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{_s(ed.get('medium'))}\n    SizeLimit:\t{size_text}\n",
            )
        elif vol.get("secret") is not None:
            sv = vol["secret"]
            w.write(
                2,
                f"Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{_s(sv.get('secretName'))}\n    Optional:\t{_b(sv.get('optional'))}\n",
            )
        elif vol.get("configMap") is not None:
            cv = vol["configMap"]
            w.write(
                2,
                f"Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{_s(cv.get('name'))}\n    Optional:\t{_b(cv.get('optional'))}\n",
            )
        elif vol.get("nfs") is not None:
            _print_nfs(w, vol["nfs"])
        elif vol.get("persistentVolumeClaim") is not None:
            pv = vol["persistentVolumeClaim"]
            w.write(
                2,
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                f"    ClaimName:\t{_s(pv.get('claimName'))}\n    ReadOnly:\t{_b(pv.get('readOnly'))}\n",
            )
        elif vol.get("ephemeral") is not None:
            w.write(
                2,
                "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n",
            )
            tmpl = vol["ephemeral"].get("volumeClaimTemplate")
            if tmpl is not None:
                pvc = {"metadata": tmpl.get("metadata") or {}, "spec": tmpl.get("spec") or {}}
                _print_pvc(_Nested(w, 2), pvc, full=False)
        elif vol.get("downwardAPI") is not None:
            w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
            for item in vol["downwardAPI"].get("items") or []:
                if item.get("fieldRef") is not None:
                    w.write(3, f"{_s(item['fieldRef'].get('fieldPath'))} -> {_s(item.get('path'))}\n")
                if item.get("resourceFieldRef") is not None:
                    w.write(3, f"{_s(item['resourceFieldRef'].get('resource'))} -> {_s(item.get('path'))}\n")
        elif vol.get("projected") is not None:
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for src in vol["projected"].get("sources") or []:
                if src.get("secret") is not None:
                    w.write(
                        2,
                        f"SecretName:\t{_s(src['secret'].get('name'))}\n    SecretOptionalName:\t{_optional_ptr(src['secret'].get('optional'))}\n",
                    )
                elif src.get("downwardAPI") is not None:
                    w.write(2, "DownwardAPI:\ttrue\n")
                elif src.get("configMap") is not None:
                    w.write(
                        2,
                        f"ConfigMapName:\t{_s(src['configMap'].get('name'))}\n    ConfigMapOptional:\t{_optional_ptr(src['configMap'].get('optional'))}\n",
                    )
                elif src.get("serviceAccountToken") is not None:
                    w.write(
                        2, f"TokenExpirationSeconds:\t{_int(src['serviceAccountToken'].get('expirationSeconds'))}\n"
                    )
        elif vol.get("csi") is not None:
            csi = vol["csi"]
            w.write(
                2,
                "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
                f"    Driver:\t{_s(csi.get('driver'))}\n    FSType:\t{_s(csi.get('fsType'))}\n    ReadOnly:\t{_b(csi.get('readOnly'))}\n",
            )
            _print_csi_attributes(w, csi.get("volumeAttributes"))
        elif vol.get("image") is not None:
            im = vol["image"]
            w.write(
                2,
                f"Type:\tImage (a container image or OCI artifact)\n    Reference:\t{_s(im.get('reference'))}\n    PullPolicy:\t{_s(im.get('pullPolicy'))}\n",
            )
        else:
            w.write(1, "<unknown>\n")


def _print_cloud_disk(w, source: dict) -> bool:
    """GCE persistent disk and AWS EBS (pod volumes and PV sources print them the same way)."""
    if source.get("gcePersistentDisk") is not None:
        d = source["gcePersistentDisk"]
        w.write(
            2,
            "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n"
            f"    PDName:\t{_s(d.get('pdName'))}\n    FSType:\t{_s(d.get('fsType'))}\n"
            f"    Partition:\t{_int(d.get('partition'))}\n    ReadOnly:\t{_b(d.get('readOnly'))}\n",
        )
        return True
    if source.get("awsElasticBlockStore") is not None:
        d = source["awsElasticBlockStore"]
        w.write(
            2,
            "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n"
            f"    VolumeID:\t{_s(d.get('volumeID'))}\n    FSType:\t{_s(d.get('fsType'))}\n"
            f"    Partition:\t{_int(d.get('partition'))}\n    ReadOnly:\t{_b(d.get('readOnly'))}\n",
        )
        return True
    return False


def _print_host_path(w, hp: dict) -> None:
    hp_type = hp.get("type")
    w.write(
        2,
        f"Type:\tHostPath (bare host directory volume)\n    Path:\t{_s(hp.get('path'))}\n    HostPathType:\t{_s(hp_type) if hp_type is not None else '<none>'}\n",
    )


def _print_nfs(w, nfs: dict) -> None:
    w.write(
        2,
        f"Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{_s(nfs.get('server'))}\n    Path:\t{_s(nfs.get('path'))}\n    ReadOnly:\t{_b(nfs.get('readOnly'))}\n",
    )


def _print_csi_attributes(w, attributes) -> None:
    w.write(2, "VolumeAttributes:\t")
    if not attributes:
        w.write_line("<none>")
        return
    for i, key in enumerate(sorted(attributes)):
        if i:
            w.write(2, "")
            w.write(2, "\t")
        line = f"{key}={_s(attributes[key])}"
        if len(line) > _MAX_ANNOTATION_LEN:
            w.write(2, f"{line[:_MAX_ANNOTATION_LEN]}...\n")
        else:
            w.write(2, f"{line}\n")


def _describe_topology_spread(w, constraints, space: str) -> None:
    if not constraints:
        return
    ordered = _go_sort(constraints, lambda a, b: (a.get("topologyKey") or "") < (b.get("topologyKey") or ""))
    w.write(0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(ordered):
        if i:
            w.write(0, space)
            w.write(0, "\t")
        text = f"{_s(tsc.get('topologyKey'))}:{_s(tsc.get('whenUnsatisfiable'))} when max skew {_int(tsc.get('maxSkew'))} is exceeded"
        if tsc.get("labelSelector") is not None:
            text += f" for selector {_format_label_selector(tsc['labelSelector'])}"
        w.write(0, text + "\n")


def _describe_pod_template(w, template) -> None:
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    _print_labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        _print_annotations_multiline(w, "  Annotations", meta.get("annotations"))
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        _describe_containers(w, "Init Containers", spec.get("initContainers"), None, None, "  ")
    _describe_containers(w, "Containers", spec.get("containers"), None, None, "  ")
    _describe_volumes(w, spec.get("volumes"), "  ")
    _describe_topology_spread(w, spec.get("topologySpreadConstraints"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    _print_labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    _print_tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))


def _pod_status_for_controller(ctx: _Ctx, owner: dict, selector_matches) -> str:
    running = waiting = succeeded = failed = 0
    for pod in ctx.list("Pod", _meta(owner).get("namespace")):
        if not selector_matches(_meta(pod).get("labels")):
            continue
        if not _controlled_by(pod, owner):
            continue
        phase = _g(pod, "status", "phase")
        if phase == "Running":
            running += 1
        elif phase == "Pending":
            waiting += 1
        elif phase == "Succeeded":
            succeeded += 1
        elif phase == "Failed":
            failed += 1
    return f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed"


def _qos_class(pod: dict) -> str:
    qos = _g(pod, "status", "qosClass")
    if qos:
        return qos
    requests: dict = {}
    limits: dict = {}
    guaranteed = True
    spec = pod.get("spec") or {}
    for c in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
        for name, raw in (_g(c, "resources", "requests") or {}).items():
            if name not in ("cpu", "memory"):
                continue
            q = _q(raw)
            if q.value > 0:
                requests[name] = requests[name].add(q) if name in requests else q
        found = set()
        for name, raw in (_g(c, "resources", "limits") or {}).items():
            if name not in ("cpu", "memory"):
                continue
            q = _q(raw)
            if q.value > 0:
                found.add(name)
                limits[name] = limits[name].add(q) if name in limits else q
        if not {"cpu", "memory"} <= found:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed:
        for name, req in requests.items():
            if name not in limits or limits[name].cmp(req) != 0:
                guaranteed = False
                break
    if guaranteed and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


# --------------------------------------------------------------------------------------------
# Describers
# --------------------------------------------------------------------------------------------


def _describe_pod(ctx: _Ctx, w, pod: dict) -> None:
    meta, spec, status = _meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    uid = meta.get("uid")
    mirror = (meta.get("annotations") or {}).get("kubernetes.io/config.mirror")
    if mirror is not None:
        uid = mirror
    events = _search_events(ctx, pod, None, uid)

    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{_int(spec.get('priority'))}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.write(0, "Node:\t<none>\n")
    else:
        w.write(0, f"Node:\t{spec['nodeName']}/{_s(status.get('hostIP'))}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{_rfc1123z(status['startTime'])}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {ctx.since(meta['deletionTimestamp'])})\n")
        w.write(0, f"Termination Grace Period:\t{_int(meta.get('deletionGracePeriodSeconds'))}s\n")
    else:
        w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    seccomp = _g(spec, "securityContext", "seccompProfile")
    if seccomp is not None:
        w.write(0, f"SeccompProfile:\t{_s(seccomp.get('type'))}\n")
        if seccomp.get("type") == "Localhost":
            w.write(0, f"LocalhostProfile:\t{_s(seccomp.get('localhostProfile'))}\n")
    w.write(0, f"IP:\t{_s(status.get('podIP'))}\n")
    pod_ips = status.get("podIPs") or []
    if not pod_ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in pod_ips:
            w.write(1, f"IP:\t{_s(ip.get('ip'))}\n")
    controlled = _print_controller(pod)
    if controlled:
        w.write(0, f"Controlled By:\t{controlled}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("resources") is not None:
        w.write(0, "Resources:\n")
        _describe_resources(w, spec.get("resources"), 1)
    if spec.get("initContainers"):
        _describe_containers(
            w, "Init Containers", spec.get("initContainers"), status.get("initContainerStatuses"), pod, ""
        )
    _describe_containers(w, "Containers", spec.get("containers"), status.get("containerStatuses"), pod, "")
    if spec.get("ephemeralContainers"):
        _describe_containers(
            w,
            "Ephemeral Containers",
            spec.get("ephemeralContainers"),
            status.get("ephemeralContainerStatuses"),
            pod,
            "",
        )
    conditions = status.get("conditions") or []
    if spec.get("readinessGates"):
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in spec["readinessGates"]:
            value = "<none>"
            for c in conditions:
                if c.get("type") == gate.get("conditionType"):
                    value = _s(c.get("status"))
                    break
            w.write(1, f"{_s(gate.get('conditionType'))} \t{value} \n")
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{_s(c.get('type'))} \t{_s(c.get('status'))} \n")
    _describe_volumes(w, spec.get("volumes"), "")
    w.write(0, f"QoS Class:\t{_qos_class(pod)}\n")
    _print_labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    _print_tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    _describe_topology_spread(w, spec.get("topologySpreadConstraints"), "")
    _describe_events(ctx, w, events)


def _replicas(spec) -> int:
    value = (spec or {}).get("replicas")
    return 1 if value is None else _int(value)


def _describe_replicaset(ctx: _Ctx, w, rs: dict) -> None:
    meta, spec, status = _meta(rs), rs.get("spec") or {}, rs.get("status") or {}
    selector = spec.get("selector")
    pods_status = _pod_status_for_controller(ctx, rs, lambda labels: _selector_matches(selector, labels))
    events = _events_for(ctx, rs)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"Selector:\t{_format_label_selector(selector)}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    controlled = _print_controller(rs)
    if controlled:
        w.write(0, f"Controlled By:\t{controlled}\n")
    w.write(0, f"Replicas:\t{_int(status.get('replicas'))} current / {_replicas(spec)} desired\n")
    w.write(0, "Pods Status:\t")
    w.write(0, pods_status + "\n")
    _describe_pod_template(w, spec.get("template"))
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in status["conditions"]:
            w.write(1, f"{_s(c.get('type'))} \t{_s(c.get('status'))}\t{_s(c.get('reason'))}\n")
    _describe_events(ctx, w, events)


def _template_equal_ignore_hash(a, b) -> bool:
    def strip(t):
        t = _drop_empty(t or {})
        labels = dict(_g(t, "metadata", "labels") or {})
        labels.pop("pod-template-hash", None)
        meta = dict(t.get("metadata") or {})
        if labels:
            meta["labels"] = labels
        else:
            meta.pop("labels", None)
        meta.pop("creationTimestamp", None)
        out = dict(t)
        if meta:
            out["metadata"] = meta
        else:
            out.pop("metadata", None)
        return out

    return strip(a) == strip(b)


def _drop_empty(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _drop_empty(v)
            if v is None or v == {} or v == [] or v == "" or v is False or v == 0:
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def _describe_deployment(ctx: _Ctx, w, d: dict) -> None:
    meta, spec, status = _meta(d), d.get("spec") or {}, d.get("status") or {}
    events = _events_for(ctx, d)
    selector = spec.get("selector")
    owned = [
        rs
        for rs in ctx.list("ReplicaSet", meta.get("namespace"))
        if _selector_matches(selector, _meta(rs).get("labels")) and _controlled_by(rs, d)
    ]

    def created_before(a, b):
        ta, tb = _parse_time(_meta(a).get("creationTimestamp")), _parse_time(_meta(b).get("creationTimestamp"))
        if ta == tb:
            return (_meta(a).get("name") or "") < (_meta(b).get("name") or "")
        return ta < tb

    owned = _go_sort(owned, created_before)
    new_rs = next(
        (rs for rs in owned if _template_equal_ignore_hash(_g(rs, "spec", "template"), spec.get("template"))), None
    )
    old_rss = [rs for rs in owned if rs is not new_rs]

    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{_selector_string(selector)}\n")
    w.write(
        0,
        f"Replicas:\t{_replicas(spec)} desired | {_int(status.get('updatedReplicas'))} updated | "
        f"{_int(status.get('replicas'))} total | {_int(status.get('availableReplicas'))} available | "
        f"{_int(status.get('unavailableReplicas'))} unavailable\n",
    )
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{_s(strategy.get('type'))}\n")
    w.write(0, f"MinReadySeconds:\t{_int(spec.get('minReadySeconds'))}\n")
    if strategy.get("rollingUpdate") is not None:
        ru = strategy["rollingUpdate"]
        mu = "<nil>" if ru.get("maxUnavailable") is None else _s(ru.get("maxUnavailable"))
        ms = "<nil>" if ru.get("maxSurge") is None else _s(ru.get("maxSurge"))
        w.write(0, f"RollingUpdateStrategy:\t{mu} max unavailable, {ms} max surge\n")
    _describe_pod_template(w, spec.get("template"))
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in status["conditions"]:
            w.write(1, f"{_s(c.get('type'))} \t{_s(c.get('status'))}\t{_s(c.get('reason'))}\n")
    if owned:
        w.write(0, f"OldReplicaSets:\t{_rs_list(old_rss)}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_list([new_rs] if new_rs is not None else [])}\n")
    _describe_events(ctx, w, events)


def _rs_list(rss) -> str:
    text = ", ".join(
        f"{_s(_meta(rs).get('name'))} ({_int(_g(rs, 'status', 'replicas'))}/{_replicas(rs.get('spec'))} replicas created)"
        for rs in rss
    )
    return text or "<none>"


def _format_endpoint_slices(slices, port_names) -> str:
    if not slices:
        return "<none>"
    items: list[str] = []
    max_items = 3
    more = False
    count = 0
    for sl in slices:
        endpoints = sl.get("endpoints") or []
        ports = sl.get("ports") or []
        if not ports:
            for ep in endpoints:
                if len(items) == max_items:
                    more = True
                ready = _g(ep, "conditions", "ready")
                if ready is not None and not ready:
                    continue
                if not more:
                    items.append(_s((ep.get("addresses") or [""])[0]))
                count += 1
        else:
            for port in ports:
                if port_names is None or (port.get("name") or "") in port_names:
                    for ep in endpoints:
                        if len(items) == max_items:
                            more = True
                        addr = _s((ep.get("addresses") or [""])[0])
                        ready = _g(ep, "conditions", "ready")
                        if ready is not None and not ready:
                            continue
                        if not more:
                            port_text = str(_int(port.get("port")))
                            items.append(f"[{addr}]:{port_text}" if ":" in addr else f"{addr}:{port_text}")
                        count += 1
    text = ",".join(items)
    if more:
        return f"{text} + {count - max_items} more..."
    return text


def _service_slices(ctx: _Ctx, namespace: str, service_name: str) -> list[dict]:
    return [
        s
        for s in ctx.list("EndpointSlice", namespace)
        if (_meta(s).get("labels") or {}).get("kubernetes.io/service-name") == service_name
    ]


def _lb_ingress_string(ingress) -> str:
    parts = []
    for item in ingress or []:
        if item.get("ip"):
            text = item["ip"]
            if item.get("ipMode"):
                text += f" ({item['ipMode']})"
            parts.append(text)
        else:
            parts.append(_s(item.get("hostname")))
    return ", ".join(parts)


def _describe_service(ctx: _Ctx, w, svc: dict) -> None:
    meta, spec, status = _meta(svc), svc.get("spec") or {}, svc.get("status") or {}
    slices = _service_slices(ctx, meta.get("namespace") or "", meta.get("name") or "")
    events = _events_for(ctx, svc)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{_format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{_s(spec.get('type'))}\n")
    if spec.get("ipFamilyPolicy") is not None:
        w.write(0, f"IP Family Policy:\t{_s(spec.get('ipFamilyPolicy'))}\n")
    families = spec.get("ipFamilies") or []
    w.write(0, f"IP Families:\t{','.join(families) if families else '<none>'}\n")
    w.write(0, f"IP:\t{_s(spec.get('clusterIP'))}\n")
    cluster_ips = spec.get("clusterIPs") or []
    w.write(0, f"IPs:\t{','.join(cluster_ips) if cluster_ips else '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    lb_ingress = _g(status, "loadBalancer", "ingress") or []
    if lb_ingress:
        w.write(0, f"LoadBalancer Ingress:\t{_lb_ingress_string(lb_ingress)}\n")
    for sp in spec.get("ports") or []:
        name = sp.get("name") or "<unset>"
        proto = _s(sp.get("protocol"))
        w.write(0, f"Port:\t{name}\t{_int(sp.get('port'))}/{proto}\n")
        target = sp.get("targetPort")
        if isinstance(target, str):
            w.write(0, f"TargetPort:\t{target}/{proto}\n")
        else:
            w.write(0, f"TargetPort:\t{_int(target)}/{proto}\n")
        if _int(sp.get("nodePort")) != 0:
            w.write(0, f"NodePort:\t{name}\t{_int(sp.get('nodePort'))}/{proto}\n")
        w.write(0, f"Endpoints:\t{_format_endpoint_slices(slices, {sp.get('name') or ''})}\n")
    w.write(0, f"Session Affinity:\t{_s(spec.get('sessionAffinity'))}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy") is not None:
        w.write(0, f"Internal Traffic Policy:\t{_s(spec.get('internalTrafficPolicy'))}\n")
    if _int(spec.get("healthCheckNodePort")) != 0:
        w.write(0, f"HealthCheck NodePort:\t{_int(spec.get('healthCheckNodePort'))}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    _describe_events(ctx, w, events)


def _describe_endpoints(ctx: _Ctx, w, ep: dict) -> None:
    meta = _meta(ep)
    events = _events_for(ctx, ep)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        addresses = ",".join(_s(a.get("ip")) for a in subset.get("addresses") or [])
        w.write(1, f"Addresses:\t{addresses or '<none>'}\n")
        not_ready = ",".join(_s(a.get("ip")) for a in subset.get("notReadyAddresses") or [])
        w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(2, f"{port.get('name') or '<unset>'}\t{_int(port.get('port'))}\t{_s(port.get('protocol'))}\n")
        w.write(0, "\n")
    _describe_events(ctx, w, events)


def _describe_endpoint_slice(ctx: _Ctx, w, eps: dict) -> None:
    meta = _meta(eps)
    events = _events_for(ctx, eps)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"AddressType:\t{_s(eps.get('addressType'))}\n")
    ports = eps.get("ports") or []
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in ports:
            name = port.get("name") or "<unset>"
            number = "<unset>" if port.get("port") is None else str(_int(port.get("port")))
            w.write(1, f"{name}\t{number}\t{_s(port.get('protocol'))}\n")
    endpoints = eps.get("endpoints") or []
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for ep in endpoints:
            addresses = ", ".join(_s(a) for a in ep.get("addresses") or [])
            w.write(1, f"- Addresses:\t{addresses or '<none>'}\n")
            w.write(2, "Conditions:\n")
            ready = _g(ep, "conditions", "ready")
            w.write(3, f"Ready:\t{'<unset>' if ready is None else _b(ready)}\n")
            hostname = ep.get("hostname")
            w.write(2, f"Hostname:\t{'<unset>' if hostname is None else _s(hostname)}\n")
            if ep.get("targetRef") is not None:
                w.write(2, f"TargetRef:\t{_s(ep['targetRef'].get('kind'))}/{_s(ep['targetRef'].get('name'))}\n")
            node = ep.get("nodeName")
            w.write(2, f"NodeName:\t{'<unset>' if node is None else _s(node)}\n")
            zone = ep.get("zone")
            w.write(2, f"Zone:\t{'<unset>' if zone is None else _s(zone)}\n")
    _describe_events(ctx, w, events)


def _ingress_backend(ctx: _Ctx, namespace: str, backend: dict) -> str:
    service = backend.get("service")
    if service is not None:
        port = service.get("port") or {}
        number = _int(port.get("number"))
        sb = f"{_s(service.get('name'))}:{number if number != 0 else _s(port.get('name'))}"
        slices = _service_slices(ctx, namespace, service.get("name") or "")
        svc = ctx.get("Service", namespace, service.get("name") or "")
        if svc is None:
            return f'{sb} (<error: services "{_s(service.get("name"))}" not found>)'
        sp_name = ""
        for sp in _g(svc, "spec", "ports") or []:
            if number != 0 and number == _int(sp.get("port")):
                sp_name = sp.get("name") or ""
            elif port.get("name") and port.get("name") == (sp.get("name") or ""):
                sp_name = sp.get("name") or ""
        return f"{sb} ({_format_endpoint_slices(slices, {sp_name})})"
    res = backend.get("resource")
    if res is not None:
        api_group = res.get("apiGroup") if res.get("apiGroup") is not None else "<none>"
        return f"APIGroup: {_s(api_group)}, Kind: {_s(res.get('kind'))}, Name: {_s(res.get('name'))}"
    return ""


def _describe_ingress(ctx: _Ctx, w, ing: dict) -> None:
    meta, spec = _meta(ing), ing.get("spec") or {}
    ns = meta.get("namespace") or ""
    events = _events_for(ctx, ing)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    addresses = set()
    for item in _g(ing, "status", "loadBalancer", "ingress") or []:
        if item.get("ip"):
            addresses.add(item["ip"])
        elif item.get("hostname"):
            addresses.add(item["hostname"])
    w.write(0, f"Address:\t{','.join(sorted(addresses))}\n")
    class_name = spec.get("ingressClassName")
    w.write(0, f"Ingress Class:\t{'<none>' if class_name is None else _s(class_name)}\n")
    default_desc = "<default>"
    if spec.get("defaultBackend") is not None:
        default_desc = _ingress_backend(ctx, ns, spec["defaultBackend"])
    w.write(0, f"Default backend:\t{default_desc}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if not t.get("secretName"):
                w.write(1, f"SNI routes {hosts}\n")
            else:
                w.write(1, f"{t['secretName']} terminates {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            w.write(2, f"\t{_s(path.get('path'))} \t{_ingress_backend(ctx, ns, path.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default_desc}\n")
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    _describe_events(ctx, w, events)


def _node_roles(labels) -> list[str]:
    roles = set()
    for key, value in (labels or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            role = key[len("node-role.kubernetes.io/") :]
            if role:
                roles.add(role)
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return sorted(roles)


_STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}


def _describe_node(ctx: _Ctx, w, node: dict) -> None:
    meta, spec, status = _meta(node), node.get("spec") or {}, node.get("status") or {}
    name = meta.get("name") or ""
    pods = [
        p
        for p in ctx.list("Pod", None)
        if _g(p, "spec", "nodeName") == name and _g(p, "status", "phase") not in ("Succeeded", "Failed")
    ]
    events = _search_events(ctx, node, "Node", meta.get("uid"), namespace="")
    events += _search_events(ctx, node, "Node", name, namespace="")

    w.write(0, f"Name:\t{name}\n")
    roles = _node_roles(meta.get("labels"))
    w.write(0, f"Roles:\t{','.join(roles) if roles else '<none>'}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    _print_taints_multiline(w, "Taints", spec.get("taints"))
    w.write(0, f"Unschedulable:\t{_b(spec.get('unschedulable'))}\n")
    lease = ctx.get("Lease", "kube-node-lease", name)
    if lease is not None:
        lspec = lease.get("spec") or {}
        w.write(0, "Lease:\n")
        holder = lspec.get("holderIdentity")
        w.write(1, f"HolderIdentity:\t{'<unset>' if holder is None else _s(holder)}\n")
        acquire = lspec.get("acquireTime")
        w.write(1, f"AcquireTime:\t{_rfc1123z(acquire) if acquire else '<unset>'}\n")
        renew = lspec.get("renewTime")
        w.write(1, f"RenewTime:\t{_rfc1123z(renew) if renew else '<unset>'}\n")
    else:
        w.write(0, f'Lease:\tFailed to get lease: leases.coordination.k8s.io "{name}" not found\n')
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(
                1,
                f"{_s(c.get('type'))} \t{_s(c.get('status'))} \t{_rfc1123z(c.get('lastHeartbeatTime'))} \t"
                f"{_rfc1123z(c.get('lastTransitionTime'))} \t{_s(c.get('reason'))} \t{_s(c.get('message'))}\n",
            )
    w.write(0, "Addresses:\n")
    for addr in status.get("addresses") or []:
        w.write(1, f"{_s(addr.get('type'))}:\t{_s(addr.get('address'))}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        if status.get(key):
            w.write(0, f"{title}:\n")
            for res in _sorted_names(status[key]):
                w.write(0, f"  {res}:\t{_qstr(status[key][res])}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ):
        w.write(0, f"  {label}:\t{_s(info.get(key))}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _describe_node_resource(ctx, w, pods, node)
    _describe_events(ctx, w, events)


def _describe_node_resource(ctx: _Ctx, w, pods: list[dict], node: dict) -> None:
    status = node.get("status") or {}
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    allocatable = _resource_list(status.get("allocatable") or status.get("capacity"))
    zero = _Quantity()
    alloc_cpu = allocatable.get("cpu", zero).milli_value()
    alloc_mem = allocatable.get("memory", zero).int_value()
    for pod in pods:
        req, lim = _pod_requests_and_limits(pod)
        cpu_req, cpu_lim = req.get("cpu", zero), lim.get("cpu", zero)
        mem_req, mem_lim = req.get("memory", zero), lim.get("memory", zero)
        w.write(
            1,
            f"{_s(_meta(pod).get('namespace'))}\t{_s(_meta(pod).get('name'))}\t\t"
            f"{cpu_req} ({_percent(cpu_req.milli_value(), alloc_cpu)}%)\t"
            f"{cpu_lim} ({_percent(cpu_lim.milli_value(), alloc_cpu)}%)\t"
            f"{mem_req} ({_percent(mem_req.int_value(), alloc_mem)}%)\t"
            f"{mem_lim} ({_percent(mem_lim.int_value(), alloc_mem)}%)\t"
            f"{ctx.since(_meta(pod).get('creationTimestamp'))}\n",
        )
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs: dict = {}
    limits: dict = {}
    for pod in pods:
        preq, plim = _pod_requests_and_limits(pod)
        _add_resource_list(reqs, preq)
        _add_resource_list(limits, plim)

    def frac(q: _Quantity, total: int, milli: bool) -> int:
        if total == 0:
            return 0
        return _percent(q.milli_value() if milli else q.int_value(), total)

    alloc_eph = allocatable.get("ephemeral-storage", zero).int_value()
    for res, total, milli in (
        ("cpu", alloc_cpu, True),
        ("memory", alloc_mem, False),
        ("ephemeral-storage", alloc_eph, False),
    ):
        rq, lm = reqs.get(res, zero), limits.get(res, zero)
        w.write(1, f"{res}\t{rq} ({frac(rq, total, milli)}%)\t{lm} ({frac(lm, total, milli)}%)\n")
    huge = sorted(r for r in allocatable if r.startswith("hugepages-"))
    ext = sorted(
        r
        for r in allocatable
        if not r.startswith("hugepages-")
        and r not in _STANDARD_CONTAINER_RESOURCES
        and r != "pods"
        and not r.startswith("requests.")
        and not r.startswith("limits.")
    )
    for res in huge:
        rq, lm = reqs.get(res, zero), limits.get(res, zero)
        total = allocatable[res].int_value()
        w.write(1, f"{res}\t{rq} ({frac(rq, total, False)}%)\t{lm} ({frac(lm, total, False)}%)\n")
    for res in ext:
        w.write(1, f"{res}\t{reqs.get(res, zero)}\t{limits.get(res, zero)}\n")


def _describe_namespace(ctx: _Ctx, w, ns: dict) -> None:
    meta, status = _meta(ns), ns.get("status") or {}
    name = meta.get("name") or ""
    w.write(0, f"Name:\t{name}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(
                1,
                f"{_s(c.get('type'))}\t{_s(c.get('status'))}\t{_rfc1123z(c.get('lastTransitionTime'))}\t{_s(c.get('reason'))}\t{_s(c.get('message'))}\n",
            )
    w.write(0, "\n")
    quotas = ctx.list("ResourceQuota", name)
    if not quotas:
        w.write(0, "No resource quota.\n")
    else:
        w.write(0, "Resource Quotas\n")
        for q in _go_sort(quotas, lambda a, b: (_meta(a).get("name") or "") < (_meta(b).get("name") or "")):
            w.write(1, f"Name:\t{_s(_meta(q).get('name'))}\n")
            scopes = sorted(_g(q, "spec", "scopes") or [])
            if scopes:
                w.write(1, f"Scopes:\t{', '.join(scopes)}\n")
                for scope in scopes:
                    help_text = _QUOTA_SCOPE_HELP.get(scope, "")
                    if help_text:
                        w.write(1, f"* {help_text}\n")
            w.write(1, "Resource\tUsed\tHard\n")
            w.write(1, "--------\t---\t---\n")
            hard = _g(q, "status", "hard") or {}
            used = _g(q, "status", "used") or {}
            for res in _sorted_names(hard):
                w.write(1, f"{res}\t{_qstr(used.get(res))}\t{_qstr(hard[res])}\n")
    w.write(0, "\n")
    limit_ranges = ctx.list("LimitRange", name)
    if not limit_ranges:
        w.write(0, "No LimitRange resource.\n")
    else:
        w.write(
            0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n"
        )
        w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
        for lr in limit_ranges:
            _describe_limit_range_spec(w, lr.get("spec") or {}, " ")


_QUOTA_SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
}


def _describe_limit_range_spec(w, spec: dict, prefix: str) -> None:
    for item in spec.get("limits") or []:
        parts = {
            key: item.get(key) or {} for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")
        }
        names = sorted(set().union(*[set(v) for v in parts.values()]))
        for res in names:

            def value(key):
                return _qstr(parts[key][res]) if res in parts[key] else "-"

            w.write(
                0,
                f"{prefix}{_s(item.get('type'))}\t{res}\t{value('min')}\t{value('max')}\t{value('defaultRequest')}\t"
                f"{value('default')}\t{value('maxLimitRequestRatio')}\n",
            )


def _describe_configmap(ctx: _Ctx, w, cm: dict) -> None:
    meta = _meta(cm)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{_s(data[key])}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, f"{key}: {len(_b64decode(binary[key]))} bytes\n")
    w.write(0, "\n")
    _describe_events(ctx, w, _events_for(ctx, cm))


def _b64decode(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    try:
        return base64.b64decode(str(value), validate=False)
    except (binascii.Error, ValueError):
        return str(value).encode("utf-8")


def _describe_secret(ctx: _Ctx, w, secret: dict) -> None:
    meta = _meta(secret)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{_s(secret.get('type'))}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for key in sorted(data):
        raw = _b64decode(data[key])
        if key == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            w.write(0, f"{key}:\t{raw.decode('utf-8', errors='replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(raw)} bytes\n")


def _describe_job(ctx: _Ctx, w, job: dict) -> None:
    meta, spec, status = _meta(job), job.get("spec") or {}, job.get("status") or {}
    events = _events_for(ctx, job)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"Selector:\t{_selector_string(spec.get('selector'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    controlled = _print_controller(job)
    if controlled:
        w.write(0, f"Controlled By:\t{controlled}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{_int(spec['parallelism'])}\n")
    if spec.get("completions") is not None:
        w.write(0, f"Completions:\t{_int(spec['completions'])}\n")
    else:
        w.write(0, "Completions:\t<unset>\n")
    if spec.get("completionMode") is not None:
        w.write(0, f"Completion Mode:\t{_s(spec['completionMode'])}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{_b(spec['suspend'])}\n")
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{_int(spec['backoffLimit'])}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{_int(spec['ttlSecondsAfterFinished'])}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{_rfc1123z(status['startTime'])}\n")
    if status.get("completionTime"):
        w.write(0, f"Completed At:\t{_rfc1123z(status['completionTime'])}\n")
    if status.get("startTime") and status.get("completionTime"):
        w.write(0, f"Duration:\t{ctx.duration(status['startTime'], status['completionTime'])}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{_int(spec['activeDeadlineSeconds'])}s\n")
    if status.get("ready") is None:
        w.write(
            0,
            f"Pods Statuses:\t{_int(status.get('active'))} Active / {_int(status.get('succeeded'))} Succeeded / {_int(status.get('failed'))} Failed\n",
        )
    else:
        w.write(
            0,
            f"Pods Statuses:\t{_int(status.get('active'))} Active ({_int(status.get('ready'))} Ready) / "
            f"{_int(status.get('succeeded'))} Succeeded / {_int(status.get('failed'))} Failed\n",
        )
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_cap_indexes(status.get('completedIndexes') or '', 50)}\n")
    _describe_pod_template(w, spec.get("template"))
    _describe_events(ctx, w, events)


def _cap_indexes(indexes: str, soft_limit: int) -> str:
    if not indexes:
        return "<none>"
    ix = soft_limit
    while ix < len(indexes) and indexes[ix] != ",":
        ix += 1
    if ix >= len(indexes):
        return indexes
    return indexes[: ix + 1] + "..."


def _describe_daemonset(ctx: _Ctx, w, ds: dict) -> None:
    meta, spec, status = _meta(ds), ds.get("spec") or {}, ds.get("status") or {}
    selector = spec.get("selector")
    pods_status = _pod_status_for_controller(ctx, ds, lambda labels: _selector_matches(selector, labels))
    events = _events_for(ctx, ds)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")  # kubectl 1.32 prints no Namespace line here
    w.write(0, f"Selector:\t{_selector_string(selector)}\n")
    w.write(0, f"Node-Selector:\t{_format_labels(_g(spec, 'template', 'spec', 'nodeSelector'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Desired Number of Nodes Scheduled: {_int(status.get('desiredNumberScheduled'))}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {_int(status.get('currentNumberScheduled'))}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {_int(status.get('updatedNumberScheduled'))}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {_int(status.get('numberAvailable'))}\n")
    w.write(0, f"Number of Nodes Misscheduled: {_int(status.get('numberMisscheduled'))}\n")
    w.write(0, f"Pods Status:\t{pods_status}\n")
    _describe_pod_template(w, spec.get("template"))
    _describe_events(ctx, w, events)


def _describe_statefulset(ctx: _Ctx, w, sts: dict) -> None:
    meta, spec, status = _meta(sts), sts.get("spec") or {}, sts.get("status") or {}
    selector = spec.get("selector")
    pods_status = _pod_status_for_controller(ctx, sts, lambda labels: _selector_matches(selector, labels))
    events = _events_for(ctx, sts)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Selector:\t{_selector_string(selector)}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{_replicas(spec)} desired | {_int(status.get('replicas'))} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{_s(strategy.get('type'))}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.write(1, f"Partition:\t{_int(ru['partition'])}\n")
        if ru.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{_s(ru['maxUnavailable'])}\n")
    w.write(0, f"Pods Status:\t{pods_status}\n")
    _describe_pod_template(w, spec.get("template"))
    templates = spec.get("volumeClaimTemplates") or []
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
    else:
        w.write(0, "Volume Claims:\n")
        for pvc in templates:
            pmeta, pspec = _meta(pvc), pvc.get("spec") or {}
            w.write(1, f"Name:\t{_s(pmeta.get('name'))}\n")
            w.write(1, f"StorageClass:\t{_pvc_class(pvc)}\n")
            _print_labels_multiline(w, "Labels", pmeta.get("labels"), initial_indent="  ")
            _print_labels_multiline(w, "Annotations", pmeta.get("annotations"), initial_indent="  ")
            storage = _g(pspec, "resources", "requests", "storage")
            w.write(1, f"Capacity:\t{_qstr(storage) if storage is not None else '<default>'}\n")
            w.write(1, f"Access Modes:\t{_go_slice(pspec.get('accessModes'))}\n")
    _describe_events(ctx, w, events)


def _pvc_class(pvc: dict) -> str:
    ann = _meta(pvc).get("annotations") or {}
    if "volume.beta.kubernetes.io/storage-class" in ann:
        return ann["volume.beta.kubernetes.io/storage-class"]
    value = _g(pvc, "spec", "storageClassName")
    return _s(value)


def _pv_class(pv: dict) -> str:
    ann = _meta(pv).get("annotations") or {}
    if "volume.beta.kubernetes.io/storage-class" in ann:
        return ann["volume.beta.kubernetes.io/storage-class"]
    return _s(_g(pv, "spec", "storageClassName"))


def _access_modes(modes) -> str:
    modes = modes or []
    out = []
    for mode, short in (
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ):
        if mode in modes:
            out.append(short)
    return ",".join(out)


def _print_pvc(w, pvc: dict, full: bool, ctx: _Ctx | None = None) -> None:
    meta, spec, status = _meta(pvc), pvc.get("spec") or {}, pvc.get("status") or {}
    if full:
        w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
        w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"StorageClass:\t{_pvc_class(pvc)}\n")
    if full:
        if meta.get("deletionTimestamp"):
            w.write(0, f"Status:\tTerminating (lasts {ctx.since(meta['deletionTimestamp']) if ctx else '<unknown>'})\n")
        else:
            w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    w.write(0, f"Volume:\t{_s(spec.get('volumeName'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    if full:
        w.write(0, f"Finalizers:\t{_go_slice(meta.get('finalizers'))}\n")
    capacity = ""
    access = ""
    if spec.get("volumeName"):
        access = _access_modes(status.get("accessModes"))
        capacity = _qstr(_g(status, "capacity", "storage"))
    w.write(0, f"Capacity:\t{capacity}\n")
    w.write(0, f"Access Modes:\t{access}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{_s(spec['volumeMode'])}\n")
    if spec.get("dataSource") is not None:
        ds = spec["dataSource"]
        w.write(0, "DataSource:\n")
        if ds.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{_s(ds['apiGroup'])}\n")
        w.write(1, f"Kind:\t{_s(ds.get('kind'))}\n")
        w.write(1, f"Name:\t{_s(ds.get('name'))}\n")


def _describe_pvc(ctx: _Ctx, w, pvc: dict) -> None:
    meta, status = _meta(pvc), pvc.get("status") or {}
    ns_pods = ctx.list("Pod", meta.get("namespace"))
    pods = []
    for pod in ns_pods:
        for vol in _g(pod, "spec", "volumes") or []:
            if _g(vol, "persistentVolumeClaim", "claimName") == meta.get("name"):
                pods.append(pod)
    for ref in meta.get("ownerReferences") or []:
        if ref.get("kind") != "Pod":
            continue
        owner = next((p for p in ns_pods if _meta(p).get("uid") == ref.get("uid")), None)
        if owner is None or any(_meta(p).get("uid") == _meta(owner).get("uid") for p in pods):
            continue
        pods.append(owner)
    events = _events_for(ctx, pvc)
    _print_pvc(w, pvc, True, ctx)
    _print_pods_multiline(w, "Used By", pods)
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(
                1,
                f"{_s(c.get('type'))} \t{_s(c.get('status'))} \t{_rfc1123z(c.get('lastProbeTime'))} \t"
                f"{_rfc1123z(c.get('lastTransitionTime'))} \t{_s(c.get('reason'))} \t{_s(c.get('message'))}\n",
            )
    _describe_events(ctx, w, events)


def _describe_pv(ctx: _Ctx, w, pv: dict) -> None:
    meta, spec, status = _meta(pv), pv.get("spec") or {}, pv.get("status") or {}
    events = _events_for(ctx, pv)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_slice(meta.get('finalizers'))}\n")
    w.write(0, f"StorageClass:\t{_pv_class(pv)}\n")
    if meta.get("deletionTimestamp"):
        w.write(0, f"Status:\tTerminating (lasts {ctx.since(meta['deletionTimestamp'])})\n")
    else:
        w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    claim = spec.get("claimRef")
    if claim is not None:
        w.write(0, f"Claim:\t{_s(claim.get('namespace'))}/{_s(claim.get('name'))}\n")
    else:
        w.write(0, "Claim:\t\n")
    w.write(0, f"Reclaim Policy:\t{_s(spec.get('persistentVolumeReclaimPolicy'))}\n")
    w.write(0, f"Access Modes:\t{_access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{_s(spec['volumeMode'])}\n")
    w.write(0, f"Capacity:\t{_qstr(_g(spec, 'capacity', 'storage'))}\n")
    w.write(0, "Node Affinity:\t")
    required = _g(spec, "nodeAffinity", "required")
    if required is None:
        w.write_line("<none>")
    else:
        w.write_line("")
        w.write(1, "Required Terms:\t")
        terms = required.get("nodeSelectorTerms") or []
        if not terms:
            w.write_line("<none>")
        else:
            w.write_line("")
            for i, term in enumerate(terms):
                w.write(2, f"Term {i}:\t")
                reqs = term.get("matchExpressions") or []
                if not reqs:
                    w.write_line("<none>")
                    continue
                for j, req in enumerate(reqs):
                    if j:
                        w.write(2, "\t")
                    text = f"{_s(req.get('key'))} {_s(req.get('operator')).lower()}"
                    if req.get("values"):
                        text += f" [{', '.join(req['values'])}]"
                    w.write(0, text + "\n")
    w.write(0, f"Message:\t{_s(status.get('message'))}\n")
    w.write(0, "Source:\n")
    if spec.get("hostPath") is not None:
        _print_host_path(w, spec["hostPath"])
    elif _print_cloud_disk(w, spec):
        pass
    elif spec.get("nfs") is not None:
        _print_nfs(w, spec["nfs"])
    elif spec.get("local") is not None:
        w.write(
            2,
            f"Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{_s(spec['local'].get('path'))}\n",
        )
    elif spec.get("csi") is not None:
        csi = spec["csi"]
        w.write(
            2,
            "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
            f"    Driver:\t{_s(csi.get('driver'))}\n    FSType:\t{_s(csi.get('fsType'))}\n"
            f"    VolumeHandle:\t{_s(csi.get('volumeHandle'))}\n    ReadOnly:\t{_b(csi.get('readOnly'))}\n",
        )
        _print_csi_attributes(w, csi.get("volumeAttributes"))
    else:
        w.write(1, "<unknown>\n")
    _describe_events(ctx, w, events)


# --------------------------------------------------------------------------------------------
# Smaller describers (kinds with their own kubectl describer, not in the core lesson set)
# --------------------------------------------------------------------------------------------


def _print_bool_ptr(value) -> str:
    return "<unset>" if value is None else _print_bool(value)


def _describe_cronjob(ctx: _Ctx, w, cj: dict) -> None:
    meta, spec, status = _meta(cj), cj.get("spec") or {}, cj.get("status") or {}
    events = _events_for(ctx, cj)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Schedule:\t{_s(spec.get('schedule'))}\n")
    w.write(0, f"Concurrency Policy:\t{_s(spec.get('concurrencyPolicy'))}\n")
    w.write(0, f"Suspend:\t{_print_bool_ptr(spec.get('suspend'))}\n")
    for title, key in (
        ("Successful Job History Limit", "successfulJobsHistoryLimit"),
        ("Failed Job History Limit", "failedJobsHistoryLimit"),
    ):
        value = spec.get(key)
        w.write(0, f"{title}:\t{'<unset>' if value is None else _int(value)}\n")
    deadline = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{'<unset>' if deadline is None else str(_int(deadline)) + 's'}\n")
    jt = _g(spec, "jobTemplate", "spec") or {}
    if jt.get("selector") is not None:
        w.write(0, f"Selector:\t{_selector_string(jt['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    for title, key in (("Parallelism", "parallelism"), ("Completions", "completions")):
        value = jt.get(key)
        w.write(0, f"{title}:\t{'<unset>' if value is None else _int(value)}\n")
    if jt.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{_int(jt['activeDeadlineSeconds'])}s\n")
    _describe_pod_template(w, jt.get("template") or {})
    last = status.get("lastScheduleTime")
    w.write(0, f"Last Schedule Time:\t{_rfc1123z(last) if last else '<unset>'}\n")
    w.write(0, "Active Jobs:\t")
    active = status.get("active") or []
    if not active:
        w.write_line("<none>")
    else:
        for i, ref in enumerate(active):
            if i:
                w.write(0, ", ")
            w.write(0, _s(ref.get("name")))
        w.write_line("")
    _describe_events(ctx, w, events)


def _describe_service_account(ctx: _Ctx, w, sa: dict) -> None:
    meta = _meta(sa)
    secrets = ctx.list("Secret", meta.get("namespace"))
    existing = {_meta(s).get("name") for s in secrets}
    tokens = [
        s
        for s in secrets
        if s.get("type") == "kubernetes.io/service-account-token"
        and (_meta(s).get("annotations") or {}).get("kubernetes.io/service-account.name") == meta.get("name")
        and (_meta(s).get("annotations") or {}).get("kubernetes.io/service-account.uid") == _s(meta.get("uid"))
    ]
    missing = {
        r.get("name")
        for r in (sa.get("secrets") or []) + (sa.get("imagePullSecrets") or [])
        if r.get("name") not in existing
    }
    events = _events_for(ctx, sa)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    groups = {
        "Image pull secrets:": [_s(r.get("name")) for r in sa.get("imagePullSecrets") or []],
        "Mountable secrets: ": [_s(r.get("name")) for r in sa.get("secrets") or []],
        "Tokens:            ": [_s(_meta(s).get("name")) for s in tokens],
    }
    for header in sorted(groups):
        names = groups[header]
        if not names:
            w.write(0, f"{header}\t<none>\n")
            continue
        prefix = header
        for name in names:
            w.write(0, f"{prefix}\t{name}{' (not found)' if name in missing else ''}\n")
            prefix = " " * 19
    _describe_events(ctx, w, events)


def _describe_resource_quota(ctx: _Ctx, w, quota: dict) -> None:
    meta = _meta(quota)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    scopes = sorted(_g(quota, "spec", "scopes") or [])
    if scopes:
        w.write(0, f"Scopes:\t{', '.join(scopes)}\n")
        for scope in scopes:
            if _QUOTA_SCOPE_HELP.get(scope):
                w.write(0, f" * {_QUOTA_SCOPE_HELP[scope]}\n")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard = _g(quota, "status", "hard") or {}
    used = _g(quota, "status", "used") or {}
    for res in _sorted_names(hard):
        hq = _q(hard[res])
        uq = _q(used[res]) if res in used else None
        if uq is None or uq.format != hq.format:  # resource.NewQuantity(used.Value(), hard.Format)
            uq = _Quantity(Fraction(uq.int_value() if uq is not None else 0), hq.format)
        w.write(0, f"{res}\t{uq}\t{hq}\n")


def _describe_limit_range(ctx: _Ctx, w, lr: dict) -> None:
    meta = _meta(lr)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    _describe_limit_range_spec(w, lr.get("spec") or {}, "")


def _describe_pdb(ctx: _Ctx, w, pdb: dict) -> None:
    meta, spec, status = _meta(pdb), pdb.get("spec") or {}, pdb.get("status") or {}
    events = _events_for(ctx, pdb)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{_s(spec['minAvailable'])}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{_s(spec['maxUnavailable'])}\n")
    if spec.get("selector") is not None:
        w.write(0, f"Selector:\t{_format_label_selector(spec['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{_int(status.get('disruptionsAllowed'))}\n")
    w.write(2, f"Current:\t{_int(status.get('currentHealthy'))}\n")
    w.write(2, f"Desired:\t{_int(status.get('desiredHealthy'))}\n")
    w.write(2, f"Total:\t{_int(status.get('expectedPods'))}\n")
    _describe_events(ctx, w, events)


def _describe_priority_class(ctx: _Ctx, w, pc: dict) -> None:
    meta = _meta(pc)
    events = _events_for(ctx, pc)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Value:\t{_int(pc.get('value'))}\n")
    w.write(0, f"GlobalDefault:\t{_b(pc.get('globalDefault'))}\n")
    w.write(0, f"PreemptionPolicy:\t{_s(pc.get('preemptionPolicy'))}\n")
    w.write(0, f"Description:\t{_s(pc.get('description'))}\n")
    w.write(0, f"Annotations:\t{_format_labels(meta.get('annotations'))}\n")
    _describe_events(ctx, w, events)


def _describe_storage_class(ctx: _Ctx, w, sc: dict) -> None:
    meta = _meta(sc)
    ann = meta.get("annotations") or {}
    events = _events_for(ctx, sc)
    default = (
        "Yes"
        if "true"
        in (
            ann.get("storageclass.kubernetes.io/is-default-class"),
            ann.get("storageclass.beta.kubernetes.io/is-default-class"),
        )
        else "No"
    )
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"IsDefaultClass:\t{default}\n")
    w.write(0, f"Annotations:\t{_format_labels(ann)}\n")
    w.write(0, f"Provisioner:\t{_s(sc.get('provisioner'))}\n")
    w.write(0, f"Parameters:\t{_format_labels(sc.get('parameters'))}\n")
    w.write(0, f"AllowVolumeExpansion:\t{_print_bool_ptr(sc.get('allowVolumeExpansion'))}\n")
    if not sc.get("mountOptions"):
        w.write(0, "MountOptions:\t<none>\n")
    else:
        w.write(0, "MountOptions:\n")
        for option in sc["mountOptions"]:
            w.write(1, f"{_s(option)}\n")
    if sc.get("reclaimPolicy") is not None:
        w.write(0, f"ReclaimPolicy:\t{_s(sc['reclaimPolicy'])}\n")
    if sc.get("volumeBindingMode") is not None:
        w.write(0, f"VolumeBindingMode:\t{_s(sc['volumeBindingMode'])}\n")
    if sc.get("allowedTopologies") is not None:
        w.write(0, "AllowedTopologies:\t")
        if not sc["allowedTopologies"]:
            w.write_line("<none>")
        else:
            w.write_line("")
            for i, term in enumerate(sc["allowedTopologies"]):
                w.write(1, f"Term {i}:\t")
                reqs = term.get("matchLabelExpressions") or []
                if not reqs:
                    w.write_line("<none>")
                    continue
                for j, req in enumerate(reqs):
                    if j:
                        w.write(1, "\t")
                    text = f"{_s(req.get('key'))} in"
                    if req.get("values"):
                        text += f" [{', '.join(req['values'])}]"
                    w.write(0, text + "\n")
    _describe_events(ctx, w, events)


def _describe_ingress_class(ctx: _Ctx, w, ic: dict) -> None:
    meta, spec = _meta(ic), ic.get("spec") or {}
    events = _events_for(ctx, ic)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Controller:\t{_s(spec.get('controller'))}\n")
    params = spec.get("parameters")
    if params is not None:
        w.write(0, "Parameters:\n")
        if params.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{_s(params['apiGroup'])}\n")
        w.write(1, f"Kind:\t{_s(params.get('kind'))}\n")
        w.write(1, f"Name:\t{_s(params.get('name'))}\n")
    _describe_events(ctx, w, events)


def _go_time_string(value) -> str:
    """metav1.Time String() (Go time.Time.String in UTC): `2026-11-22 02:33:25 +0000 UTC`."""
    t = _parse_time(value)
    text = f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    if t.microsecond:
        text += ("." + f"{t.microsecond:06d}").rstrip("0")
    return text + " +0000 UTC"


def _print_policy_peers(w, rules, indent: str, peers_key: str, label: str) -> None:
    isolated = "ingress" if peers_key == "from" else "egress"
    if not rules:
        w.write(0, f"{indent}<none> (Selected pods are isolated for {isolated} connectivity)\n")
        return
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.write(0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in ports:
            proto = port.get("protocol") or "TCP"
            number = "<nil>" if port.get("port") is None else _s(port.get("port"))
            if port.get("endPort") is None:
                w.write(0, f"{indent}To Port: {number}/{proto}\n")
            else:
                w.write(0, f"{indent}To Port Range: {number}-{_int(port['endPort'])}/{proto}\n")
        peers = rule.get(peers_key) or []
        if not peers:
            what = "source" if peers_key == "from" else "destination"
            w.write(0, f"{indent}{label}: <any> (traffic not restricted by {what})\n")
        for peer in peers:
            w.write(0, f"{indent}{label}:\n")
            pod_sel, ns_sel, block = peer.get("podSelector"), peer.get("namespaceSelector"), peer.get("ipBlock")
            if pod_sel is not None and ns_sel is not None:
                w.write(1, f"{indent}NamespaceSelector: {_format_label_selector(ns_sel)}\n")
                w.write(1, f"{indent}PodSelector: {_format_label_selector(pod_sel)}\n")
            elif pod_sel is not None:
                w.write(1, f"{indent}PodSelector: {_format_label_selector(pod_sel)}\n")
            elif ns_sel is not None:
                w.write(1, f"{indent}NamespaceSelector: {_format_label_selector(ns_sel)}\n")
            elif block is not None:
                w.write(1, f"{indent}IPBlock:\n")
                w.write(2, f"{indent}CIDR: {_s(block.get('cidr'))}\n")
                w.write(2, f"{indent}Except: {', '.join(block.get('except') or [])}\n")
        if i != len(rules) - 1:
            w.write(0, f"{indent}----------\n")


def _describe_network_policy(ctx: _Ctx, w, np_: dict) -> None:
    meta, spec = _meta(np_), np_.get("spec") or {}
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"Created on:\t{_go_time_string(meta.get('creationTimestamp'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    pod_sel = spec.get("podSelector") or {}
    if not pod_sel.get("matchLabels") and not pod_sel.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, f"{_format_label_selector(pod_sel)}\n")
    types = spec.get("policyTypes") or []
    if "Ingress" in types:
        w.write(1, "Allowing ingress traffic:\n")
        _print_policy_peers(w, spec.get("ingress"), "    ", "from", "From")
    else:
        w.write(1, "Not affecting ingress traffic\n")
    if "Egress" in types:
        w.write(1, "Allowing egress traffic:\n")
        _print_policy_peers(w, spec.get("egress"), "    ", "to", "To")
    else:
        w.write(1, "Not affecting egress traffic\n")
    w.write(1, f"Policy Types: {', '.join(types) if types else '<none>'}\n")


def _describe_role_binding(ctx: _Ctx, w, binding: dict) -> None:
    meta, ref = _meta(binding), binding.get("roleRef") or {}
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{_s(ref.get('kind'))}\n")
    w.write(1, f"Name:\t{_s(ref.get('name'))}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for subject in binding.get("subjects") or []:
        w.write(1, f"{_s(subject.get('kind'))}\t{_s(subject.get('name'))}\t{_s(subject.get('namespace'))}\n")


# --------------------------------------------------------------------------------------------
# Generic describer (kinds without a dedicated describer)
# --------------------------------------------------------------------------------------------


def _camel_split(src: str) -> list[str]:
    """github.com/fatih/camelcase Split."""
    runs: list[list[str]] = []
    last = 0
    for ch in src:
        if ch.islower():
            cls = 1
        elif ch.isupper():
            cls = 2
        elif ch.isdigit():
            cls = 3
        else:
            cls = 4
        if cls == last and runs:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = cls
    for i in range(len(runs) - 1):
        if runs[i] and runs[i + 1] and runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1] = [runs[i][-1]] + runs[i + 1]
            runs[i] = runs[i][:-1]
    return ["".join(r) for r in runs if r]


def _go_title(word: str) -> str:
    """strings.Title: upper-case the first letter of every word (words split at non-letters)."""
    out = []
    prev_letter = False
    for ch in word:
        is_letter = ch.isalpha() or ch.isdigit() or ch == "_" or ch == "'"
        out.append(ch.upper() if is_letter and not prev_letter else ch)
        prev_letter = is_letter
    return "".join(out)


def _smart_label(field: str) -> str:
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = []
    for part in _camel_split(field):
        if part == "_":
            continue
        if part.upper() in ("API", "URL", "UID", "OSB", "GUID"):
            parts.append(part.upper())
        else:
            parts.append(_go_title(part))
    return " ".join(parts)


def _go_value(value) -> str:
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return _b(value)
    if isinstance(value, float):
        return _go_float(value)
    return str(value)


def _print_unstructured(w, level: int, content: dict, skip_prefix: str, skip: set[str]) -> None:
    for field in sorted(content):
        value = content[field]
        skip_expr = f"{skip_prefix}.{field}"
        if skip_expr in skip:
            continue
        if isinstance(value, dict):
            w.write(level, f"{_smart_label(field)}:\n")
            _print_unstructured(w, level + 1, value, skip_expr, skip)
        elif isinstance(value, list):
            w.write(level, f"{_smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _print_unstructured(w, level + 1, child, skip_expr, skip)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{_smart_label(field)}:\t{_go_value(value)}\n")


def _describe_generic(ctx: _Ctx, w, obj: dict, resource) -> None:
    meta = _meta(obj)
    events = _events_for(ctx, obj)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    skip = {
        ".metadata.managedFields",
        ".metadata.name",
        ".metadata.namespace",
        ".metadata.labels",
        ".metadata.annotations",
    }
    _print_unstructured(w, 0, obj, "", skip)
    _describe_events(ctx, w, events)


_DESCRIBERS = {
    ("", "Pod"): _describe_pod,
    ("apps", "ReplicaSet"): _describe_replicaset,
    ("apps", "Deployment"): _describe_deployment,
    ("apps", "DaemonSet"): _describe_daemonset,
    ("apps", "StatefulSet"): _describe_statefulset,
    ("batch", "Job"): _describe_job,
    ("", "Service"): _describe_service,
    ("", "Endpoints"): _describe_endpoints,
    ("discovery.k8s.io", "EndpointSlice"): _describe_endpoint_slice,
    ("networking.k8s.io", "Ingress"): _describe_ingress,
    ("extensions", "Ingress"): _describe_ingress,
    ("", "Node"): _describe_node,
    ("", "Namespace"): _describe_namespace,
    ("", "ConfigMap"): _describe_configmap,
    ("", "Secret"): _describe_secret,
    ("", "PersistentVolumeClaim"): _describe_pvc,
    ("", "PersistentVolume"): _describe_pv,
    ("batch", "CronJob"): _describe_cronjob,
    ("", "ServiceAccount"): _describe_service_account,
    ("", "ResourceQuota"): _describe_resource_quota,
    ("", "LimitRange"): _describe_limit_range,
    ("policy", "PodDisruptionBudget"): _describe_pdb,
    ("scheduling.k8s.io", "PriorityClass"): _describe_priority_class,
    ("storage.k8s.io", "StorageClass"): _describe_storage_class,
    ("networking.k8s.io", "IngressClass"): _describe_ingress_class,
    ("networking.k8s.io", "NetworkPolicy"): _describe_network_policy,
    ("rbac.authorization.k8s.io", "RoleBinding"): _describe_role_binding,
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): _describe_role_binding,
}
