"""The sandbox engine: a simulated Kubernetes cluster in pure Python (no Django imports)."""

from .cluster import ApplyResult, Cluster, Quotas

__all__ = ["ApplyResult", "Cluster", "Quotas"]
