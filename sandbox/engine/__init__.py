"""The sandbox engine: a simulated Kubernetes cluster in pure Python (no Django imports)."""
