"""rules.py: what the API server rejects beyond the schema, worded as kubectl prints it.

Each rule is a row: a small manifest that breaks it, the code, the API field path, the exact
``message_en`` (kubectl's single-cause form) and the line the error points at; valid manifests of
every kind pass; removed API versions at the versions they stop being served; the Ingress
conversion of the source notes' manifest; wrong types never crash; and the verdicts on the real
manifests of the corpus are pinned.
"""

from __future__ import annotations

import copy
import glob
import os
import re
import textwrap

import pytest

from tests.engine import corpus
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.engine import rules
from sandbox.engine.manifests import Document, parse_documents
from sandbox.engine.messages import CATALOGUE, Issue

SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1035 = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation "
    "is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
LABEL_VALUE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
NAME_PART = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
QUANTITY_REGEX = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


def doc_of(text: str, file: str = "test.yaml") -> Document:
    docs = parse_documents(textwrap.dedent(text).lstrip("\n"), file)
    assert len(docs) == 1 and docs[0].error is None, docs
    return docs[0]


def check(text: str, version: str = "1.32") -> list[Issue]:
    return rules.check(doc_of(text), version)


# --- manifests that break one rule each -----------------------------------------------------------

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: {label}
    spec:
      containers:
      - name: web
        image: nginx:1.27
"""

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: web
    image: nginx:1.27
{extra}
"""


def pod(extra: str) -> str:
    """A Pod whose one container gets ``extra`` (indented under the container) from line 8."""
    return POD.format(extra=textwrap.indent(textwrap.dedent(extra).strip("\n"), "    "))


SERVICE = """
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
{spec}
"""


def service(spec: str) -> str:
    return SERVICE.format(spec=textwrap.indent(textwrap.dedent(spec).strip("\n"), "  "))


INGRESS = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: {path}
{extra}
        backend:
          service:
            name: web
            port:
              number: 80
