"""The metrics-server stand-in: keeps the traffic the simulated metrics come from (see ``metrics.py``)."""

from __future__ import annotations

from .base import Component


class MetricsServer(Component):
    """Holds the traffic the metrics are computed from; it reconciles nothing."""

    caller = "metrics-server"
    name = "metrics-server"
    watches = ()

    def __init__(self, cluster):
        super().__init__(cluster)
        self.loads: dict[str, float] = {}  # "Kind/namespace/name" -> requests per second
        self.records: dict[str, list[list[float]]] = {}  # "namespace/pod" -> [[start, count, window]]

    def dump(self) -> dict:
        return {"loads": dict(sorted(self.loads.items())), "records": {k: v for k, v in sorted(self.records.items())}}

    def load(self, data: dict) -> None:
        self.loads = {k: float(v) for k, v in (data.get("loads") or {}).items()}
        self.records = {k: [list(r) for r in v] for k, v in (data.get("records") or {}).items()}
