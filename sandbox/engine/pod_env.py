"""What the kubelet hands a container besides its image: environment variables and mounted files.

As ``pkg/kubelet/kubelet_pods.go`` (makeEnvironmentVariables, getServiceEnvVarMap) and the volume
plugins build them: ``envFrom`` then ``env`` in order with ``$(VAR)`` expansion, then the
Service variables (docker links); ConfigMap, Secret, projected and downward API volumes become
files at their mount paths. A missing ConfigMap or Secret is a :class:`ConfigError` (the container
waits in ``CreateContainerConfigError``) or, for a volume, a :class:`MountError` (``FailedMount``,
the pod stays ``ContainerCreating``), with the kubelet's exact wording (reference §1.2, §2).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from typing import Any, Callable

SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
MASTER_SERVICES = ("kubernetes",)
_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")

Getter = Callable[[str, str, str], "dict | None"]  # (kind, namespace, name) -> object or None


class ConfigError(Exception):
    """The container cannot be configured: ``CreateContainerConfigError`` with this message."""

    def __init__(self, message: str, waits_for: tuple[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.waits_for = waits_for  # (kind, name) whose creation may fix it


class MountError(ConfigError):
    """A volume cannot be set up: ``FailedMount`` ``MountVolume.SetUp failed for volume "v" : ...``."""

    def __init__(self, volume: str, detail: str, waits_for: tuple[str, str] | None = None):
        super().__init__(f'MountVolume.SetUp failed for volume "{volume}" : {detail}', waits_for)
        self.volume = volume


def _source(get: Getter, kind: str, namespace: str, name: str, optional: bool) -> dict | None:
    obj = get(kind, namespace, name)
    if obj is None and not optional:
        raise ConfigError(f'{kind.lower()} "{name}" not found', (kind, name))
    return obj


def _data(obj: dict) -> dict[str, str]:
    """A ConfigMap's data, or a Secret's decoded data (stringData is merged by the API server)."""
    if obj.get("kind") == "Secret":
        out = {}
        for key, value in (obj.get("data") or {}).items():
            try:
                out[key] = base64.b64decode(str(value)).decode("utf-8", "replace")
            except ValueError:
                out[key] = ""
        for key, value in (obj.get("stringData") or {}).items():
            out[key] = str(value)
        return out
    data = {k: str(v) for k, v in (obj.get("data") or {}).items()}
    data.update({k: "" for k in obj.get("binaryData") or {} if k not in data})
    return data


def field_value(pod: dict, path: str, host_ip: str, pod_ip: str) -> str:
    """A downward API fieldRef (``metadata.name``, ``status.podIP``, ``metadata.labels['app']`` ...)."""
    meta, spec = pod.get("metadata") or {}, pod.get("spec") or {}
    match = re.fullmatch(r"metadata\.(labels|annotations)\['(.+)'\]", path)
    if match:
        return str((meta.get(match.group(1)) or {}).get(match.group(2), ""))
    if path in ("metadata.labels", "metadata.annotations"):
        items = meta.get(path.split(".")[1]) or {}
        return "\n".join(f"{k}={json.dumps(str(v))}" for k, v in sorted(items.items()))
    simple = {
        "metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace"), "metadata.uid": meta.get("uid"),
        "spec.nodeName": spec.get("nodeName"), "spec.serviceAccountName": spec.get("serviceAccountName"),
        "status.hostIP": host_ip, "status.hostIPs": host_ip, "status.podIP": pod_ip, "status.podIPs": pod_ip,
    }
    return str(simple.get(path) or "")


def _resource_value(container: dict, ref: dict, allocatable: dict) -> str:
    from .runtime import parse_quantity

    resource = str(ref.get("resource") or "")
    section, _, name = resource.partition(".")
    value = ((container.get("resources") or {}).get(section) or {}).get(name)
    if value is None:  # an unset limit reads as the node's allocatable (the kubelet's default)
        value = allocatable.get(name, "0")
    divisor = ref.get("divisor") or "1"
    if name == "cpu":
        return str(-(-_cpu_millis(value) // max(_cpu_millis(divisor), 1)))
    return str(-(-parse_quantity(value) // max(parse_quantity(divisor), 1)))


def _cpu_millis(value: Any) -> int:
    text = str(value)
    return int(float(text[:-1])) if text.endswith("m") else int(float(text) * 1000)


def _expand(text: str, env: dict[str, str]) -> str:
    """``$(VAR)`` from variables defined so far; ``$$`` escapes; unknown references stay as written."""
    def sub(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        return env.get(match.group(1), match.group(0))

    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", sub, text)


def service_env(services: list[dict], namespace: str, enable_links: bool) -> dict[str, str]:
    """The docker-links variables of the Services a pod sees (its namespace's, and ``kubernetes``)."""
    chosen: dict[str, dict] = {}
    for svc in services:
        meta, spec = svc.get("metadata") or {}, svc.get("spec") or {}
        ip = spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        name = meta.get("name", "")
        if meta.get("namespace") == "default" and name in MASTER_SERVICES:
            chosen.setdefault(name, svc)
        elif meta.get("namespace") == namespace and enable_links:
            chosen[name] = svc
    env: dict[str, str] = {}
    for name in sorted(chosen):
        spec = chosen[name]["spec"]
        ip, ports = spec["clusterIP"], spec.get("ports") or []
        prefix = name.upper().replace("-", "_")
        env[f"{prefix}_SERVICE_HOST"] = ip
        if not ports:
            continue
        env[f"{prefix}_SERVICE_PORT"] = str(ports[0].get("port"))
        for port in ports:
            if port.get("name"):
                env[f"{prefix}_SERVICE_PORT_{port['name'].upper().replace('-', '_')}"] = str(port.get("port"))
        first = ports[0]
        proto = str(first.get("protocol") or "TCP").lower()
        env[f"{prefix}_PORT"] = f"{proto}://{ip}:{first.get('port')}"
        for port in ports:
            proto = str(port.get("protocol") or "TCP")
            base = f"{prefix}_PORT_{port.get('port')}_{proto}"
            env[base] = f"{proto.lower()}://{ip}:{port.get('port')}"
            env[f"{base}_PROTO"] = proto.lower()
            env[f"{base}_PORT"] = str(port.get("port"))
            env[f"{base}_ADDR"] = ip
    return env


def container_env(pod: dict, container: dict, get: Getter, services: list[dict], host_ip: str, pod_ip: str,
                  allocatable: dict, links: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the kubelet gives ``container``; raises :class:`ConfigError`. ``links``: the
    pod's service_env(...) when the caller already has it (the same for every pod of a namespace)."""
    meta, spec = pod.get("metadata") or {}, pod.get("spec") or {}
    namespace = meta.get("namespace") or "default"
    if links is None:
        links = service_env(services, namespace, spec.get("enableServiceLinks", True) is not False)
    env: dict[str, str] = {}
    for source in container.get("envFrom") or ():
        prefix = str(source.get("prefix") or "")
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            ref = source.get(key)
            if isinstance(ref, dict):
                obj = _source(get, kind, namespace, str(ref.get("name") or ""), bool(ref.get("optional")))
                for k, v in sorted(_data(obj).items()) if obj else ():
                    if _ENV_NAME.match(prefix + k):
                        env[prefix + k] = v
    scope = {**links, **env}
    for item in container.get("env") or ():
        name = str(item.get("name") or "")
        value_from = item.get("valueFrom")
        if not isinstance(value_from, dict):
            value = _expand(str(item.get("value") or ""), scope)
        else:
            value = _value_from(pod, container, value_from, get, namespace, host_ip, pod_ip, allocatable)
            if value is None:
                continue  # an optional reference that is missing: the variable is not set
        env[name] = value
        scope[name] = value
    for key, value in links.items():
        env.setdefault(key, value)
    return env


def _value_from(pod: dict, container: dict, source: dict, get: Getter, namespace: str, host_ip: str,
                pod_ip: str, allocatable: dict) -> str | None:
    if isinstance(source.get("fieldRef"), dict):
        return field_value(pod, str(source["fieldRef"].get("fieldPath") or ""), host_ip, pod_ip)
    if isinstance(source.get("resourceFieldRef"), dict):
        return _resource_value(container, source["resourceFieldRef"], allocatable)
    for kind, key in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
        ref = source.get(key)
        if isinstance(ref, dict):
            name, wanted, optional = str(ref.get("name") or ""), str(ref.get("key") or ""), bool(ref.get("optional"))
            obj = _source(get, kind, namespace, name, optional)
            if obj is None:
                return None
            data = _data(obj)
            if wanted not in data:
                if optional:
                    return None
                raise ConfigError(f"couldn't find key {wanted} in {kind} {namespace}/{name}", (kind, name))
            return data[wanted]
    return ""


# --- volumes ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def service_account_token(namespace: str, account: str) -> str:
    """A stand-in for the projected token: JWT-shaped, stable per service account (not a real credential)."""
    payload = json.dumps({"aud": ["https://kubernetes.default.svc.cluster.local"], "iss": "https://kubernetes.default.svc.cluster.local",
                          "sub": f"system:serviceaccount:{namespace}:{account}"}, separators=(",", ":"))
    def b64(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    signature = b64(hashlib.sha256(payload.encode()).hexdigest()[:32])
    return f"{b64(json.dumps({'alg': 'RS256', 'kid': 'sandbox'}))}.{b64(payload)}.{signature}"


def _items(data: dict[str, str], items: Any, kind: str, name: str) -> dict[str, str]:
    if not items:
        return dict(data)
    out = {}
    for item in items:
        key = str(item.get("key") or "")
        if key not in data:
            raise ConfigError(f"{kind.lower()} references non-existent config key: {key}", (kind, name))
        out[str(item.get("path") or key)] = data[key]
    return out


def volume_files(pod: dict, volume: dict, get: Getter, host_ip: str, pod_ip: str) -> dict[str, str]:
    """Relative path -> content of what ``volume`` holds; raises :class:`MountError`."""
    meta = pod.get("metadata") or {}
    namespace = meta.get("namespace") or "default"
    name = str(volume.get("name") or "")
    try:
        if isinstance(volume.get("configMap"), dict):
            ref = volume["configMap"]
            obj = _source(get, "ConfigMap", namespace, str(ref.get("name") or ""), bool(ref.get("optional")))
            return _items(_data(obj), ref.get("items"), "ConfigMap", ref.get("name")) if obj else {}
        if isinstance(volume.get("secret"), dict):
            ref = volume["secret"]
            obj = _source(get, "Secret", namespace, str(ref.get("secretName") or ""), bool(ref.get("optional")))
            return _items(_data(obj), ref.get("items"), "Secret", ref.get("secretName")) if obj else {}
        if isinstance(volume.get("downwardAPI"), dict):
            return _downward(pod, volume["downwardAPI"].get("items"), host_ip, pod_ip)
        if isinstance(volume.get("projected"), dict):
            files: dict[str, str] = {}
            account = (pod.get("spec") or {}).get("serviceAccountName") or "default"
            for source in volume["projected"].get("sources") or ():
                if isinstance(source.get("serviceAccountToken"), dict):
                    path = source["serviceAccountToken"].get("path") or "token"
                    files[path] = service_account_token(namespace, account)
                elif isinstance(source.get("configMap"), dict):
                    ref = source["configMap"]
                    obj = _source(get, "ConfigMap", namespace, str(ref.get("name") or ""), bool(ref.get("optional")))
                    files.update(_items(_data(obj), ref.get("items"), "ConfigMap", ref.get("name")) if obj else {})
                elif isinstance(source.get("secret"), dict):
                    ref = source["secret"]
                    obj = _source(get, "Secret", namespace, str(ref.get("name") or ""), bool(ref.get("optional")))
                    files.update(_items(_data(obj), ref.get("items"), "Secret", ref.get("name")) if obj else {})
                elif isinstance(source.get("downwardAPI"), dict):
                    files.update(_downward(pod, source["downwardAPI"].get("items"), host_ip, pod_ip))
            return files
    except MountError:
        raise
    except ConfigError as error:
        raise MountError(name, error.message, error.waits_for) from None
    return {}  # emptyDir, hostPath, persistentVolumeClaim ...: nothing the sandbox pre-fills


def _downward(pod: dict, items: Any, host_ip: str, pod_ip: str) -> dict[str, str]:
    out = {}
    for item in items or ():
        ref = item.get("fieldRef")
        if isinstance(ref, dict):
            out[str(item.get("path"))] = field_value(pod, str(ref.get("fieldPath") or ""), host_ip, pod_ip)
    return out


def container_files(pod: dict, container: dict, volumes: dict[str, dict[str, str]]) -> dict[str, str]:
    """Absolute path -> content of the files ``container`` sees through its volumeMounts."""
    files: dict[str, str] = {}
    for mount in container.get("volumeMounts") or ():
        content = volumes.get(str(mount.get("name") or ""))
        if not content:
            continue
        path = str(mount.get("mountPath") or "").rstrip("/")
        sub = str(mount.get("subPath") or "")
        if sub:
            if sub in content:
                files[path] = content[sub]
            continue
        for rel, text in content.items():
            files[f"{path}/{rel}"] = text
    return files


def pod_volumes(pod: dict, get: Getter, host_ip: str, pod_ip: str) -> dict[str, dict[str, str]]:
    """Every volume of the pod, set up in spec order; raises :class:`MountError` for the first that fails."""
    return {str(v.get("name") or ""): volume_files(pod, v, get, host_ip, pod_ip)
            for v in (pod.get("spec") or {}).get("volumes") or ()}


def pull_credentials(pod: dict, get: Getter) -> tuple[set[str], list[str]]:
    """(registry hosts the pod's imagePullSecrets hold credentials for, names of secrets that are missing)."""
    from .images import registries_in_dockerconfig

    namespace = (pod.get("metadata") or {}).get("namespace") or "default"
    hosts: set[str] = set()
    missing: list[str] = []
    for ref in (pod.get("spec") or {}).get("imagePullSecrets") or ():
        name = str(ref.get("name") or "")
        secret = get("Secret", namespace, name)
        if secret is None:
            missing.append(name)
            continue
        raw = _data(secret).get(".dockerconfigjson") or _data(secret).get(".dockercfg") or ""
        try:
            hosts |= registries_in_dockerconfig(json.loads(raw))
        except ValueError:
            continue
    return hosts, missing