"""


def ingress(path: str = "/", extra: str = "        pathType: Prefix") -> str:
    return INGRESS.format(path=path, extra=extra)


CASES = [
    # 1. object names
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web").replace("name: web\nspec", "name: Web_App\nspec"),
        "name.invalid", "metadata.name",
        f'The Deployment "Web_App" is invalid: metadata.name: Invalid value: "Web_App": {SUBDOMAIN}', 4,
        id="deployment-name-subdomain",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev.team\n",
        "name.invalid", "metadata.name",
        'The Namespace "dev.team" is invalid: metadata.name: Invalid value: "dev.team": must not contain dots', 4,
        id="namespace-name-label",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Dev\n",
        "name.invalid", "metadata.name",
        f'The Namespace "Dev" is invalid: metadata.name: Invalid value: "Dev": {LABEL}', 4,
        id="namespace-name-upper",
    ),
    pytest.param(
        service("ports: [{port: 80}]").replace("name: web", "name: 1web"),
        "name.invalid", "metadata.name",
        f'The Service "1web" is invalid: metadata.name: Invalid value: "1web": {DNS1035}', 4,
        id="service-name-dns1035",
    ),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {app: web}\ndata: {a: b}\n",
        "name.required", "metadata.name",
        'The ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required', 3,
        id="name-required",
    ),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: Dev_1\n",
        "namespace.invalid", "metadata.namespace",
        f'The ConfigMap "c" is invalid: metadata.namespace: Invalid value: "Dev_1": {LABEL}', 5,
        id="namespace-field-label",
    ),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: Web_\n",
        "name.invalid", "metadata.generateName",
        f'The ConfigMap "Web_" is invalid: metadata.generateName: Invalid value: "Web_": {SUBDOMAIN}', 4,
        id="generate-name",
    ),
    pytest.param(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: " + "a" * 53 + "\nspec:\n  schedule: '* * * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        "          containers: [{name: c, image: busybox}]\n",
        "name.invalid", "metadata.name",
        f'The CronJob "{"a" * 53}" is invalid: metadata.name: Invalid value: "{"a" * 53}": '
        "must be no more than 52 characters", 4,
        id="cronjob-name-52",
    ),
    # 2. labels, annotations, selector values
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    bad key: x\n",
        "label.invalid", "metadata.labels",
        f'The ConfigMap "c" is invalid: metadata.labels: Invalid value: "bad key": {NAME_PART}', 6,
        id="label-key",
    ),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app: hello world\n",
        "label.invalid", "metadata.labels",
        f'The ConfigMap "c" is invalid: metadata.labels: Invalid value: "hello world": {LABEL_VALUE}', 6,
        id="label-value",
    ),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app: " + "v" * 64 + "\n",
        "label.invalid", "metadata.labels",
        f'The ConfigMap "c" is invalid: metadata.labels: Invalid value: "{"v" * 64}": must be no more than 63 '
        "characters", 6,
        id="label-value-too-long",
    ),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    a/b/c: x\n",
        "annotation.invalid", "metadata.annotations",
        'The ConfigMap "c" is invalid: metadata.annotations: Invalid value: "a/b/c": a qualified name must consist '
        "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
        "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
        "'example.com/MyName')", 6,
        id="annotation-key",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web").replace("      app: web\n  template", "      app: a b\n  template"),
        "label.invalid", "spec.selector.matchLabels",
        f'The Deployment "web" is invalid: spec.selector.matchLabels: Invalid value: "a b": {LABEL_VALUE}', 9,
        id="selector-value",
    ),
    # 3. workloads
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="nginx"),
        "selector.mismatch", "spec.template.metadata.labels",
        'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: '
        'map[string]string{"app":"nginx"}: `selector` does not match template `labels`', 12,
        id="selector-mismatch",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web").replace(
            "    matchLabels:\n      app: web\n",
            "    matchExpressions:\n    - {key: tier, operator: In, values: [front]}\n"),
        "selector.mismatch", "spec.template.metadata.labels",
        'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: '
        'map[string]string{"app":"web"}: `selector` does not match template `labels`', 12,
        id="selector-mismatch-expression-in",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web").replace(
            "    matchLabels:\n      app: web\n",
            "    matchExpressions:\n    - {key: app, operator: DoesNotExist}\n"),
        "selector.mismatch", "spec.template.metadata.labels",
        'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: '
        'map[string]string{"app":"web"}: `selector` does not match template `labels`', 12,
        id="selector-mismatch-expression-does-not-exist",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web").replace("    matchLabels:\n      app: web\n", "    {}\n"),
        "selector.empty", "spec.selector",
        'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        "map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid "
        "for deployment", 7,
        id="selector-empty",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web").replace(
            "    matchLabels:\n      app: web\n",
            "    matchExpressions:\n    - {key: app, operator: in, values: [web]}\n"),
        "selector.invalid", "spec.selector.matchExpressions[0].operator",
        'The Deployment "web" is invalid: spec.selector.matchExpressions[0].operator: Invalid value: "in": not a '
        "valid selector operator", 9,
        id="selector-operator",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=-1, label="web"),
        "value.negative", "spec.replicas",
        'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0', 6,
        id="replicas-negative",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web") + "      restartPolicy: Never\n",
        "restart_policy.unsupported", "spec.template.spec.restartPolicy",
        'The Deployment "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported '
        'values: "Always"', 18,
        id="deployment-restart-never",
    ),
    pytest.param(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: pi\n        image: perl:5.34\n",
        "restart_policy.unsupported", "spec.template.spec.restartPolicy",
        'The Job "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: '
        '"OnFailure", "Never"', 7,
        id="job-restart-default",
    ),
    pytest.param(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n  schedule: '*/1 * * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n"
        "          - {name: hello, image: busybox}\n",
        "restart_policy.unsupported", "spec.jobTemplate.spec.template.spec.restartPolicy",
        'The CronJob "hello" is invalid: spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: '
        '"Always": supported values: "OnFailure", "Never"', 10,
        id="cronjob-restart-default",
    ),
    pytest.param(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n  schedule: '* * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        "          containers:\n          - {name: hello, image: busybox}\n",
        "cronjob.schedule_invalid", "spec.schedule",
        'The CronJob "hello" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, '
        "found 4: [* * * *]", 6,
        id="cronjob-schedule",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web")
        + "  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n",
        "strategy.invalid", "spec.strategy.rollingUpdate.maxUnavailable",
        'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: '
        'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0', 19,
        id="strategy-both-zero",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web") + "  strategy:\n    rollingUpdate:\n      maxUnavailable: 110%\n",
        "strategy.invalid", "spec.strategy.rollingUpdate.maxUnavailable",
        'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: '
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%', 20,
        id="strategy-over-100",
    ),
    pytest.param(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  selector:\n    matchLabels: {app: ds}\n"
        "  updateStrategy:\n    rollingUpdate: {maxSurge: 1}\n  template:\n    metadata:\n      labels: {app: ds}\n"
        "    spec:\n      containers: [{name: c, image: busybox}]\n",
        "strategy.invalid", "spec.updateStrategy.rollingUpdate.maxSurge",
        'The DaemonSet "ds" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: '
        'intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero', 9,
        id="daemonset-surge-with-default-unavailable",
    ),
    pytest.param(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db.primary\nspec:\n  serviceName: db\n"
        "  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n"
        "    spec:\n      containers: [{name: c, image: postgres}]\n",
        "name.invalid", "metadata.name",
        'The StatefulSet "db.primary" is invalid: metadata.name: Invalid value: "db.primary": must not contain dots',
        4,
        id="statefulset-name-label",
    ),
    # 4. pod specs
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n",
        "containers.required", "spec.containers", 'The Pod "p" is invalid: spec.containers: Required value', 6,
        id="containers-empty",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
        "containers.required", "spec.containers", 'The Pod "p" is invalid: spec.containers: Required value', 1,
        id="pod-without-spec",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n",
        "container.image_required", "spec.containers[0].image",
        'The Pod "p" is invalid: spec.containers[0].image: Required value', 7,
        id="image-required",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: Web, image: nginx}\n",
        "container.name_invalid", "spec.containers[0].name",
        f'The Pod "p" is invalid: spec.containers[0].name: Invalid value: "Web": {LABEL}', 7,
        id="container-name-label",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: web, image: nginx}\n"
        "  - {name: web, image: redis}\n",
        "container.name_duplicate", "spec.containers[1].name",
        'The Pod "p" is invalid: spec.containers[1].name: Duplicate value: "web"', 8,
        id="container-duplicate",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - {name: web, image: busybox}\n"
        "  containers:\n  - {name: web, image: nginx}\n",
        "container.name_duplicate", "spec.initContainers[0].name",
        'The Pod "p" is invalid: spec.initContainers[0].name: Duplicate value: "web"', 7,
        id="init-container-duplicate",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 70000"),
        "port.out_of_range", "spec.containers[0].ports[0].containerPort",
        'The Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 '
        "and 65535, inclusive", 10,
        id="container-port-range",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  hostPort: 65536"),
        "port.out_of_range", "spec.containers[0].ports[0].hostPort",
        'The Pod "p" is invalid: spec.containers[0].ports[0].hostPort: Invalid value: 65536: must be between 1 and '
        "65535, inclusive", 11,
        id="host-port-range",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  name: abcdefghijklmnop"),
        "port.name_invalid", "spec.containers[0].ports[0].name",
        'The Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "abcdefghijklmnop": must be no more '
        "than 15 characters", 11,
        id="port-name-length",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  name: Http"),
        "port.name_invalid", "spec.containers[0].ports[0].name",
        'The Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "Http": must contain only '
        "alpha-numeric characters (a-z, 0-9), and hyphens (-)", 11,
        id="port-name-chars",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  name: '8080'"),
        "port.name_invalid", "spec.containers[0].ports[0].name",
        'The Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "8080": must contain at least one '
        "letter (a-z)", 11,
        id="port-name-letter",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  name: a--b"),
        "port.name_invalid", "spec.containers[0].ports[0].name",
        'The Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "a--b": must not contain '
        "consecutive hyphens", 11,
        id="port-name-hyphens",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  name: web-"),
        "port.name_invalid", "spec.containers[0].ports[0].name",
        'The Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "web-": must not begin or end with '
        "a hyphen", 11,
        id="port-name-ends",
    ),
    pytest.param(
        pod("ports:\n- {containerPort: 80, name: http}\n- {containerPort: 81, name: http}"),
        "port.name_duplicate", "spec.containers[0].ports[1].name",
        'The Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "http"', 11,
        id="port-name-duplicate",
    ),
    pytest.param(
        pod("ports:\n- containerPort: 80\n  protocol: tcp"),
        "value.unsupported", "spec.containers[0].ports[0].protocol",
        'The Pod "p" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: '
        '"SCTP", "TCP", "UDP"', 11,
        id="protocol",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: always\n"
        "  containers: [{name: web, image: nginx}]\n",
        "value.unsupported", "spec.restartPolicy",
        'The Pod "p" is invalid: spec.restartPolicy: Unsupported value: "always": supported values: "Always", '
        '"OnFailure", "Never"', 6,
        id="pod-restart-policy",
    ),
    pytest.param(
        pod("imagePullPolicy: always"),
        "value.unsupported", "spec.containers[0].imagePullPolicy",
        'The Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: '
        '"Always", "IfNotPresent", "Never"', 9,
        id="image-pull-policy",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  dnsPolicy: clusterfirst\n"
        "  containers: [{name: web, image: nginx}]\n",
        "value.unsupported", "spec.dnsPolicy",
        'The Pod "p" is invalid: spec.dnsPolicy: Unsupported value: "clusterfirst": supported values: '
        '"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"', 6,
        id="dns-policy",
    ),
    pytest.param(
        pod("resources:\n  limits:\n    cpu: 500x"),
        "quantity.invalid", "spec.containers[0].resources.limits[cpu]",
        'Error from server (BadRequest): error when creating "test.yaml": Pod in version "v1" cannot be handled as a '
        f"Pod: {QUANTITY_REGEX}", 11,
        id="quantity-format",
    ),
    pytest.param(
        DEPLOYMENT.format(replicas=1, label="web") + "        resources:\n          requests: {memory: 1K}\n",
        "quantity.invalid", "spec.template.spec.containers[0].resources.requests[memory]",
        'Error from server (BadRequest): error when creating "test.yaml": Deployment in version "v1" cannot be '
        "handled as a Deployment: unable to parse quantity's suffix", 19,
        id="quantity-suffix",
    ),
    pytest.param(
        pod('resources:\n  limits:\n    cpu: "-1"'),
        "quantity.negative", "spec.containers[0].resources.limits[cpu]",
        'The Pod "p" is invalid: spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than '
        "or equal to 0", 11,
        id="quantity-negative",
    ),
    pytest.param(
        pod('resources:\n  requests:\n    cpu: "2"\n  limits:\n    cpu: "1"'),
        "resources.request_exceeds_limit", "spec.containers[0].resources.requests",
        'The Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or '
        "equal to cpu limit of 1", 11,
        id="request-over-limit-cpu",
    ),
    pytest.param(
        pod("resources:\n  requests:\n    memory: 1Gi\n  limits:\n    memory: 1G"),
        "resources.request_exceeds_limit", "spec.containers[0].resources.requests",
        'The Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or '
        "equal to memory limit of 1G", 11,
        id="request-over-limit-binary-vs-decimal",
    ),
    pytest.param(
        pod("resources:\n  requests:\n    cpu: 1.5\n  limits:\n    cpu: 1200m"),
        "resources.request_exceeds_limit", "spec.containers[0].resources.requests",
        'The Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "1500m": must be less than '
        "or equal to cpu limit of 1200m", 11,
        id="request-over-limit-canonical",
    ),
    pytest.param(
        pod("volumeMounts:\n- name: data\n  mountPath: /data"),
        "volume_mount.not_found", "spec.containers[0].volumeMounts[0].name",
        'The Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"', 10,
        id="volume-mount-not-found",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: web, image: nginx}]\n"
        "  volumes:\n  - {name: data, emptyDir: {}}\n  - {name: data, emptyDir: {}}\n",
        "volume.name_duplicate", "spec.volumes[1].name",
        'The Pod "p" is invalid: spec.volumes[1].name: Duplicate value: "data"', 9,
        id="volume-duplicate",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: web, image: nginx}]\n"
        "  volumes:\n  - {name: my_data, emptyDir: {}}\n",
        "volume.name_invalid", "spec.volumes[0].name",
        f'The Pod "p" is invalid: spec.volumes[0].name: Invalid value: "my_data": {LABEL}', 8,
        id="volume-name",
    ),
    pytest.param(
        pod("livenessProbe:\n  initialDelaySeconds: 5"),
        "probe.handler_required", "spec.containers[0].livenessProbe",
        'The Pod "p" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type', 9,
        id="probe-no-handler",
    ),
    pytest.param(
        pod("readinessProbe:\n  exec: {command: [cat, /ready]}\n  tcpSocket: {port: 80}"),
        "probe.handler_multiple", "spec.containers[0].readinessProbe.tcpSocket",
        'The Pod "p" is invalid: spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 '
        "handler type", 11,
        id="probe-two-handlers",
    ),
    pytest.param(
        pod("livenessProbe:\n  httpGet: {path: /, port: 80}\n  successThreshold: 3"),
        "probe.success_threshold", "spec.containers[0].livenessProbe.successThreshold",
        'The Pod "p" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1', 11,
        id="probe-success-threshold",
    ),
    pytest.param(
        pod("startupProbe:\n  tcpSocket: {port: 80}\n  periodSeconds: -5"),
        "value.negative", "spec.containers[0].startupProbe.periodSeconds",
        'The Pod "p" is invalid: spec.containers[0].startupProbe.periodSeconds: Invalid value: -5: must be greater '
        "than or equal to 0", 11,
        id="probe-negative",
    ),
    pytest.param(
        pod("env:\n- name: A=B\n  value: x"),
        "env.name_invalid", "spec.containers[0].env[0].name",
        'The Pod "p" is invalid: spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable '
        "name must consist only of printable ASCII characters other than '='", 10,
        id="env-name-relaxed",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: web, image: nginx}]\n"
        "  tolerations:\n  - {key: dedicated, operator: exists}\n",
        "value.unsupported", "spec.tolerations[0].operator",
        'The Pod "p" is invalid: spec.tolerations[0].operator: Unsupported value: "exists": supported values: '
        '"Equal", "Exists"', 8,
        id="toleration-operator",
    ),
    # 5. services
    pytest.param(
        service("type: loadBalancer\nports: [{port: 80}]"),
        "service.type_unsupported", "spec.type",
        'The Service "web" is invalid: spec.type: Unsupported value: "loadBalancer": supported values: "ClusterIP", '
        '"ExternalName", "LoadBalancer", "NodePort"', 6,
        id="service-type",
    ),
    pytest.param(
        service("selector: {app: web}"),
        "service.ports_required", "spec.ports", 'The Service "web" is invalid: spec.ports: Required value', 5,
        id="service-ports-required",
    ),
    pytest.param(
        service("ports:\n- port: 0"),
        "port.out_of_range", "spec.ports[0].port",
        'The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        7,
        id="service-port-zero",
    ),
    pytest.param(
        service("ports:\n- port: 80\n  targetPort: 70000"),
        "port.out_of_range", "spec.ports[0].targetPort",
        'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, '
        "inclusive", 8,
        id="service-target-port",
    ),
    pytest.param(
        service("ports:\n- port: 80\n  targetPort: web_http"),
        "port.name_invalid", "spec.ports[0].targetPort",
        'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "web_http": must contain only '
        "alpha-numeric characters (a-z, 0-9), and hyphens (-)", 8,
        id="service-target-port-name",
    ),
    pytest.param(
        service("type: NodePort\nports:\n- port: 80\n  nodePort: 80"),
        "service.node_port_range", "spec.ports[0].nodePort",
        'The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid '
        "range. The range of valid ports is 30000-32767", 9,
        id="node-port-range",
    ),
    pytest.param(
        service("ports:\n- port: 80\n  nodePort: 30080"),
        "service.node_port_forbidden", "spec.ports[0].nodePort",
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is "
        "'ClusterIP'", 8,
        id="node-port-on-cluster-ip",
    ),
    pytest.param(
        service("ports:\n- port: 80\n- port: 443"),
        "service.port_name_required", "spec.ports[0].name",
        'The Service "web" is invalid: spec.ports[0].name: Required value', 7,
        id="service-port-names",
    ),
    pytest.param(
        service("ports:\n- {name: http, port: 80}\n- {name: http, port: 81}"),
        "value.duplicate", "spec.ports[1].name",
        'The Service "web" is invalid: spec.ports[1].name: Duplicate value: "http"', 8,
        id="service-port-name-duplicate",
    ),
    pytest.param(
        service("ports:\n- {name: a, port: 80}\n- {name: b, port: 80}"),
        "service.port_duplicate", "spec.ports[1]",
        'The Service "web" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", '
        'AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, '
        "NodePort:0}", 8,
        id="service-port-duplicate",
    ),
    pytest.param(
        service("type: ExternalName"),
        "service.external_name_required", "spec.externalName",
        'The Service "web" is invalid: spec.externalName: Required value', 5,
        id="external-name",
    ),
    pytest.param(
        service("clusterIP: 10.96.0.300\nports: [{port: 80}]"),
        "service.cluster_ip_invalid", "spec.clusterIPs[0]",
        'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP '
        "address, (e.g. 10.9.8.7 or 2001:db8::ffff)", 6,
        id="cluster-ip",
    ),
    pytest.param(
        service("sessionAffinity: clientIP\nports: [{port: 80}]"),
        "value.unsupported", "spec.sessionAffinity",
        'The Service "web" is invalid: spec.sessionAffinity: Unsupported value: "clientIP": supported values: '
        '"ClientIP", "None"', 6,
        id="session-affinity",
    ),
    pytest.param(
        service("type: NodePort\nclusterIP: None\nports: [{port: 80}]"),
        "service.cluster_ip_invalid", "spec.clusterIPs[0]",
        'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for '
        "NodePort services", 7,
        id="headless-node-port",
    ),
    # 6. ingress
    pytest.param(
        ingress(extra=""),
        "ingress.path_type_required", "spec.rules[0].http.paths[0].pathType",
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be '
        "specified", 9,
        id="path-type-required",
    ),
    pytest.param(
        ingress(extra="        pathType: exact"),
        "value.unsupported", "spec.rules[0].http.paths[0].pathType",
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "exact": supported '
        'values: "Exact", "ImplementationSpecific", "Prefix"', 10,
        id="path-type-enum",
    ),
    pytest.param(
        ingress(path="api", extra="        pathType: Prefix"),
        "ingress.path_not_absolute", "spec.rules[0].http.paths[0].path",
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute '
        "path", 9,
        id="path-absolute",
    ),
    pytest.param(
        ingress().replace("              number: 80\n", "              number: 80\n              name: http\n"),
        "ingress.backend_invalid", "spec.rules[0].http.paths[0].backend",
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port '
        "name & port number", 11,
        id="backend-port-both",
    ),
    pytest.param(
        ingress().replace("            port:\n              number: 80\n", ""),
        "ingress.backend_invalid", "spec.rules[0].http.paths[0].backend",
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is '
        "required", 12,
        id="backend-port-required",
    ),
    pytest.param(
        ingress().replace("        backend:\n          service:\n            name: web\n            port:\n"
                          "              number: 80\n", "        backend: {}\n"),
        "ingress.backend_invalid", "spec.rules[0].http.paths[0].backend",
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service '
        "backend is required", 11,
        id="backend-required",
    ),
    pytest.param(
        ingress().replace("  - http:", "  - host: '*.*.example.com'\n    http:"),
        "ingress.host_invalid", "spec.rules[0].host",
        "The Ingress \"web\" is invalid: spec.rules[0].host: Invalid value: \"*.*.example.com\": a wildcard DNS-1123 "
        "subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case "
        "alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex "
        "used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", 7,
        id="host-wildcard",
    ),
    pytest.param(
        ingress().replace("  - http:", "  - host: Example.com\n    http:"),
        "ingress.host_invalid", "spec.rules[0].host",
        f'The Ingress "web" is invalid: spec.rules[0].host: Invalid value: "Example.com": {SUBDOMAIN}', 7,
        id="host-subdomain",
    ),
    pytest.param(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  ingressClassName: nginx\n",
        "ingress.rules_required", "spec",
        'The Ingress "web" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` '
        "or `rules` must be specified", 5,
        id="rules-or-default-backend",
    ),
    # 7. ConfigMap, Secret, Node
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  bad key: x\n",
        "configmap.key_invalid", "data[bad key]",
        'The ConfigMap "c" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of '
        "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
        "validation is '[-._a-zA-Z0-9]+')", 6,
        id="config-map-key",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: kubernetes.io/tls\ndata:\n  tls.crt: YQ==\n",
        "secret.key_required", "data[tls.key]", 'The Secret "s" is invalid: data[tls.key]: Required value', 6,
        id="tls-secret-key",
    ),
    pytest.param(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: Node_1\n",
        "name.invalid", "metadata.name",
        f'The Node "Node_1" is invalid: metadata.name: Invalid value: "Node_1": {SUBDOMAIN}', 4,
        id="node-name",
    ),
]


@pytest.mark.parametrize("text,code,path,message,line", CASES)
def test_rule_reports_the_servers_error_when_broken(text, code, path, message, line):
    issues = check(text)
    found = [i for i in issues if i.code == code and i.path == path]
    assert found, [f"{i.code} {i.path}: {i.message_en}" for i in issues]
    item = found[0]
    assert item.message_en == message
    assert item.line == line
    assert item.severity == "error"
    assert item.message_ko and item.message_ko != item.message_en
    assert re.search("[\uac00-\ud7a3]", item.message_ko), "message_ko is Korean"


def test_several_broken_fields_are_all_reported():
    text = DEPLOYMENT.format(replicas=-1, label="nginx") + "      restartPolicy: Never\n"
    codes = sorted(i.code for i in check(text))
    assert codes == ["restart_policy.unsupported", "selector.mismatch", "value.negative"]


def test_a_decode_error_stops_validation_like_the_server_does():
    text = DEPLOYMENT.format(replicas=-1, label="nginx") + "        resources:\n          limits: {cpu: 2 cores}\n"
    assert [i.code for i in check(text)] == ["quantity.invalid"]


def test_missing_selector_also_fails_the_template_match():
    """apps/v1 without a selector: the schema reports it missing, the server also finds no match."""
    text = DEPLOYMENT.format(replicas=1, label="web").replace("  selector:\n    matchLabels:\n      app: web\n", "")
    (item,) = check(text)
    assert item.message_en == (
        'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}'
        ": `selector` does not match template `labels`"
    )


@pytest.mark.parametrize("expression,matches", [
    ("{key: app, operator: In, values: [web, api]}", True),
    ("{key: app, operator: In, values: [api]}", False),
    ("{key: app, operator: NotIn, values: [api]}", True),
    ("{key: app, operator: NotIn, values: [web]}", False),
    ("{key: tier, operator: NotIn, values: [front]}", True),
    ("{key: app, operator: Exists}", True),
    ("{key: tier, operator: Exists}", False),
    ("{key: tier, operator: DoesNotExist}", True),
])
def test_match_expressions_select_template_labels_like_the_server(expression, matches):
    text = DEPLOYMENT.format(replicas=1, label="web").replace(
        "    matchLabels:\n      app: web\n", f"    matchExpressions:\n    - {expression}\n")
    mismatch = [i for i in check(text) if i.code == "selector.mismatch"]
    assert (not mismatch) == matches


@pytest.mark.parametrize("version,value", [
    ("1.33", 'map[string]string{"app":"nginx"}'),
    ("1.34", '{"app":"nginx"}'),
])
def test_values_print_as_go_syntax_until_1_33_and_json_from_1_34(version, value):
    issues = rules.check(doc_of(DEPLOYMENT.format(replicas=1, label="nginx")), version)
    assert issues[0].message_en == (
        f'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: {value}: `selector` does not '
        "match template `labels`"
    )


def test_int_or_string_prints_as_json_from_1_34():
    text = (DEPLOYMENT.format(replicas=1, label="web")
            + "  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n")
    (item,) = rules.check(doc_of(text), "1.34")
    assert item.message_en.endswith("maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0")


def test_strict_environment_variable_names_before_1_32():
    text = pod("env:\n- name: 1_VAR\n  value: x")
    assert rules.check(doc_of(text), "1.32") == []
    (item,) = rules.check(doc_of(text), "1.31")
    assert item.message_en == (
        'The Pod "p" is invalid: spec.containers[0].env[0].name: Invalid value: "1_VAR": a valid environment variable '
        "name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
        "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
        "'[-._a-zA-Z][-._a-zA-Z0-9]*')"
    )


STATEFULSET = """
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {name}
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {{app: db}}
  template:
    metadata:
      labels: {{app: db}}
    spec:
      containers:
      - {{name: db, image: postgres:16}}
      - {{name: db, image: postgres:16}}
  volumeClaimTemplates:
  - metadata: {{name: data}}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {{requests: {{storage: 1Gi}}}}
