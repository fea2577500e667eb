"""The simulated control plane: one module per controller, each a Component with a reconcile().

COMPONENTS lists them in the order they are created; the order is part of determinism.
"""

from __future__ import annotations

from .deployment import DeploymentController
from .endpoints import EndpointsController
from .garbagecollector import GarbageCollector
from .ingress import IngressController
from .kubelets import Kubelet
from .kubeproxy import KubeProxy
from .namespace import NamespaceController
from .replicaset import ReplicaSetController
from .scheduling import Scheduler

# ReplicaSets before Deployments: within one instant, ReplicaSets act on the sizes the Deployment set
# a moment earlier before it resizes them again, so a rollout never has more pods than replicas + maxSurge.
COMPONENTS: list = [GarbageCollector, NamespaceController, ReplicaSetController, DeploymentController, Scheduler]
# The node agents act on what the scheduler decided (kubelets.py: one component for every node).
COMPONENTS += [Kubelet]
# Networking comes after the workload controllers and the scheduler (keep these last, in this order):
# endpoints from pods, kube-proxy's tables from the slices, the ingress controller's status.
COMPONENTS += [EndpointsController, KubeProxy, IngressController]

# Engine III workloads, storage and autoscaling (after the existing entries, in this order).
from .cronjob import CronJobController  # noqa: E402
from .daemonset import DaemonSetController  # noqa: E402
from .hpa import HorizontalPodAutoscalerController  # noqa: E402
from .job import JobController  # noqa: E402
from .metrics_server import MetricsServer  # noqa: E402
from .statefulset import StatefulSetController  # noqa: E402
from .volumes import PersistentVolumeController  # noqa: E402

COMPONENTS += [PersistentVolumeController, DaemonSetController, StatefulSetController, JobController,
               CronJobController, MetricsServer, HorizontalPodAutoscalerController]

# Engine IV node lifecycle and disruptions (after the existing entries, in this order): the node lifecycle
# and taint eviction controller, the PodDisruptionBudget (disruption) controller, and the client that
# retries the evictions of a drain started from the live view's fault buttons.
from .disruption import DisruptionController, Drainer  # noqa: E402
from .nodelifecycle import NodeLifecycleController  # noqa: E402

COMPONENTS += [NodeLifecycleController, DisruptionController, Drainer]
