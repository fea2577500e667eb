"""The simulated control plane: one module per controller, each a Component with a reconcile().

COMPONENTS lists them in the order they are created; the order is part of determinism.
"""

from __future__ import annotations

from .garbagecollector import GarbageCollector
from .namespace import NamespaceController
from .scheduling import Scheduler

COMPONENTS: list = [GarbageCollector, NamespaceController, Scheduler]