"""


def test_statefulset_names_are_dns_labels_from_1_27():
    text = STATEFULSET.format(name="db.primary")
    assert rules.check(doc_of(text), "1.26") == []
    assert [i.code for i in rules.check(doc_of(text), "1.27")] == ["name.invalid"]


def test_statefulset_pod_template_spec_is_not_validated_on_create():
    """ValidatePodTemplateSpecForStatefulSet checks labels and annotations only; the pods fail later."""
    assert check(STATEFULSET.format(name="db")) == []


def test_job_with_a_selector_but_no_manual_selector_is_not_auto_generated():
    text = ("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  selector:\n    matchLabels: {app: pi}\n"
            "  template:\n    metadata:\n      labels: {app: pi}\n    spec:\n      restartPolicy: Never\n"
            "      containers: [{name: pi, image: perl}]\n")
    (item,) = check(text)
    assert item.code == "selector.not_generated" and item.path == "spec.selector"
    assert item.message_en.endswith("`selector` not auto-generated")
    manual = text.replace("  selector:", "  manualSelector: true\n  selector:")
    assert check(manual) == []


# --- valid manifests pass --------------------------------------------------------------------------

VALID = {
    "deployment": """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          strategy:
            rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
          template:
            metadata: {labels: {app: web, version: v1}}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                resources:
                  requests: {cpu: 500m, memory: 64Mi}
                  limits: {cpu: "1", memory: 128Mi}
                ports:
                - {name: http, containerPort: 80}
                readinessProbe:
                  httpGet: {path: /, port: http}
                livenessProbe:
                  tcpSocket: {port: 80}
                  successThreshold: 1
    """,
    "pod": """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-0
          namespace: dev
          labels: {app.kubernetes.io/name: web, tier: front_end.v1}
          annotations: {example.com/Owner: team-a}
        spec:
          restartPolicy: OnFailure
          dnsPolicy: ClusterFirst
          terminationGracePeriodSeconds: 10
          initContainers:
          - {name: init, image: busybox, command: [sh, -c, "true"]}
          containers:
          - name: web
            image: nginx:1.27
            imagePullPolicy: IfNotPresent
            env:
            - {name: MY_VAR, value: "1"}
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: LEVEL
              valueFrom: {configMapKeyRef: {name: cfg, key: level}}
            envFrom:
            - configMapRef: {name: cfg}
            volumeMounts:
            - {name: data, mountPath: /data}
            - {name: cfg, mountPath: /etc/cfg}
            resources:
              requests: {cpu: "1", nvidia.com/gpu: 1}
              limits: {cpu: 1000m, nvidia.com/gpu: 1}
          volumes:
          - {name: data, emptyDir: {sizeLimit: 1Gi}}
          - {name: cfg, configMap: {name: cfg, defaultMode: 0644, items: [{key: a, path: a.conf}]}}
          tolerations:
          - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}
          - {operator: Exists}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]
    """,
    "service": """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: http, nodePort: 30080}
          - {name: metrics, port: 9090, targetPort: 9090, protocol: TCP}
    """,
    "headless-service": """
        apiVersion: v1
        kind: Service
        metadata: {name: db}
        spec: {clusterIP: None, selector: {app: db}}
    """,
    "external-name": """
        apiVersion: v1
        kind: Service
        metadata: {name: db}
        spec: {type: ExternalName, externalName: db.example.com.}
    """,
    "ingress": """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          ingressClassName: nginx
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          defaultBackend: {service: {name: web, port: {name: http}}}
          rules:
          - host: "*.example.com"
            http:
              paths:
              - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
              - {path: /healthz, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
              - {pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
    """,
    "job": """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          backoffLimit: 4
          template:
            spec:
              restartPolicy: Never
              containers: [{name: pi, image: perl:5.34, command: [perl, -e, print 1]}]
    """,
    "cronjob": """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: hello}
        spec:
          schedule: "*/5 9-17 * jan-dec mon-fri"
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: hello, image: busybox}]
    """,
    "statefulset": STATEFULSET.format(name="db").replace("      - {name: db, image: postgres:16}\n", "", 1),
    "daemonset": """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: agent}}
          updateStrategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers: [{name: agent, image: fluentd}]
    """,
    "replicaset": """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web}
        spec:
          replicas: 0
          selector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
    """,
    "replicationcontroller": """
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: web}
        spec:
          replicas: 2
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
    """,
    "configmap": """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {level: debug, app.properties: "a=b", KEY_NAME: x}
    """,
    "secret": """
        apiVersion: v1
        kind: Secret
        metadata: {name: tls}
        type: kubernetes.io/tls
        stringData: {tls.crt: cert, tls.key: key}
    """,
    "namespace": """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a, labels: {pod-security.kubernetes.io/enforce: baseline}}
    """,
    "node": """
        apiVersion: v1
        kind: Node
        metadata: {name: node01.example.com}
        spec:
          taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
    """,
    "pvc": """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: standard
          resources: {requests: {storage: 1Gi}}
    """,
    "networkpolicy": """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: web}}}, {ipBlock: {cidr: 10.0.0.0/8}}]
            ports: [{port: 5432}, {protocol: UDP, port: dns}]
          policyTypes: [Ingress]
    """,
    "hpa": """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 5
    """,
    "role": """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "system:controller:web"}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
    """,
}


@pytest.mark.parametrize("version", ["1.25", "1.32", "1.37"])
@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_manifest_passes(name, version):
    issues = rules.check(doc_of(VALID[name]), version)
    assert issues == [], [i.message_en for i in issues]


# --- removed API versions (reference §11) ---------------------------------------------------------

# (apiVersion, kind, removed in, apiVersion to use) for every row of the §11 table.
REMOVED = [
    *[(api, kind, "1.16", "apps/v1") for api in ("extensions/v1beta1", "apps/v1beta2")
      for kind in ("Deployment", "DaemonSet", "ReplicaSet")],
    ("apps/v1beta1", "Deployment", "1.16", "apps/v1"),
    ("apps/v1beta1", "StatefulSet", "1.16", "apps/v1"),
    ("apps/v1beta2", "StatefulSet", "1.16", "apps/v1"),
    ("extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "PodSecurityPolicy", "1.16", "policy/v1beta1"),  # itself removed in 1.25
    ("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1"),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1"),
    ("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", "1.22", "admissionregistration.k8s.io/v1"),
    ("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "1.22",
     "admissionregistration.k8s.io/v1"),
    ("apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1"),
    ("authentication.k8s.io/v1beta1", "TokenReview", "1.22", "authentication.k8s.io/v1"),
    *[("authorization.k8s.io/v1beta1", kind, "1.22", "authorization.k8s.io/v1")
      for kind in ("SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview")],
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.22", "certificates.k8s.io/v1"),
    ("coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"),
    *[("rbac.authorization.k8s.io/v1beta1", kind, "1.22", "rbac.authorization.k8s.io/v1")
      for kind in ("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")],
    ("scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"),
    *[("storage.k8s.io/v1beta1", kind, "1.22", "storage.k8s.io/v1")
      for kind in ("CSIDriver", "CSINode", "StorageClass", "VolumeAttachment")],
    ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
    ("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"),
    ("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"),
    ("policy/v1beta1", "PodSecurityPolicy", "1.25", None),
    ("node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "1.26", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", "1.26", "flowcontrol.apiserver.k8s.io/v1"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", "1.29", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32", "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", "1.32", "flowcontrol.apiserver.k8s.io/v1"),
]


def _tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def _minor(version: str, delta: int) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + delta}"


@pytest.mark.parametrize("api_version,kind,removed,use", REMOVED, ids=[f"{a}-{k}" for a, k, _, _ in REMOVED])
def test_removed_api_is_served_before_and_rejected_from_its_removal(api_version, kind, removed, use):
    doc = doc_of(f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n  namespace: dev\n", "old.yaml")
    assert rules.removed_api(doc, _minor(removed, -1)) is None
    for version in (removed, _minor(removed, 1), "1.37"):
        if _tuple(version) < (1, 25) and version != removed:
            continue
        item = rules.removed_api(doc, version)
        assert item is not None and item.code == "api.removed" and item.path == "apiVersion" and item.line == 1
        assert item.message_en == (
            f'error: resource mapping not found for name: "x" namespace: "dev" from "old.yaml": no matches for kind '
            f'"{kind}" in version "{api_version}"\nensure CRDs are installed first'
        )
        assert f"쿠버네티스 {removed}에서 제거되었습니다" in item.message_ko
        if kind == "PodSecurityPolicy" and _tuple(version) >= (1, 25):
            use = None  # no successor API any more
        if use is None:
            assert "Pod Security Admission" in item.hint and "Pod Security Admission" in item.hint_ko
        else:
            assert f"`{use}`" in item.hint and use in item.hint_ko


def test_removal_follows_the_version_asked_for():
    doc = doc_of("apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n")
    assert rules.removed_api(doc, "1.25") is None
    assert rules.removed_api(doc, "1.26") is not None
    flow = doc_of("apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\n")
    assert rules.removed_api(flow, "1.31") is None
    assert rules.removed_api(flow, "1.32") is not None


def test_served_apis_are_not_removed():
    for text in VALID.values():
        assert rules.removed_api(doc_of(text), "1.37") is None


# The source notes' Ingress (seeds/004): extensions/v1beta1 with the v1 backend shape and a /* glob.
NOTES_INGRESS = """
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: car-sharing-ingress
spec:
  rules:
  - http:
      paths:
      - path: /reservation/*
        backend:
          service:
            name: reservation-svc
            port:
              number: 80
      - path: /vehicle/*
        backend:
          service:
            name: vehicle-svc
            port:
              number: 80
"""

# The same routes as the v1beta1 API wrote them, with the class annotation and a default backend.
V1BETA1_INGRESS = """
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: car-sharing-ingress
  annotations:
    kubernetes.io/ingress.class: nginx
    nginx.ingress.kubernetes.io/ssl-redirect: "false"
spec:
  backend:
    serviceName: default-svc
    servicePort: 80
  rules:
  - host: cars.example.com
    http:
      paths:
      - path: /reservation/*
        backend:
          serviceName: reservation-svc
          servicePort: 80
      - path: /vehicle/*
        backend:
          serviceName: vehicle-svc
          servicePort: http
      - path: /
        pathType: Exact
        backend:
          serviceName: home-svc
          servicePort: "8080"
"""


def test_removed_ingress_names_the_removal_and_shows_the_converted_manifest():
    item = rules.removed_api(doc_of(NOTES_INGRESS, "ing.yaml"), "1.32")
    assert item.message_en == (
        'error: resource mapping not found for name: "car-sharing-ingress" namespace: "" from "ing.yaml": no matches '
        'for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first'
    )
    assert item.message_ko == (
        "extensions/v1beta1 Ingress는 쿠버네티스 1.22에서 제거되었습니다. networking.k8s.io/v1을 쓰세요."
    )
    for hint in (item.hint, item.hint_ko):
        assert "apiVersion: networking.k8s.io/v1\n" in hint
        assert "path: /reservation\n        pathType: Prefix" in hint


@pytest.mark.parametrize("text", [NOTES_INGRESS, V1BETA1_INGRESS], ids=["notes", "v1beta1"])
def test_converted_ingress_is_a_valid_v1_ingress(text):
    converted = rules.convert_ingress_v1beta1(doc_of(text).data)
    again = doc_of(yaml.safe_dump(converted, sort_keys=False))
    assert rules.check(again, "1.32") == []
    assert rules.removed_api(again, "1.32") is None
    paths = converted["spec"]["rules"][0]["http"]["paths"]
    assert paths[0]["path"] == "/reservation" and paths[0]["pathType"] == "Prefix"
    assert paths[0]["backend"] == {"service": {"name": "reservation-svc", "port": {"number": 80}}}
    assert paths[1]["path"] == "/vehicle"


def test_conversion_maps_every_v1beta1_field():
    original = doc_of(V1BETA1_INGRESS).data
    snapshot = copy.deepcopy(original)
    converted = rules.convert_ingress_v1beta1(original)
    assert original == snapshot, "the input is not changed"
    assert converted["apiVersion"] == "networking.k8s.io/v1"
    assert converted["metadata"]["annotations"] == {"nginx.ingress.kubernetes.io/ssl-redirect": "false"}
    spec = converted["spec"]
    assert spec["ingressClassName"] == "nginx"
    assert spec["defaultBackend"] == {"service": {"name": "default-svc", "port": {"number": 80}}}
    assert "backend" not in spec
    paths = spec["rules"][0]["http"]["paths"]
    assert paths[1]["backend"] == {"service": {"name": "vehicle-svc", "port": {"name": "http"}}}
    assert paths[2] == {"path": "/", "pathType": "Exact",
                        "backend": {"service": {"name": "home-svc", "port": {"number": 8080}}}}
    assert spec["rules"][0]["host"] == "cars.example.com"


# --- unknown kinds --------------------------------------------------------------------------------


@pytest.mark.parametrize("api_version,kind,path,hint", [
    ("apps/v1", "Deploymnet", "kind", "did you mean `Deployment`?"),
    ("v1", "Deployment", "apiVersion",
     "Deployment is served as `apps/v1`: change `apiVersion: v1` to `apiVersion: apps/v1`"),
    ("v1", "StatefulSet", "apiVersion",
     "StatefulSet is served as `apps/v1`: change `apiVersion: v1` to `apiVersion: apps/v1`"),
    ("v1", "deployment", "kind", "did you mean `kind: Deployment` with `apiVersion: apps/v1`?"),
    ("v1", "Serivce", "kind", "did you mean `Service`?"),
    ("cert-manager.io/v1", "Certificate", "kind",
     "custom resources need their CustomResourceDefinition installed first; the sandbox has only the built-in kinds"),
    ("networking.istio.io/v1beta1", "VirtualService", "kind",
     "custom resources need their CustomResourceDefinition installed first; the sandbox has only the built-in kinds"),
])
def test_unknown_kind_says_what_was_probably_meant(api_version, kind, path, hint):
    doc = doc_of(f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n", "k.yaml")
    item = rules.unknown_kind(doc, "1.32")
    assert item.code == "kind.unknown" and item.path == path
    assert item.line == (1 if path == "apiVersion" else 2)
    assert item.message_en == (
        f'error: resource mapping not found for name: "x" namespace: "" from "k.yaml": no matches for kind "{kind}" '
        f'in version "{api_version}"\nensure CRDs are installed first'
    )
    assert item.hint == hint and item.hint_ko


# --- warnings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("api_version,kind,warned,quiet,text", [
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", ["1.25"], ["1.26"],
     "autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated in v1.23+, unavailable in v1.26+; use autoscaling/v2 "
     "HorizontalPodAutoscaler"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", ["1.29", "1.31"], ["1.28", "1.32"],
     "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated in v1.29+, unavailable in v1.32+; use "
     "flowcontrol.apiserver.k8s.io/v1 FlowSchema"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", ["1.26", "1.28"], ["1.25", "1.29"],
     "flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration is deprecated in v1.26+, unavailable in "
     "v1.29+; use flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration"),
    ("v1", "Endpoints", ["1.33", "1.37"], ["1.32"],
     "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"),
])
def test_deprecated_api_warns_while_served(api_version, kind, warned, quiet, text):
    doc = doc_of(f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n")
    for version in warned:
        (item,) = rules.deprecation_warnings(doc, version)
        assert (item.code, item.severity, item.path) == ("api.deprecated", "warning", "apiVersion")
        assert item.message_en == text
        assert item.message_ko
    for version in quiet:
        assert rules.deprecation_warnings(doc, version) == []


@pytest.mark.parametrize("extra,version,code,path,text", [
    ("      nodeSelector: {beta.kubernetes.io/os: linux}", "1.32", "field.deprecated",
     "spec.template.spec.nodeSelector[beta.kubernetes.io/os]",
     'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead'),
    ("      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
     "            nodeSelectorTerms:\n            - matchExpressions:\n"
     "              - {key: beta.kubernetes.io/arch, operator: In, values: [amd64]}", "1.32", "field.deprecated",
     "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
     ".matchExpressions[0].key",
     "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
     '.matchExpressions[0].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead'),
    ("        ports:\n        - containerPort: 80\n        - containerPort: 80", "1.32", "field.warning",
     "spec.template.spec.containers[0].ports[1]",
     "spec.template.spec.containers[0].ports[1]: duplicate port definition with "
     "spec.template.spec.containers[0].ports[0]"),
    ("      terminationGracePeriodSeconds: -1", "1.32", "field.warning",
     "spec.template.spec.terminationGracePeriodSeconds",
     "spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated "
     "as 1"),
])
def test_field_warnings_use_the_servers_words(extra, version, code, path, text):
    doc = doc_of(DEPLOYMENT.format(replicas=1, label="web") + extra + "\n")
    assert rules.check(doc, version) == []
    warnings = [w for w in rules.deprecation_warnings(doc, version) if w.path == path]
    assert [(w.code, w.severity, w.message_en) for w in warnings] == [(code, "warning", text)]


def test_ingress_class_annotation_warns():
    annotated = "  name: web\n  annotations:\n    kubernetes.io/ingress.class: nginx\n"
    doc = doc_of(ingress().replace("  name: web\n", annotated, 1))
    (item,) = rules.deprecation_warnings(doc, "1.32")
    assert item.message_en == (
        "annotation \"kubernetes.io/ingress.class\" is deprecated, please use 'spec.ingressClassName' instead"
    )
    assert item.line == 6


# --- updates --------------------------------------------------------------------------------------


def _data(text: str) -> dict:
    return doc_of(text).data


def test_deployment_selector_is_immutable():
    old = _data(DEPLOYMENT.format(replicas=1, label="web"))
    new = copy.deepcopy(old)
    new["spec"]["selector"]["matchLabels"] = {"app": "web2"}
    new["spec"]["template"]["metadata"]["labels"] = {"app": "web2"}
    (item,) = rules.check_update(old, new, None, "1.32")
    assert item.code == "field.immutable" and item.path == "spec.selector"
    assert item.message_en == (
        'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        'map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'
    )
    (item,) = rules.check_update(old, new, None, "1.34")
    assert item.message_en == (
        'The Deployment "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is '
        "immutable"
    )
    scaled = copy.deepcopy(old)
    scaled["spec"]["replicas"] = 5
    assert rules.check_update(old, scaled, None, "1.32") == []


def test_check_update_points_at_the_submitted_document():
    old = _data(DEPLOYMENT.format(replicas=1, label="web"))
    text = DEPLOYMENT.format(replicas=1, label="web").replace(
        "      app: web\n  template", "      app: api\n  template")
    (item,) = rules.check_update(old, _data(text), doc_of(text), "1.32")
    assert item.line == 7


STORED_SERVICE = {
    "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
    "spec": {"type": "ClusterIP", "clusterIP": "10.96.14.7", "clusterIPs": ["10.96.14.7"],
             "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}], "sessionAffinity": "None"},
}


def test_service_cluster_ip_may_not_change():
    new = copy.deepcopy(STORED_SERVICE)
    new["spec"]["clusterIP"] = "None"
    (item,) = rules.check_update(STORED_SERVICE, new, None, "1.32")
    assert item.code == "service.cluster_ip_immutable"
    assert item.message_en == (
        'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set'
    )


def test_service_without_cluster_ip_keeps_the_allocated_one():
    new = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"ports": [{"port": 8080}], "selector": {"app": "web"}}}
    assert rules.check_update(STORED_SERVICE, new, None, "1.32") == []


STORED_POD = {
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
    "spec": {
        "nodeName": "node01", "serviceAccountName": "default", "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
        "containers": [{"name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
                        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                        "volumeMounts": [{"name": "kube-api-access-x2k9p",
                                          "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]}],
        "volumes": [{"name": "kube-api-access-x2k9p", "projected": {"sources": []}}],
        "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                         "tolerationSeconds": 300}],
    },
}
POD_MANIFEST = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}


def test_pod_image_may_change():
    new = copy.deepcopy(POD_MANIFEST)
    new["spec"]["containers"][0]["image"] = "nginx:1.28"
    assert rules.check_update(STORED_POD, new, None, "1.32") == []


def test_pod_spec_is_otherwise_immutable():
    new = copy.deepcopy(POD_MANIFEST)
    new["spec"]["containers"][0]["ports"] = [{"containerPort": 80}]
    (item,) = rules.check_update(STORED_POD, new, None, "1.32")
    assert item.code == "pod.update_forbidden" and item.path == "spec"
    assert item.message_en == (
        'The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than '
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
        "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
        "was previously negative)"
    )
    more = copy.deepcopy(POD_MANIFEST)
    more["spec"]["containers"].append({"name": "sidecar", "image": "busybox"})
    (item,) = rules.check_update(STORED_POD, more, None, "1.32")
    assert item.message_en == (
        'The Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers'
    )


def test_statefulset_spec_fields_are_fixed_except_a_few():
    old = _data(STATEFULSET.format(name="db"))
    scaled = copy.deepcopy(old)
    scaled["spec"]["replicas"] = 3
    scaled["spec"]["template"]["spec"]["containers"][0]["image"] = "postgres:17"
    assert rules.check_update(old, scaled, None, "1.32") == []
    grown = copy.deepcopy(old)
    grown["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "2Gi"
    (item,) = rules.check_update(old, grown, None, "1.32")
    assert item.message_en == (
        "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than "
        "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
        "'minReadySeconds' are forbidden"
    )
    (item,) = rules.check_update(old, grown, None, "1.26")
    assert "'replicas', 'template', 'updateStrategy'" in item.message_en


def test_job_template_is_immutable():
    old = _data(VALID["job"])
    new = copy.deepcopy(old)
    new["spec"]["template"]["spec"]["containers"][0]["image"] = "perl:5.40"
    (item,) = rules.check_update(old, new, None, "1.32")
    assert item.path == "spec.template" and item.message_en.endswith(": field is immutable")


def test_immutable_config_map_data_is_frozen():
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "immutable": True, "data": {"a": "1"}}
    new = copy.deepcopy(old)
    new["data"]["a"] = "2"
    (item,) = rules.check_update(old, new, None, "1.32")
    assert item.message_en == (
        'The ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set')


# --- wrong types never crash ----------------------------------------------------------------------

WRONG_TYPES = [
    DEPLOYMENT.format(replicas='"x"', label="web"),
    DEPLOYMENT.format(replicas=1, label="[a, b]"),
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: {}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [a, 1, null, [x]]\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: [a]\nspec: {containers: [{name: c, image: i}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: [name]\nspec: x\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: 5, namespace: [x], annotations: x}\nspec: {containers: [{name: 1}]}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {selector: x, template: 5, strategy: []}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {selector: {matchLabels: [a], matchExpressions: "
    "{a: b}}, template: {metadata: {labels: {app: {x: y}}}}, strategy: {rollingUpdate: {maxSurge: [1]}}}\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: {port: 80}, type: [x], clusterIP: 1, "
    "selector: [a]}\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: x, nodePort: y, targetPort: [1]}, 5]}\n",
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {rules: [{http: {paths: [{backend: "
    "x, pathType: 1, path: [a]}]}, host: 5}], defaultBackend: [x]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: [i]\n"
    "    ports: [{containerPort: '80', name: 7, protocol: 6}]\n    resources: {limits: [cpu], requests: {cpu: [1]}}\n"
    "    env: [{name: 1, valueFrom: x}, {name: A, valueFrom: {fieldRef: {fieldPath: 5}}}]\n"
    "    volumeMounts: [{name: [v], mountPath: {}}]\n    livenessProbe: {httpGet: 5, exec: {command: x}}\n"
    "  volumes: [{name: {a: b}, configMap: x}]\n  tolerations: x\n  affinity: {nodeAffinity: []}\n",
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: 5, jobTemplate: {spec: [x]}}\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [a]\nbinaryData: x\n",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: [x]\ndata: {a: 1}\n",
    "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {taints: [x, {key: 1, effect: [a]}]}\n",
    "apiVersion: 5\nkind: [Deployment]\n",
    "- just\n- a list\n",
    "plain text\n",
]


@pytest.mark.parametrize("text", WRONG_TYPES)
@pytest.mark.parametrize("version", ["1.25", "1.32", "1.37"])
def test_wrong_types_never_crash(text, version):
    doc = parse_documents(text, "t.yaml")[0]
    for items in (rules.check(doc, version), rules.deprecation_warnings(doc, version)):
        assert all(isinstance(i, Issue) for i in items)
    if isinstance(doc.data, dict):
        rules.removed_api(doc, version)
        rules.unknown_kind(doc, version)
        rules.check_update(doc.data, doc.data, doc, version)
        rules.convert_ingress_v1beta1(doc.data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-70000, 70000) | st.floats(allow_nan=False) |
    st.sampled_from(["", "x", "Web_1", "None", "1Gi", "-1", "500x", "*", "/a", "app", "80", "http", "Always"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["name", "image", "app", "port", "key", "operator", "values", "matchLabels", "labels", "x"]),
        inner, max_size=3),
    max_leaves=6,
)
BASES = [doc_of(text).data for text in VALID.values()] + [doc_of(case.values[0]).data for case in CASES]


def _paths(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _paths(value, path + (key,))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _paths(value, path + (i,))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_anywhere_never_crashes(data):
    base = data.draw(st.sampled_from(BASES))
    mutated = copy.deepcopy(base)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from([p for p in _paths(mutated) if p]))
        target = mutated
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = data.draw(json_values)
    doc = Document("t.yaml", 0, mutated, {})
    version = data.draw(st.sampled_from(["1.25", "1.29", "1.32", "1.34", "1.37"]))
    assert all(isinstance(i, Issue) for i in rules.check(doc, version))
    assert all(i.severity == "warning" for i in rules.deprecation_warnings(doc, version))
    rules.removed_api(doc, version)
    rules.unknown_kind(doc, version)
    assert all(isinstance(i, Issue) for i in rules.check_update(base, mutated, doc, version))
    assert all(isinstance(i, Issue) for i in rules.check_update(mutated, base, None, version))


# --- the real manifests of the corpus -------------------------------------------------------------

CORPUS = str(corpus.CORPUS)

# Every corpus document of a served built-in kind (at 1.32) that the rules reject, with the codes.
# Each was read by hand; all are rejections a real API server gives (the reason is the comment).
CORPUS_REJECTED = {
    # Ingress pathType "exact": the enum is case-sensitive.
    ("ContainerSolutions__kubernetes-examples/Ingress__fanout.yaml", 0): ("value.unsupported",),
    ("ContainerSolutions__kubernetes-examples/Ingress__nohost.yaml", 0): ("value.unsupported",),
    ("ContainerSolutions__kubernetes-examples/Ingress__tls.yaml", 1): ("value.unsupported",),
    ("ContainerSolutions__kubernetes-examples/Ingress__virtualhosting.yaml", 0): ("value.unsupported",),
    # v1 Ingress written with the v1beta1 `spec.backend`: no rules and no defaultBackend (the decoder first
    # refuses the unknown field).
    ("ContainerSolutions__kubernetes-examples/cloud-providers__gcp__https-ready-alb__https-ready-alb.yaml", 2):
        ("ingress.rules_required",),
    # apps/v1 Deployments without spec.selector (the schema reports it missing; the template cannot match).
    ("FairwindsOps__polaris/test__checks__missingPodDisruptionBudget__failure-bad-ns.yaml", 0): ("selector.mismatch",),
    ("FairwindsOps__polaris/test__checks__pdbMinAvailableGreaterThanHPAMinReplicas__failure-gt-percent.yaml", 0):
        ("selector.mismatch",),
    ("FairwindsOps__polaris/test__checks__pdbMinAvailableGreaterThanHPAMinReplicas__success.no-pdb.yaml", 0):
        ("selector.mismatch",),
    # Placeholders left in: serviceAccountName "$K8S_SA_NAME" / "KSA_NAME", names "PV_NAME" / "PVC_NAME",
    # quantities "FILESTORE_CAPACITY" (a decode error).
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-online-serving-single-gpu__src__gke-config__"
     "deployment-tfserve.yaml", 0): ("value.invalid",),
    **{("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__autopilot__pv-pvc.yaml", i):
       ("quantity.invalid",) for i in (0, 1)},
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__metrics-autoscaling__pv-pvc.yaml", 0):
        ("name.invalid",),
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__metrics-autoscaling__pv-pvc.yaml", 1):
        ("name.invalid",),
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__vllm-tpu__vllm-llama3-70b.yaml", 0): ("value.invalid",),
    # envsubst templates `${VAR:-default}` left unexpanded: names, namespace, label values, protocol, type,
    # imagePullPolicy and targetPort all fail (the Deployment's selector is then "invalid label selector").
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__infw-gw__examples__getting-started__"
     "inference-pool-variables.yaml", 1): ("label.invalid", "name.invalid", "namespace.invalid", "port.name_invalid",
                                           "service.type_unsupported", "value.unsupported"),
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__infw-gw__examples__getting-started__"
     "inference-pool-variables.yaml", 2): ("label.invalid", "name.invalid", "namespace.invalid", "selector.invalid",
                                           "value.unsupported"),
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__infw-gw__examples__getting-started__"
     "vlllm gpu_deployment-variables.yaml", 1): ("name.invalid", "namespace.invalid"),
    ("GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__infw-gw__examples__getting-started__"
     "vlllm gpu_deployment-variables.yaml", 3): ("name.invalid", "namespace.invalid"),
    # A kustomize `$patch: delete` stub: no selector, no template, no containers.
    ("GoogleCloudPlatform__microservices-demo/kustomize__components__without-loadgenerator__"
     "delete-loadgenerator.patch.yaml", 0): ("containers.required", "selector.mismatch"),
    # ReplicationController with neither a selector nor template labels to default it from.
    ("kubernetes__examples/_archived__sysdig-cloud__sysdig-rc.yaml", 0): ("selector.required",),
    # Container port protocol "tcp": the enum is case-sensitive.
    ("kubernetes__examples/_archived__volumes__aws_ebs__aws-ebs-web.yaml", 0): ("value.unsupported",),
    ("kubernetes__examples/_archived__volumes__cinder__cinder-web.yaml", 0): ("value.unsupported",),
    # kube-linter fixtures: objects without names, selectors, images, port names; ports out of range; Jobs and
    # CronJobs without restartPolicy; Deployments and friends with restartPolicy OnFailure/Never.
    ("stackrox__kube-linter/tests__checks__duplicate-env-var.yaml", 0):
        ("container.image_required", "name.required", "selector.mismatch"),
    ("stackrox__kube-linter/tests__checks__duplicate-env-var.yaml", 1): ("name.required", "selector.mismatch"),
    ("stackrox__kube-linter/tests__checks__invalid-target-ports.yaml", 0):
        ("port.name_invalid", "port.out_of_range", "service.port_name_required"),
    ("stackrox__kube-linter/tests__checks__invalid-target-ports.yaml", 1):
        ("container.image_required", "port.name_invalid", "port.out_of_range", "selector.mismatch"),
    ("stackrox__kube-linter/tests__checks__invalid-target-ports.yaml", 2): ("service.ports_required",),
    **{("stackrox__kube-linter/tests__checks__invalid-target-ports.yaml", i):
       ("container.image_required", "selector.mismatch") for i in (3, 5)},
    **{("stackrox__kube-linter/tests__checks__priority-class-name.yaml", i): codes for i, codes in (
        (0, ("selector.mismatch",)), (2, ("selector.mismatch",)), (3, ("selector.mismatch",)),
        (4, ("selector.required",)), (5, ("restart_policy.unsupported",)), (6, ("restart_policy.unsupported",)),
        (7, ("selector.mismatch",)), (9, ("selector.mismatch",)), (10, ("selector.mismatch",)),
        (11, ("selector.required",)), (12, ("restart_policy.unsupported",)), (13, ("restart_policy.unsupported",)),
    )},
    **{("stackrox__kube-linter/tests__checks__restart-policy.yaml", i): codes for i, codes in (
        (0, ("selector.mismatch",)), (2, ("selector.mismatch",)), (3, ("selector.mismatch",)),
        (4, ("selector.required",)), (5, ("restart_policy.unsupported",)), (6, ("restart_policy.unsupported",)),
        (7, ("restart_policy.unsupported", "selector.mismatch")),
        (9, ("restart_policy.unsupported", "selector.mismatch")),
        (10, ("restart_policy.unsupported", "selector.mismatch")),
        (11, ("restart_policy.unsupported", "selector.required")),
        (14, ("restart_policy.unsupported", "selector.mismatch")),
        (16, ("restart_policy.unsupported", "selector.mismatch")),
        (17, ("restart_policy.unsupported", "selector.mismatch")),
        (18, ("restart_policy.unsupported", "selector.required")),
    )},
    ("stackrox__kube-linter/tests__checks__sorted-keys.yaml", 1): ("containers.required", "selector.mismatch"),
    ("stackrox__kube-linter/tests__checks__sorted-keys.yaml", 2): ("selector.mismatch",),
    # A ConfigMap without metadata.
    ("willthames__kubernetes-validate/tests__resource.yaml", 0): ("name.required",),
    # DaemonSet whose template has no labels at all.
    ("yannh__kubeconform/fixtures__extra_property.yaml", 0): ("selector.mismatch",),
    # ReplicationController with `templates:` (typo): no template.
    ("yannh__kubeconform/fixtures__invalid.yaml", 0): ("value.required",),
    ("yannh__kubeconform/fixtures__list_invalid.yaml", 1): ("value.required",),
    # ${APP} / ${PORT_EXPOSE} placeholders in a Service's name, selector and targetPort.
    ("zegl__kube-score/parser__testdata__invalid-yaml.yaml", 0): ("label.invalid", "name.invalid", "port.name_invalid"),
    # CronJobs whose job template has no restartPolicy (or Always).
    **{(f"zegl__kube-score/score__testdata__cronjob-batchv1-restartpolicy-{variant}.yaml", 0):
       ("restart_policy.unsupported",) for variant in ("invalid", "not-set")},
    # kube-score fixtures: workloads without selectors, or selecting labels the template lacks (app: foo vs bar).
    **{(f"zegl__kube-score/score__testdata__{name}.yaml", i): ("selector.mismatch",) for name, i in (
        ("daemonset-appsv1", 0), ("deployment-host-antiaffinity-1-replica", 0),
        ("deployment-poddisruptionbudget-v1-different-namespace", 3), ("deployment-poddisruptionbudget-v1-matches", 1),
        ("deployment-poddisruptionbudget-v1-no-match", 1), ("deployment-poddisruptionbudget-v1-no-policy", 1),
        ("deployment-with-hpa-has-replicas", 1), ("deployment-with-hpa-not-has-replicas", 1),
        ("hpa-autoscalingv1-targets-deployment", 1), ("hpa-autoscalingv2-targets-deployment", 1),
        ("hpa-target-deployment", 1), ("networkpolicy-deployment-matching", 1),
        ("networkpolicy-deployment-not-matching-selector", 1), ("networkpolicy-statefulset-not-matching-selector", 1),
        ("networkpolicy-targets-pod-deployment", 1), ("service-not-target-deployment", 0),
        ("service-target-deployment-different-namespace", 0), ("service-target-deployment-not-rolling", 0),
        ("service-target-deployment-replica-1", 0), ("service-target-deployment-same-namespace", 0),
        ("statefulset-different-labels", 0), ("statefulset-service-name-different-label", 1),
    )},
    # networking.k8s.io/v1 Ingresses without pathType.
    ("zegl__kube-score/score__testdata__ingress-networkingv1-targets-service-no-match.yaml", 0):
        ("ingress.path_type_required",),
    ("zegl__kube-score/score__testdata__ingress-networkingv1-targets-service.yaml", 0): ("ingress.path_type_required",),
    ("zegl__kube-score/score__testdata__ingress-v1-invalid-backend.yaml", 0): ("ingress.path_type_required",),
}


def _corpus_documents():
    for path in sorted(glob.glob(CORPUS + "/**/*.yaml", recursive=True)):
        rel = os.path.relpath(path, CORPUS)
        with open(path, "rb") as fh:
            for doc in parse_documents(fh.read(), rel):
                if doc.error is None and isinstance(doc.data, dict):
                    yield rel, doc


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="corpus not available")
def test_corpus_never_crashes_and_rejects_exactly_the_known_documents():
    from sandbox.engine import schema

    rejected = {}
    checked = 0
    for rel, doc in _corpus_documents():
        for version in ("1.25", "1.32", "1.37"):
            issues = rules.check(doc, version)
            rules.deprecation_warnings(doc, version)
            if doc.kind and doc.api_version and rules.removed_api(doc, version) is None \
                    and not schema.has_schema(version, doc.api_version, doc.kind):
                rules.unknown_kind(doc, version)
            if version != "1.32" or not (doc.kind and doc.api_version):
                continue
            if rules.removed_api(doc, version) is not None or not schema.has_schema(version, doc.api_version, doc.kind):
                continue
            checked += 1
            if issues:
                rejected[(rel, doc.index)] = tuple(sorted({i.code for i in issues}))
    print(f"\ncorpus: {checked} documents of served built-in kinds, {len(rejected)} rejected by the rules at 1.32")
    assert rejected == CORPUS_REJECTED


