"""Messages that are the sandbox's own (not kubectl's), in English and Korean.

kubectl's own messages stay in English everywhere (students search for them); these explain
what the sandbox cannot do, so they follow the page's language.
"""

from __future__ import annotations

SUPPORTED_COMMANDS = (
    "annotate", "api-resources", "api-versions", "apply", "cluster-info", "config", "cordon", "create",
    "delete", "describe", "drain", "exec", "explain", "expose", "get", "help", "label", "logs", "patch", "run",
    "scale", "set", "uncordon", "version",
)

_TEXTS: dict[str, tuple[str, str]] = {
    "unsupported": (
        "error: `kubectl {command}` is not supported by this sandbox yet.\n"
        "Supported commands: {supported}.",
        "오류: 이 샌드박스는 아직 `kubectl {command}` 명령을 지원하지 않습니다.\n"
        "지원하는 명령: {supported}.",
    ),
    "unsupported_sub": (
        "error: `kubectl {command}` is not supported by this sandbox yet (supported here: {supported}).",
        "오류: 이 샌드박스는 아직 `kubectl {command}` 명령을 지원하지 않습니다 (지원하는 하위 명령: {supported}).",
    ),
    "edit": (
        "error: `kubectl edit` opens the object in a text editor, and the sandbox console has no editor.\n"
        "Instead, get the manifest with `kubectl get {target} -o yaml`, change it in the YAML editor and "
        "apply it (`kubectl apply -f`), or change fields directly with `kubectl patch`, `kubectl scale`, "
        "`kubectl set image` or `kubectl label`.",
        "오류: `kubectl edit`는 오브젝트를 텍스트 편집기로 여는데, 샌드박스 콘솔에는 편집기가 없습니다.\n"
        "대신 `kubectl get {target} -o yaml`로 매니페스트를 받아 YAML 편집기에서 고친 뒤 적용(`kubectl apply -f`)하거나, "
        "`kubectl patch`, `kubectl scale`, `kubectl set image`, `kubectl label`로 필드를 직접 바꾸세요.",
    ),
    "describe_missing": (
        "error: `kubectl describe` is not available in this sandbox build yet.",
        "오류: 이 샌드박스 버전에서는 아직 `kubectl describe`를 사용할 수 없습니다.",
    ),
    "explain_missing": (
        "error: `kubectl explain` is not available in this sandbox build yet.",
        "오류: 이 샌드박스 버전에서는 아직 `kubectl explain`을 사용할 수 없습니다.",
    ),
    "watch_stopped": (
        "(the sandbox stopped watching after {seconds} of simulated time: nothing more was about to happen. "
        "A real `kubectl get --watch` keeps waiting; run the command again to watch on.)",
        "(시뮬레이션 시간으로 {seconds} 뒤 더 일어날 일이 없어서 샌드박스는 지켜보기를 멈췄습니다. "
        "실제 `kubectl get --watch`는 계속 기다립니다. 이어서 보려면 명령을 다시 실행하세요.)",
    ),
    "watch_limit": (
        "(the sandbox stopped watching after {seconds} of simulated time. A real `kubectl get --watch` keeps "
        "waiting; run the command again to watch on.)",
        "(샌드박스는 시뮬레이션 시간으로 {seconds} 동안 지켜본 뒤 멈췄습니다. 실제 `kubectl get --watch`는 계속 "
        "기다립니다. 이어서 보려면 명령을 다시 실행하세요.)",
    ),
    "wait_stopped": (
        "(the sandbox stopped waiting after {seconds} of simulated time: {what} is still there. A real kubectl "
        "keeps waiting until it is gone; check it with `kubectl get`.)",
        "(샌드박스는 시뮬레이션 시간으로 {seconds} 동안 기다린 뒤 멈췄습니다. {what}이(가) 아직 남아 있습니다. "
        "실제 kubectl은 사라질 때까지 계속 기다립니다. `kubectl get`으로 확인하세요.)",
    ),
    "drain_stopped": (
        "(the sandbox stopped draining after {seconds} of simulated time: the evictions are still refused and "
        "nothing in the cluster is about to change. A real `kubectl drain` keeps retrying every 5 seconds until "
        "--timeout or Ctrl-C; the node stays cordoned. Check the PodDisruptionBudgets with `kubectl get pdb`.)",
        "(샌드박스는 시뮬레이션 시간으로 {seconds} 뒤 drain을 멈췄습니다. 축출이 계속 거부되고 있고 클러스터에서 "
        "곧 바뀔 것이 없습니다. 실제 `kubectl drain`은 --timeout이나 Ctrl-C 전까지 5초마다 다시 시도합니다. "
        "노드는 cordon된 채로 남습니다. `kubectl get pdb`로 PodDisruptionBudget을 확인하세요.)",
    ),
    "interactive": (
        "error: interactive sessions (-i, -t, --stdin, --tty, --attach, --rm) are not supported in the sandbox "
        "console; run the pod without them.",
        "오류: 샌드박스 콘솔에서는 대화형 세션(-i, -t, --stdin, --tty, --attach, --rm)을 지원하지 않습니다. "
        "이 옵션 없이 파드를 실행하세요.",
    ),
    "server_side": (
        "error: {flag} is not supported by this sandbox yet.",
        "오류: 이 샌드박스는 아직 {flag} 옵션을 지원하지 않습니다.",
    ),
    "generator_unsupported": (
        "error: `kubectl create {what}` is not supported by this sandbox yet; write the manifest and use "
        "`kubectl apply -f` instead.\nSupported: {supported}.",
        "오류: 이 샌드박스는 아직 `kubectl create {what}`를 지원하지 않습니다. 매니페스트를 작성해 "
        "`kubectl apply -f`로 적용하세요.\n지원하는 종류: {supported}.",
    ),
    "from_file": (
        "error: the sandbox has no files to read for {flag}; use --from-literal=KEY=VALUE instead.",
        "오류: 샌드박스에는 {flag}로 읽을 파일이 없습니다. 대신 --from-literal=KEY=VALUE를 사용하세요.",
    ),
    "context": (
        "error: the sandbox has one context, `kubernetes-admin@kubernetes`.",
        "오류: 샌드박스에는 `kubernetes-admin@kubernetes` 컨텍스트 하나만 있습니다.",
    ),
    "quote": (
        "error: the command line could not be read: {reason} (check the quotes and backslashes)",
        "오류: 명령줄을 읽을 수 없습니다: {reason} (따옴표와 역슬래시를 확인하세요)",
    ),
    "go_template": (
        "error: go-template output is not available in the sandbox; use -o jsonpath=... or -o custom-columns=... "
        "instead.",
        "오류: 샌드박스에서는 go-template 출력을 쓸 수 없습니다. 대신 -o jsonpath=... 또는 -o custom-columns=...를 "
        "사용하세요.",
    ),
    "lb_pending": (
        "note (sandbox): service/{name} is a LoadBalancer, but the sandbox has no cloud provider, so no load "
        "balancer is created and EXTERNAL-IP stays <pending>, as on any cluster without one (kubeadm, bare "
        "metal). Reach it through its NodePort on any node's IP ({ports}) or through the ClusterIP.",
        "참고(샌드박스): service/{name}의 타입은 LoadBalancer이지만, 샌드박스에는 클라우드 공급자가 없어 로드 "
        "밸런서가 만들어지지 않습니다. 그래서 클라우드 없는 클러스터(kubeadm, 베어메탈)에서처럼 EXTERNAL-IP가 "
        "<pending>으로 남습니다. 노드 IP의 NodePort({ports})나 ClusterIP로 접속하세요.",
    ),
    "ingress_notes": (
        "note (sandbox): ingress/{name} is served by the sandbox's simulated ingress-nginx controller "
        "(IngressClass nginx). Paths with pathType ImplementationSpecific are matched like Prefix here; "
        "ingress-nginx itself decides differently.",
        "참고(샌드박스): ingress/{name}의 요청은 샌드박스의 시뮬레이션된 ingress-nginx 컨트롤러(IngressClass nginx)가 "
        "처리합니다. pathType이 ImplementationSpecific인 경로는 여기서 Prefix처럼 매칭됩니다. 실제 ingress-nginx는 "
        "이와 다르게 판단할 수 있습니다.",
    ),
    "internal": (
        "error: the sandbox could not run this command ({detail}). This is a bug in the sandbox, not in your command.",
        "오류: 샌드박스가 이 명령을 실행하지 못했습니다 ({detail}). 명령의 문제가 아니라 샌드박스의 버그입니다.",
    ),
}


class SandboxError(Exception):
    """One of the sandbox's own messages, raised where the page's language is not at hand."""

    def __init__(self, key: str, **params: str):
        super().__init__(key)
        self.key = key
        self.params = params


def text(key: str, language: str = "en", **params: str) -> str:
    en, ko = _TEXTS[key]
    return (ko if language == "ko" else en).format(**params)
