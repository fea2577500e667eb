"""What the real API server checks beyond the OpenAPI schema, worded as it words it.

The schema layer (``schema.py``) catches unknown fields and wrong types; this package does the rest
of what ``kubectl apply`` would meet on a real cluster: name and label syntax, selectors against
template labels, ports, duplicate names, enums, quantities, immutable fields on update, API versions
that are no longer served, and kinds that do not exist. Sources are the Go validators
(apimachinery ``pkg/util/validation``, ``pkg/apis/{core,apps,batch,networking}/validation``); each
rule reproduces the field path, the error type and the detail text exactly, so that
``message_en`` is what kubectl prints for a single cause:
``The {Kind} "{name}" is invalid: {path}: {Type}: {value}: {detail}``.

Defaults are applied in the head, not to the document: a check that the server runs after
defaulting (a Job template's restartPolicy, a Deployment's rolling-update percentages) reads the
defaulted value. Rules never raise on a value of the wrong type; they skip it, because the
schema layer reports it.

Where things are: ``create`` (the entry point ``check`` and its per-kind validators, one module
per kind family: ``podspec``, ``containers``, ``env``, ``volumes``, ``scheduling``, ``workloads``,
``batch``, ``services``, ``ingress``, ``config``, ``storage``, ``networkpolicy``, ``autoscaling``,
``cluster_scoped``), ``updates`` (``check_update``), ``apis`` (``removed_api``, ``unknown_kind``),
``deprecations`` (``deprecation_warnings``); the building blocks they share are ``context`` (one
validation run), ``metadata``, ``selectors``, ``syntax`` (name and label rules), ``values`` (Go's
rendering of values), ``quantities``, ``korean`` (particles) and ``_common``.
"""

from __future__ import annotations

from .apis import removed_api, unknown_kind
from .batch import cron_error
from .create import check
from .deprecations import deprecation_warnings
from .ingress import convert_ingress_v1beta1
from .korean import josa
from .quantities import Quantity, QuantityError, parse_quantity
from .updates import check_update

__all__ = [
    "check",
    "check_update",
    "removed_api",
    "unknown_kind",
    "deprecation_warnings",
    "convert_ingress_v1beta1",
    "parse_quantity",
    "Quantity",
    "QuantityError",
    "cron_error",
    "josa",
]