# --- every code the rules emit has a catalogue entry that formats ---------------------------------

ZOO = [
    ("annotation.too_long",
     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    big: " + "x" * 262145 + "\n"),
    ("configmap.too_long",
     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  big: " + "x" * 1048577 + "\n"),
    ("container.name_required",
     "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: '', image: i}]\n"),
    ("selector.required", "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n  template:\n"
     "    spec: {containers: [{name: c, image: i}]}\n"),
    ("selector.required", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  manualSelector: true\n"
     "  template:\n    spec: {restartPolicy: Never, containers: [{name: c, image: i}]}\n"),
    ("selector.generated", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@hourly'\n"
     "  jobTemplate:\n    spec:\n      selector: {matchLabels: {a: b}}\n      template:\n"
     "        metadata: {labels: {a: b}}\n        spec: {restartPolicy: Never, containers: [{name: c, image: i}]}\n"),
    ("value.forbidden", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
     "  containers: [{name: c, image: i, restartPolicy: Always}]\n"),
    ("value.forbidden", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n"
     "  initContainers: [{name: d, image: i, livenessProbe: {exec: {command: [x]}}}]\n"),
    ("value.out_of_range", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  activeDeadlineSeconds: 0\n"
     "  containers: [{name: c, image: i}]\n"),
    ("volume.multiple_sources",
     "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n"
     "  volumes: [{name: v, emptyDir: {}, configMap: {name: x}}]\n"),
    ("resources.name_invalid", pod("resources:\n  limits: {cpus: 1}")),
    ("value.required", pod("livenessProbe:\n  exec: {command: []}")),
    ("value.invalid", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n"
     "  volumes: [{name: v, nfs: {server: nfs, path: data}}]\n"),
    ("value.duplicate", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
     "  - {name: a, image: i, ports: [{containerPort: 80, hostPort: 8080}]}\n"
     "  - {name: b, image: i, ports: [{containerPort: 81, hostPort: 8080}]}\n"),
    ("value.unsupported", service("type: ClusterIP\ninternalTrafficPolicy: local\nports: [{port: 80}]")),
    ("selector.invalid", DEPLOYMENT.format(replicas=1, label="web").replace(
        "    matchLabels:\n      app: web\n", "    matchExpressions:\n    - {key: app, operator: In}\n")),
    ("selector.not_generated", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n"
     "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
     "    spec: {restartPolicy: Never, containers: [{name: c, image: i}]}\n"),
]


@pytest.mark.parametrize("code,text", ZOO, ids=[f"{code}-{i}" for i, (code, _) in enumerate(ZOO)])
def test_each_rule_code_renders(code, text):
    issues = check(text)
    assert code in {i.code for i in issues}, [(i.code, i.message_en[:120]) for i in issues]
    for item in issues:
        assert item.message_en.startswith(("The ", "Error from server")) and item.message_ko


def test_every_code_in_rules_has_a_catalogue_entry_and_a_test():
    package = os.path.dirname(rules.__file__)  # rules is a package: read every module of it
    source = "".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(package, "*.py"))))
    calls = r"(?:\.add|\.required|\.invalid|\.invalid_all|\.unsupported|\.duplicate|\.forbidden|issue|warn)"
    pattern = calls + r'\(\s*"([a-z_]+\.[a-z_]+)"'
    emitted = set(re.findall(pattern, source)) | set(re.findall(r'code="([a-z_]+\.[a-z_]+)"', source))
    emitted.add("value.unsupported")
    referenced = set(re.findall(r'(?:_rule|CATALOGUE)\(?\[?\s*"((?:rule|hint|warning)\.[a-z_0-9]+)"', source))
    assert not (emitted | referenced) - set(CATALOGUE), (emitted | referenced) - set(CATALOGUE)
    tested = {case.values[1] for case in CASES} | {code for code, _ in ZOO} | {
        "api.removed", "kind.unknown", "api.deprecated", "field.deprecated", "field.warning", "field.immutable",
        "pod.update_forbidden", "statefulset.update_forbidden", "service.cluster_ip_immutable",
    }
    assert emitted <= tested, emitted - tested


