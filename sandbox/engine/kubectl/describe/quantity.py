"""Just enough of resource.Quantity for describe: canonical strings, sums, maxima and comparisons."""

from __future__ import annotations

import math
from fractions import Fraction

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
