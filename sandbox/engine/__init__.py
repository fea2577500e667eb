"""The sandbox engine: a simulated Kubernetes cluster in pure Python (no Django imports).

``from sandbox.engine import Cluster`` is the facade. It is imported lazily, so that code which
only validates manifests (``sandbox.engine.validate``) does not pay for the whole simulator.
"""

from __future__ import annotations

__all__ = ["ApplyResult", "Cluster", "Quotas"]


def __getattr__(name: str):
    if name in __all__:
        from . import cluster

        return getattr(cluster, name)
    raise AttributeError(f"module 'sandbox.engine' has no attribute {name!r}")
