"""Name and label syntax (apimachinery pkg/util/validation), each rule worded as the server words it."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ..messages import CATALOGUE

_DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + "(\\." + _DNS1123_LABEL + ")*"
_DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = "(" + _QUALIFIED_NAME + ")?"
_WILDCARD = "\\*\\." + _DNS1123_SUBDOMAIN
_CONFIG_KEY = "[-._a-zA-Z0-9]+"
_ENV_NAME = "[-._a-zA-Z][-._a-zA-Z0-9]*"
_PERCENT = "[0-9]+%"

Rule = tuple[str, str]  # (English detail exactly as the server gives it, Korean explanation)


def _rule(code: str, **params: Any) -> Rule:
    entry = CATALOGUE[code]
    return entry.en.format(**params), entry.ko.format(**params)


def _prefixed(prefix_en: str, prefix_ko: str, rules: list[Rule]) -> list[Rule]:
    return [(prefix_en + en, prefix_ko + ko) for en, ko in rules]


def _blen(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def dns1123_label(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 63:
        errs.append(_rule("rule.max_len", max=63))
    if not re.fullmatch(_DNS1123_LABEL, value):
        if re.fullmatch(_DNS1123_SUBDOMAIN, value):
            errs.append(_rule("rule.no_dots"))
        else:
            errs.append(_rule("rule.dns1123_label"))
    return errs


def dns1123_subdomain(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 253:
        errs.append(_rule("rule.max_len", max=253))
    if not re.fullmatch(_DNS1123_SUBDOMAIN, value):
        errs.append(_rule("rule.dns1123_subdomain"))
    return errs


def dns1035_label(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 63:
        errs.append(_rule("rule.max_len", max=63))
    if not re.fullmatch(_DNS1035_LABEL, value):
        errs.append(_rule("rule.dns1035_label"))
    return errs


def wildcard_subdomain(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 253:
        errs.append(_rule("rule.max_len", max=253))
    if not re.fullmatch(_WILDCARD, value):
        errs.append(_rule("rule.wildcard_subdomain"))
    return errs


def path_segment_name(value: str) -> list[Rule]:
    """apimachinery path.IsValidPathSegmentName: what RBAC object names must be."""
    if value in (".", ".."):
        return [_rule("rule.path_segment_dots", name=value)]
    return [_rule("rule.path_segment_char", char=c) for c in ("/", "%") if c in value]


def qualified_name(value: str) -> list[Rule]:
    """A label key or annotation key: ``[prefix/]name``."""
    parts = value.split("/")
    errs: list[Rule] = []
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append(_rule("rule.prefix_empty"))
        else:
            errs += _prefixed("prefix part ", CATALOGUE["rule.prefix_part"].ko, dns1123_subdomain(prefix))
    else:
        return [_rule("rule.qualified_name")]
    if not name:
        errs.append(_rule("rule.name_part_empty"))
    elif _blen(name) > 63:
        errs += _prefixed("name part ", CATALOGUE["rule.name_part"].ko, [_rule("rule.max_len", max=63)])
    if not re.fullmatch(_QUALIFIED_NAME, name):
        errs.append(_rule("rule.name_part_syntax"))
    return errs


def label_value(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 63:
        errs.append(_rule("rule.max_len", max=63))
    if not re.fullmatch(_LABEL_VALUE, value):
        errs.append(_rule("rule.label_value"))
    return errs


def port_name(value: str) -> list[Rule]:
    """IANA_SVC_NAME: what a container port's name must be."""
    errs = []
    if _blen(value) > 15:
        errs.append(_rule("rule.max_len", max=15))
    if not re.fullmatch("[-a-z0-9]+", value):
        errs.append(_rule("rule.port_name_chars"))
    if not re.search("[a-z]", value):
        errs.append(_rule("rule.port_name_letter"))
    if "--" in value:
        errs.append(_rule("rule.port_name_hyphens"))
    if value and (value[0] == "-" or value[-1] == "-"):
        errs.append(_rule("rule.port_name_ends"))
    return errs


def _chdir_prefix(value: str) -> list[Rule]:
    if value in (".", ".."):
        return [_rule("rule.not_dots", name=value)]
    if value.startswith(".."):
        return [_rule("rule.no_dotdot_prefix")]
    return []


def config_key(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 253:
        errs.append(_rule("rule.max_len", max=253))
    if not re.fullmatch(_CONFIG_KEY, value):
        errs.append(_rule("rule.config_key"))
    return errs + _chdir_prefix(value)


def env_var_name(value: str, relaxed: bool) -> list[Rule]:
    if relaxed:  # RelaxedEnvironmentVariableValidation, on by default from 1.32
        errs = [] if value else [_rule("rule.env_name_empty")]
        if any(ord(c) > 0x7E or ord(c) < 0x20 or c == "=" for c in value):
            errs.append(_rule("rule.env_name_relaxed"))
        return errs
    errs = [] if re.fullmatch(_ENV_NAME, value) else [_rule("rule.env_name")]
    return errs + _chdir_prefix(value)


def is_percent(value: str) -> bool:
    return re.fullmatch(_PERCENT, value) is not None


def _is_ip(value: str) -> bool:
    """netutils.ParseIPSloppy: IPv4 may carry leading zeros; no zone, no brackets."""
    if not isinstance(value, str) or not value or "%" in value:
        return False
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", value):
        return all(int(p) <= 255 for p in value.split("."))
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv6Address)
    except ValueError:
        return False


def _is_cidr(value: str) -> bool:
    if not isinstance(value, str) or "/" not in value:
        return False
    ip, _, bits = value.partition("/")
    if not _is_ip(ip) or not bits.isdigit():
        return False
    return int(bits) <= (32 if "." in ip and ":" not in ip else 128)