def test_rule_details_format_with_their_parameters():
    for code, entry in CATALOGUE.items():
        if code.startswith("rule."):
            fields = set(re.findall(r"{(\w+)}", entry.en + entry.ko))
            params = {f: "1" for f in fields}
            assert entry.en.format(**params) and entry.ko.format(**params)


# --- building blocks ------------------------------------------------------------------------------


@pytest.mark.parametrize("text,canonical", [
    ("500m", "500m"), ("0.5", "500m"), ("1.5", "1500m"), ("2000m", "2"), ("1000", "1k"), ("1", "1"),
    ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("0.5Gi", "512Mi"), ("1.5Gi", "1536Mi"), ("0.5Ki", "512"),
    ("1G", "1G"), ("1e3", "1e3"), ("1.5e3", "1500"), ("-1", "-1"), ("-0.5", "-500m"), ("0.0000000001", "1n"),
    (1, "1"), (0.25, "250m"), (128, "128"),
])
def test_quantities_print_in_canonical_form(text, canonical):
    assert str(rules.parse_quantity(text)) == canonical


@pytest.mark.parametrize("text,error", [
    ("500x", QUANTITY_REGEX), ("1Kb", QUANTITY_REGEX), ("1.5.5", QUANTITY_REGEX), ("", QUANTITY_REGEX),
    ("two", QUANTITY_REGEX), ("1K", "unable to parse quantity's suffix"), ("1mi", "unable to parse quantity's suffix"),
    ("1e", "unable to parse quantity's suffix"),
])
def test_invalid_quantities_fail_like_parse_quantity(text, error):
    with pytest.raises(rules.QuantityError) as exc:
        rules.parse_quantity(text)
    assert str(exc.value) == error


