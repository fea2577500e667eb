"""Quantities (apimachinery pkg/api/resource): ``resource.ParseQuantity`` and the canonical form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .values import _go_float


class QuantityError(ValueError):
    """Why ``resource.ParseQuantity`` refuses a string; ``str()`` is its error text."""


_QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
_QUANTITY_SUFFIX = "unable to parse quantity's suffix"
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIX = {v: k for k, v in _DECIMAL.items()}
_MAX_QUANTITY = Fraction(2**63 - 1)


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: its exact value and the format its canonical form is printed in."""

    value: Fraction
    format: str  # "BinarySI" | "DecimalSI" | "DecimalExponent"

    def __str__(self) -> str:
        return _canonical(self)


def _split_quantity(text: str) -> tuple[bool, str, str, str]:
    """parseQuantityString: (positive, numerator, denominator, suffix) or QuantityError."""
    positive, pos, end = True, 0, len(text)
    if end and text[0] in "+-":
        positive, pos = text[0] != "-", 1
    while pos < end and text[pos] == "0":
        pos += 1
    if pos >= end:
        return positive, "0", "", ""
    start = pos
    while pos < end and text[pos] in "0123456789":
        pos += 1
    num = text[start:pos] or "0"
    denom = ""
    if pos < end and text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos] in "0123456789":
            pos += 1
        denom = text[start:pos]
    suffix_start = pos
    while pos < end and text[pos] in "eEinumkKMGTP":
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in "0123456789":
        pos += 1
    if pos < end:
        raise QuantityError(_QUANTITY_FORMAT)
    return positive, num, denom, text[suffix_start:]


def parse_quantity(text: Any) -> Quantity:
    """``resource.ParseQuantity`` for a YAML value (strings as written, numbers as JSON sends them)."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise QuantityError(_QUANTITY_FORMAT)
    if isinstance(text, float):
        text = _go_float(text) if text == text and abs(text) != float("inf") else "x"
    text = str(text).strip()
    if not text:
        raise QuantityError(_QUANTITY_FORMAT)
    positive, num, denom, suffix = _split_quantity(text)
    if suffix in _BINARY:
        base, exponent, fmt = 2, _BINARY[suffix], "BinarySI"
    elif suffix in _DECIMAL:
        base, exponent, fmt = 10, _DECIMAL[suffix], "DecimalSI"
    elif len(suffix) > 1 and suffix[0] in "eE" and re.fullmatch(r"[+-]?\d{1,18}", suffix[1:]):
        base, exponent, fmt = 10, int(suffix[1:]), "DecimalExponent"
    else:
        raise QuantityError(_QUANTITY_SUFFIX)
    value = Fraction(int(num + denom), 10 ** len(denom)) * Fraction(base) ** exponent
    if not positive:
        value = -value
    scaled = abs(value) * 10**9  # values finer than a nano are rounded up, away from zero
    if scaled.denominator != 1:
        nanos = -(-scaled.numerator // scaled.denominator)
        value = Fraction(nanos if value > 0 else -nanos, 10**9)
    if abs(value) > _MAX_QUANTITY:
        value = _MAX_QUANTITY if value > 0 else -_MAX_QUANTITY
    return Quantity(value, fmt)


def _canonical(q: Quantity) -> str:
    """Quantity.String(): the canonical form the server prints (``1.5`` -> ``1500m``, ``1024Mi`` -> ``1Gi``)."""
    value, fmt = q.value, q.format
    if value == 0:
        return "0"
    if fmt == "BinarySI" and (-1024 < value < 1024 or value.denominator != 1):
        fmt = "DecimalSI"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if fmt == "BinarySI":
        amount, times = int(value), 0
        while amount >= 1024 and amount % 1024 == 0 and times < 6:
            amount //= 1024
            times += 1
        return f"{sign}{amount}{['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][times]}"
    scale = 0
    while (value * 10**scale).denominator != 1:
        scale += 1
    mantissa, exponent = int(value * 10**scale), -scale
    while mantissa >= 10 and mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    rem = exponent - 3 * int(exponent / 3)  # Go's % truncates toward zero
    if rem in (1, -2):
        mantissa, exponent = mantissa * 10, exponent - 1
    elif rem in (2, -1):
        mantissa, exponent = mantissa * 100, exponent - 2
    if fmt == "DecimalSI" and exponent in _DECIMAL_SUFFIX:
        return f"{sign}{mantissa}{_DECIMAL_SUFFIX[exponent]}"
    return f"{sign}{mantissa}" + (f"e{exponent}" if exponent else "")
