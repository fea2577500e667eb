"""Our validator against 767 real manifest files and the peer validator's verdicts.

Every document must get the peer's verdict (valid / not valid), except where the peer has a
known blind spot (../shared/corpus/README.md). Each such difference is listed below by file and
document with its reason, so a change in behaviour shows up as a failing test.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from sandbox.engine.manifests import parse_documents
from sandbox.engine.validate import check_document
from tests.engine import corpus

pytestmark = pytest.mark.skipif(not corpus.available(), reason="the shared corpus (../shared/corpus) is not beside the repo")

# Where our verdict differs from the peer's, and why. Key: (file, document index in the YAML stream).
# Reasons:
#   serviceName  - StatefulSet spec.serviceName is required by the 1.25-1.32 schemas but never by the server
#   server-rule  - a check the real API server applies beyond the schema (name syntax, selector vs labels, ...)
#   duplicate-key - kubectl refuses duplicate YAML keys; the peer keeps the last one
#   parser       - a YAML detail where libyaml/go-yaml (what kubectl uses) and the peer's parser differ
# Each entry was read against the file and the real server's rule (reference sheet §13) by a person.
EXPECTED_DIFFERENCES: dict[tuple[str, int], tuple[str, str]] = {
    ('ContainerSolutions__kubernetes-examples/Ingress__fanout.yaml', 0): ('server-rule', 'spec.rules[0].http.paths[0].pathType: Unsupported value: "exact": supported values: "Exact", "ImplementationSpecific", "Prefix"'),
    ('ContainerSolutions__kubernetes-examples/Ingress__nohost.yaml', 0): ('server-rule', 'spec.rules[0].http.paths[0].pathType: Unsupported value: "exact": supported values: "Exact", "ImplementationSpecific", "Prefix"'),
    ('ContainerSolutions__kubernetes-examples/Ingress__tls.yaml', 1): ('server-rule', 'spec.rules[0].http.paths[0].pathType: Unsupported value: "exact": supported values: "Exact", "ImplementationSpecific", "Prefix"'),
    ('ContainerSolutions__kubernetes-examples/Ingress__virtualhosting.yaml', 0): ('server-rule', 'spec.rules[0].http.paths[0].pathType: Unsupported value: "exact": supported values: "Exact", "ImplementationSpecific", "Prefix"'),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-online-serving-single-gpu__src__gke-config__deployment-tfserve.yaml', 0): ('server-rule', 'spec.template.spec.serviceAccountName: Invalid value: "$K8S_SA_NAME": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric'),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__autopilot__pv-pvc.yaml', 0): ('server-rule', "spec.capacity[storage]: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__autopilot__pv-pvc.yaml', 1): ('server-rule', "spec.resources.requests[storage]: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__metrics-autoscaling__pv-pvc.yaml', 0): ('server-rule', 'metadata.name: Invalid value: "PV_NAME": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and '),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__gke-slurm__metrics-autoscaling__pv-pvc.yaml', 1): ('server-rule', 'metadata.name: Invalid value: "PVC_NAME": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and'),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__infw-gw__examples__getting-started__vlllm gpu_deployment-variables.yaml', 1): ('server-rule', 'metadata.name: Invalid value: "${METRICS_READER_SA_NAME:-inference-gateway-sa-metrics-reader}": a lowercase RFC 1123 subdomain must consist '),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__infw-gw__examples__getting-started__vlllm gpu_deployment-variables.yaml', 3): ('server-rule', 'metadata.name: Invalid value: "${METRICS_READER_SECRET_NAME:-inference-gateway-sa-metrics-reader-secret}": a lowercase RFC 1123 subdomain mu'),
    ('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml__vllm-tpu__vllm-llama3-70b.yaml', -1): ('parser', "a tab after a plain value: libyaml and go-yaml (kubectl) accept it, the peer's pure-Python parser does not"),
    ('GoogleCloudPlatform__kubernetes-engine-samples/databases__redis-enterprise-operator__manifests__01-basic-cluster__webhook.yaml', 0): ('server-rule', 'webhooks[0].clientConfig.caBundle: illegal base64 data at input byte 0'),
    ('kubernetes-up-and-running__examples/8-4-tls-secret.yaml', 0): ('server-rule', 'data[tls.crt]: illegal base64 data at input byte 0'),
    ('kubernetes__examples/_archived__openshift-origin__etcd-controller.yaml', 0): ('duplicate-key', 'line 12: key "selector" already set in map'),
    ('kubernetes__examples/_archived__openshift-origin__etcd-discovery-controller.yaml', 0): ('duplicate-key', 'line 12: key "selector" already set in map'),
    ('kubernetes__examples/_archived__openshift-origin__openshift-controller.yaml', 0): ('duplicate-key', 'line 12: key "selector" already set in map'),
    ('kubernetes__examples/_archived__persistent-volume-provisioning__quobyte__quobyte-admin-secret.yaml', 0): ('duplicate-key', 'line 9: key "type" already set in map'),
    ('kubernetes__examples/_archived__sysdig-cloud__sysdig-rc.yaml', 0): ('server-rule', 'spec.selector: Required value'),
    ('kubernetes__examples/_archived__volumes__aws_ebs__aws-ebs-web.yaml', 0): ('server-rule', 'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'),
    ('kubernetes__examples/_archived__volumes__cinder__cinder-web.yaml', 0): ('server-rule', 'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'),
    ('kubernetes__examples/_archived__volumes__scaleio__sc-pvc.yaml', 0): ('duplicate-key', 'line 12: key "storageClassName" already set in map'),
    ('stackrox__kube-linter/tests__checks__exposed-services.yml', 1): ('server-rule', 'spec.ports: Required value'),
    ('stackrox__kube-linter/tests__checks__forbidden-annotation.yml', 0): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'),
    ('stackrox__kube-linter/tests__checks__forbidden-annotation.yml', 1): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'),
    ('stackrox__kube-linter/tests__checks__forbidden-annotation.yml', 2): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'),
    ('stackrox__kube-linter/tests__checks__invalid-target-ports.yaml', 2): ('server-rule', 'spec.ports: Required value'),
    ('stackrox__kube-linter/tests__checks__use-namespace.yml', 0): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'),
    ('stackrox__kube-linter/tests__checks__use-namespace.yml', 1): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'),
    ('zegl__kube-score/score__testdata__cronjob-batchv1-restartpolicy-not-set.yaml', 0): ('server-rule', 'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'),
    ('zegl__kube-score/score__testdata__networkpolicy-statefulset-matching.yaml', 1): ('serviceName', 'StatefulSet without spec.serviceName: required by the 1.25-1.32 schemas, never by the server'),
    ('zegl__kube-score/score__testdata__statefulset-different-labels.yaml', 0): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"bar"}: `selector` does not match template `labels`'),
    ('zegl__kube-score/score__testdata__statefulset-host-antiaffinity-1-replica.yaml', 0): ('serviceName', 'StatefulSet without spec.serviceName: required by the 1.25-1.32 schemas, never by the server'),
    ('zegl__kube-score/score__testdata__statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml', 1): ('serviceName', 'StatefulSet without spec.serviceName: required by the 1.25-1.32 schemas, never by the server'),
    ('zegl__kube-score/score__testdata__statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml', 1): ('serviceName', 'StatefulSet without spec.serviceName: required by the 1.25-1.32 schemas, never by the server'),
    ('zegl__kube-score/score__testdata__statefulset-poddisruptionbudget-v1beta1-matches.yaml', 1): ('serviceName', 'StatefulSet without spec.serviceName: required by the 1.25-1.32 schemas, never by the server'),
    ('zegl__kube-score/score__testdata__statefulset-poddisruptionbudget-v1beta1-no-match.yaml', 1): ('serviceName', 'StatefulSet without spec.serviceName: required by the 1.25-1.32 schemas, never by the server'),
    ('zegl__kube-score/score__testdata__statefulset-service-name-different-label.yaml', 1): ('server-rule', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"bar"}: `selector` does not match template `labels`'),
}


@dataclass
class Report:
    agree: int = 0
    explained: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    differences: dict = field(default_factory=dict)  # (file, index) -> (ours, codes)


def our_verdicts(file: str) -> dict[int, tuple[bool, list[str], str | None]]:
    """source index -> (valid, error codes, kind) for one corpus file."""
    out: dict[int, tuple[bool, list[str], str | None]] = {}
    grouped: dict[int, list] = defaultdict(list)
    for doc in parse_documents(corpus.read(file), file):
        grouped[doc.source_index].append(doc)
    for index, docs in grouped.items():
        codes: list[str] = []
        for doc in docs:
            errors, _ = check_document(doc, "1.32")
            codes.extend(e.code for e in errors)
        out[index] = (not codes, codes, docs[0].kind)
    return out


def compare_with_peer() -> Report:
    report = Report()
    by_file: dict[str, list[corpus.Verdict]] = defaultdict(list)
    for v in corpus.verdicts():
        by_file[v.file].append(v)
    for file, rows in by_file.items():
        ours = our_verdicts(file)
        for row in rows:
            key = (file, row.doc_index)
            if row.doc_index == -1:
                if row.verdict == "error":  # the peer could not parse the file: we must report a syntax error in it
                    codes = [c for _, cs, _ in ours.values() for c in cs]
                    agree = "yaml.syntax" in codes
                    our_valid = not agree
                else:  # a file with no documents
                    agree = not ours
                    our_valid = True
            else:
                if row.kind == "List" and row.verdict == "error":
                    report.agree += 1  # the peer has no schema for List; we expand and check its items instead
                    continue
                valid, codes, _ = ours.get(row.doc_index, (True, ["<missing document>"], None))
                if row.doc_index not in ours:
                    valid = False
                our_valid = valid
                peer_valid = row.verdict == "valid"
                agree = our_valid == peer_valid
                if not agree:
                    report.differences[key] = (our_valid, codes)
            if agree:
                report.agree += 1
            elif key in EXPECTED_DIFFERENCES:
                report.explained.append(f"{file}#{row.doc_index}: {EXPECTED_DIFFERENCES[key][0]}")
            else:
                codes = report.differences.get(key, (our_valid, []))[1]
                report.unexplained.append(
                    f"{file}#{row.doc_index} {row.kind}: peer {row.verdict}, ours {'valid' if our_valid else 'invalid'} {codes}"
                )
    return report


def test_differences_from_the_peer_are_exactly_the_listed_ones():
    report = compare_with_peer()
    assert report.unexplained == [], "\n".join(report.unexplained)
    listed = {f"{f}#{i}" for f, i in EXPECTED_DIFFERENCES}
    seen = {line.split(":")[0] for line in report.explained}
    assert listed == seen, f"listed but no longer different: {sorted(listed - seen)}"


def test_most_of_the_corpus_agrees_with_the_peer():
    report = compare_with_peer()
    assert report.agree >= 1200