def test_quantities_compare_by_value():
    q = rules.parse_quantity
    assert q("500m").value < q("1").value
    assert q("1G").value < q("1Gi").value
    assert q("1000Mi").value < q("1Gi").value == q("1024Mi").value


@pytest.mark.parametrize("schedule,error", [
    ("*/5 * * * *", None), ("0 9-17 * jan-dec mon-fri", None), ("@daily", None), ("@every 1h30m", None),
    ("CRON_TZ=Asia/Seoul 0 9 * * *", None),
    ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
    ("0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("*/x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("@weekdays", "unrecognized descriptor: @weekdays"),
])
def test_cron_schedules_parse_like_robfig_cron(schedule, error):
    assert rules.cron_error(schedule) == error


@pytest.mark.parametrize("word,pair,expected", [
    ("Ingress", "은는", "Ingress는"), ("networking.k8s.io/v1", "을를", "networking.k8s.io/v1을"),
    ("autoscaling/v2", "을를", "autoscaling/v2를"), ("CronJob", "은는", "CronJob은"), ("Role", "은는", "Role은"),
    ("Deployment", "을를", "Deployment를"), ("StatefulSet", "은는", "StatefulSet은"),
])
def test_korean_particles_follow_the_word(word, pair, expected):
    assert rules.josa(word, pair) == expected
