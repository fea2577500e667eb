"""The simulated container runtime: images, pulls, container behaviour, probes, back-off, stages."""

from __future__ import annotations

import math
import random
import re
from datetime import datetime, timezone

import pytest

from sandbox.engine import images, runtime
from sandbox.engine.images import InvalidImageName, PullError, default_pull_policy, parse_image, resolve_image
from sandbox.engine.runtime import (
    STAGES,
    NetworkAnswer,
    NetworkCall,
    StartError,
    behaviour,
    container_behaviour,
    files_at,
    go_backoff_string,
    go_duration,
    http_answer,
    image_pull_backoff,
    logs_at,
    oom_after,
    probe_result,
    pull_seconds,
    restart_backoff,
    run,
    termination,
)

POD_IP = "10.244.1.5"
DIGEST = "sha256:" + "0123456789abcdef" * 4


def plan(image, command=None, args=None, env=None, **kw):
    return behaviour(image, command, args, env, hostname="web-1", pod_ip=POD_IP, **kw)


# --- image references --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "image, canonical",
    [
        ("nginx", "docker.io/library/nginx:latest"),
        ("nginx:1.27", "docker.io/library/nginx:1.27"),
        ("library/nginx:1.27", "docker.io/library/nginx:1.27"),
        ("docker.io/nginx:1.27", "docker.io/library/nginx:1.27"),
        ("index.docker.io/library/nginx", "docker.io/library/nginx:latest"),
        ("bitnami/redis:7.2", "docker.io/bitnami/redis:7.2"),
        ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
        ("gcr.io/google-samples/hello-app:1.0", "gcr.io/google-samples/hello-app:1.0"),
        ("ghcr.io/stefanprodan/podinfo:6.7.1", "ghcr.io/stefanprodan/podinfo:6.7.1"),
        (f"nginx@{DIGEST}", f"docker.io/library/nginx@{DIGEST}"),
        (f"nginx:1.27@{DIGEST}", f"docker.io/library/nginx@{DIGEST}"),
        ("localhost:5000/app:v1", "localhost:5000/app:v1"),
        ("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app:latest"),
        ("my-registry.io/a__b/c--d.e:v1.0_rc-1", "my-registry.io/a__b/c--d.e:v1.0_rc-1"),
    ],
)
def test_image_reference_is_normalised_like_containerd(image, canonical):
    assert parse_image(image).canonical == canonical


def test_image_reference_parts_are_split_into_domain_path_tag_and_digest():
    ref = parse_image(f"localhost:5000/team/app:v1@{DIGEST}")
    assert (ref.domain, ref.path, ref.tag, ref.digest) == ("localhost:5000", "team/app", "v1", DIGEST)
    assert parse_image("bitnami/redis:7.2").familiar == "bitnami/redis:7.2"
    assert parse_image("docker.io/library/nginx").familiar == "nginx"


@pytest.mark.parametrize(
    "image, detail",
    [
        ("nginx:", "invalid reference format"),
        (":tag", "invalid reference format"),
        ("nginx 1.27", "invalid reference format"),
        (" nginx", "invalid reference format"),
        ("nginx:1.27 ", "invalid reference format"),
        ("nginx::1.27", "invalid reference format"),
        ("nginx@sha256:abc", "invalid reference format"),
        ("nginx@sha256:" + "a" * 40, "invalid checksum digest length"),
        ("nginx@sha256:" + "A" * 64, "invalid checksum digest format"),
        ("nginx@md5:" + "a" * 32, "unsupported digest algorithm"),
        ("-nginx", "invalid reference format"),
        ("ngi..nx", "invalid reference format"),
        # distribution/reference (as vendored by Kubernetes 1.32) names the offending repository:
        ("Nginx", "invalid reference format: repository name (library/Nginx) must be lowercase"),
        ("nginx/MyApp:1.0", "invalid reference format: repository name (nginx/MyApp) must be lowercase"),
        ("a" * 64, f"invalid repository name ({'a' * 64}), cannot specify 64-byte hexadecimal strings"),
    ],
)
def test_invalid_image_name_has_the_kubelets_exact_message(image, detail):
    with pytest.raises(InvalidImageName) as caught:
        parse_image(image)
    assert caught.value.reason == "InvalidImageName"
    assert caught.value.message == (
        f'Failed to apply default image tag "{image}": couldn\'t parse image name "{image}": {detail}'
    )


def test_image_name_with_uppercase_first_component_is_taken_as_a_registry_host():
    assert parse_image("MyRegistry/app:1").domain == "MyRegistry"


@pytest.mark.parametrize(
    "image, policy",
    [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("docker.io/library/nginx:latest", "Always"),
        ("nginx:1.27", "IfNotPresent"),
        ("localhost:5000/app", "Always"),
        ("localhost:5000/app:v1", "IfNotPresent"),
        (f"nginx@{DIGEST}", "IfNotPresent"),
        (f"nginx:latest@{DIGEST}", "IfNotPresent"),
        ("registry.k8s.io/pause:3.10", "IfNotPresent"),
        ("Nginx", "Always"),  # unparseable: defaulted by the API server's string rule all the same
    ],
)
def test_default_pull_policy_is_always_only_for_latest_or_untagged(image, policy):
    assert default_pull_policy(image) == policy


# --- catalogue and pulls -------------------------------------------------------------------


def test_pull_of_a_known_tag_gives_its_size_and_a_repo_digest():
    result = resolve_image("nginx:1.27")
    assert result.size_bytes == 72_195_292
    assert result.image == "docker.io/library/nginx:1.27"
    assert re.fullmatch(r"docker\.io/library/nginx@sha256:[0-9a-f]{64}", result.image_id)
    assert result.digest == resolve_image("docker.io/library/nginx:1.27").digest


def test_tags_of_the_same_build_share_a_digest_and_a_digest_reference_resolves():
    digest = resolve_image("nginx:1.27").digest
    assert resolve_image("nginx:1.27.5").digest == digest
    assert resolve_image("nginx:1.26").digest != digest
    assert resolve_image(f"nginx@{digest}").size_bytes == 72_195_292


def test_pull_of_an_unknown_tag_fails_with_not_found():
    with pytest.raises(PullError) as caught:
        resolve_image("nginx:doesnotexist")
    assert caught.value.reason == "ErrImagePull"
    assert caught.value.message == (
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": '
        'failed to resolve reference "docker.io/library/nginx:doesnotexist": '
        "docker.io/library/nginx:doesnotexist: not found"
    )


def test_pull_of_an_unknown_docker_hub_repository_is_denied():
    with pytest.raises(PullError) as caught:
        resolve_image("ngnix")
    assert caught.value.message == (
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": '
        'failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not '
        "exist or may require authorization: server message: insufficient_scope: authorization failed"
    )


def test_pull_of_an_unknown_digest_fails_with_not_found():
    with pytest.raises(PullError) as caught:
        resolve_image(f"nginx@{DIGEST}")
    assert caught.value.message.endswith(f"docker.io/library/nginx@{DIGEST}: not found")


def test_pull_of_a_private_image_without_a_secret_is_unauthorized():
    with pytest.raises(PullError) as caught:
        resolve_image("registry.example.com/team/app:1.0")
    assert caught.value.kind == "unauthorized"
    assert caught.value.message == (
        'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/team/app:1.0": '
        'failed to resolve reference "registry.example.com/team/app:1.0": failed to authorize: failed to fetch '
        "anonymous token: unexpected status from GET request to https://registry.example.com/token?"
        "scope=repository%3Ateam%2Fapp%3Apull&service=registry.example.com: 401 Unauthorized"
    )


def test_pull_of_a_private_image_with_a_secret_for_its_registry_succeeds():
    assert resolve_image("registry.example.com/team/app:1.0", credentials={"registry.example.com"}).size_bytes > 0
    with pytest.raises(PullError):
        resolve_image("registry.example.com/team/app:1.0", credentials={"ghcr.io"})


def test_any_private_dot_host_needs_credentials_and_then_answers_not_found_for_unknown_images():
    with pytest.raises(PullError) as caught:
        resolve_image("private.corp.io/shop/cart:1.0")
    assert caught.value.kind == "unauthorized"
    with pytest.raises(PullError) as caught:
        resolve_image("private.corp.io/shop/cart:1.0", credentials={"private.corp.io"})
    assert caught.value.kind == "not-found"


def test_a_private_docker_hub_image_without_credentials_looks_like_a_missing_one():
    with pytest.raises(PullError) as caught:
        resolve_image("k8slearn/private-app:1.0")
    assert "pull access denied, repository does not exist or may require authorization" in caught.value.message
    config = {"auths": {"https://index.docker.io/v1/": {"auth": "dXNlcjpwYXNz"}}}
    hosts = images.registries_in_dockerconfig(config)
    assert hosts == {"docker.io"}
    assert resolve_image("k8slearn/private-app:1.0", credentials=hosts).tag == "1.0"


def test_pull_from_localhost_or_an_unknown_host_fails_to_connect():
    with pytest.raises(PullError) as caught:
        resolve_image("localhost:5000/app:v1")
    assert caught.value.message.endswith("dial tcp 127.0.0.1:5000: connect: connection refused")
    with pytest.raises(PullError) as caught:
        resolve_image("myregistry.local/app:1")
    assert caught.value.message.endswith("dial tcp: lookup myregistry.local: no such host")


def test_catalogue_lists_between_15_and_25_repositories_each_with_tags_and_sizes():
    rows = images.catalogue_rows()
    assert 15 <= len(rows) <= 25
    for row in rows:
        assert row["tags"] and all(size > 100_000 for size in row["tags"].values())


def test_every_catalogued_image_starts_with_its_default_command():
    for repo in images.CATALOGUE.values():
        for tag in repo.tags:
            plan(f"{repo.name}:{tag}")  # raises StartError if an entrypoint or cmd does not resolve


# --- durations, back-off and pull time ---------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "0s"),
        (7.264, "7.264s"),
        (7.2649, "7.264s"),  # truncated to milliseconds, as the kubelet does
        (0.512, "512ms"),
        (0.0005, "0s"),
        (1.0, "1s"),
        (10, "10s"),
        (62.5, "1m2.5s"),
        (80, "1m20s"),
        (160, "2m40s"),
        (300, "5m0s"),
        (3600, "1h0m0s"),
        (3723.4, "1h2m3.4s"),
    ],
)
def test_go_duration_formats_like_time_duration_string(seconds, text):
    assert go_duration(seconds) == text


def test_go_duration_can_show_sub_millisecond_units_without_truncation():
    assert go_duration(0.0015, truncate=0) == "1.5ms"
    assert go_duration(0.0000025, truncate=0) == "2.5µs"


def test_restart_backoff_is_immediate_then_doubles_from_10s_to_a_300s_cap():
    assert [restart_backoff(n) for n in range(9)] == [0, 10, 20, 40, 80, 160, 300, 300, 300]
    assert [go_backoff_string(restart_backoff(n)) for n in range(1, 8)] == [
        "10s",
        "20s",
        "40s",
        "1m20s",
        "2m40s",
        "5m0s",
        "5m0s",
    ]


def test_image_pull_backoff_waits_10s_after_the_first_failure_and_caps_at_300s():
    assert [image_pull_backoff(n) for n in range(8)] == [0, 10, 20, 40, 80, 160, 300, 300]


def test_crash_backoff_message_uses_the_go_duration():
    text = runtime.message(
        "crash_backoff_waiting",
        backoff=go_backoff_string(80),
        container="app",
        pod="crashy",
        namespace="default",
        uid="4f1c",
    )
    assert text == "back-off 1m20s restarting failed container=app pod=crashy_default(4f1c)"


def test_pulled_message_matches_the_kubelet():
    assert runtime.pulled_message("nginx:1.27", 7.2649, 7.2649, 72195292) == (
        'Successfully pulled image "nginx:1.27" in 7.264s (7.264s including waiting). Image size: 72195292 bytes.'
    )


def test_pull_seconds_grow_with_size_and_are_deterministic_for_a_seed():
    first = [pull_seconds(72_195_292, random.Random(7)) for _ in range(3)]
    again = [pull_seconds(72_195_292, random.Random(7)) for _ in range(3)]
    assert first == again
    rng = random.Random(3)
    small, big = pull_seconds(2_222_260, rng), pull_seconds(400_000_000, rng)
    assert 1.8 < small < 2.4 < big
    assert 2 + 72_195_292 / 30e6 * 0.9 < first[0] * 1.0 < (2 + 72_195_292 / 30e6) * 1.1
    assert round(first[0], 3) == first[0]


# --- behaviour plans ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, steps",
    [
        (["sleep", "5"], (("sleep", 5.0), ("exit", 0))),
        (["sleep", "infinity"], (("sleep", math.inf),)),
        (["sleep", "1m"], (("sleep", 60.0), ("exit", 0))),
        (["echo", "hello"], (("log", "hello"), ("exit", 0))),
        (["true"], (("exit", 0),)),
        (["false"], (("exit", 1),)),
        (["sh", "-c", "echo a; sleep 5; exit 1"], (("log", "a"), ("sleep", 5.0), ("exit", 1))),
        (["/bin/sh", "-c", "exit 3"], (("exit", 3),)),
        (
            ["sh", "-c", "echo a && false || echo b"],
            (("log", "a"), ("and_then", (("status", 1),)), ("or_else", (("log", "b"),)), ("exit", None)),
        ),
        (["sh", "-c", "while true; do echo hi; sleep 1; done"], (("loop", (("log", "hi"), ("sleep", 1.0))),)),
        (["sh", "-c", "for i in 1 2 3; do echo $i; done"], (("log", "1"), ("log", "2"), ("log", "3"), ("exit", 0))),
        (
            ["sh", "-c", "i=0; while [ $i -lt 2 ]; do echo $i; i=$((i+1)); done"],
            (("log", "0"), ("log", "1"), ("exit", 0)),
        ),
        (["sh", "-c", "echo $HOSTNAME $GREETING"], (("log", "web-1 hi"), ("exit", 0))),
        (["hostname"], (("log", "web-1"), ("exit", 0))),
        (["date"], (("logf", "{now:%a %b %e %H:%M:%S UTC %Y}"), ("exit", 0))),
        (["printenv", "GREETING"], (("log", "hi"), ("exit", 0))),
        (
            ["cat", "/etc/config/x"],
            (("cat", "/etc/config/x", "cat: can't open '/etc/config/x': No such file or directory"), ("exit", None)),
        ),
        (
            ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
            (("touch", "/tmp/healthy"), ("sleep", 30.0), ("rm", "/tmp/healthy", None), ("sleep", 600.0), ("exit", 0)),
        ),
        (["nslookup", "web"], (("net", NetworkCall(tool="nslookup", kind="dns", host="web")), ("exit", None))),
        (
            ["wget", "-qO-", "http://web:8080/"],
            (
                (
                    "net",
                    NetworkCall(
                        tool="wget",
                        kind="http",
                        host="web",
                        port=8080,
                        path="/",
                        url="http://web:8080/",
                        options=("quiet", "stdout"),
                    ),
                ),
                ("exit", None),
            ),
        ),
        (["tail", "-f", "/dev/null"], (("sleep", math.inf),)),
        (["sh"], (("exit", 0),)),
        (["sh", "-c", "foo"], (("err", "sh: foo: not found"), ("exit", 127))),
        (
            ["sh", "-c", "while true; do echo"],
            (("err", 'sh: syntax error: unexpected end of file (expecting "done")'), ("exit", 2)),
        ),
    ],
)
def test_busybox_command_becomes_a_plan_of_steps(command, steps):
    assert plan("busybox:1.36", command, env={"GREETING": "hi"}).steps == steps


def test_env_prints_path_hostname_image_and_pod_variables_then_home():
    result = plan("nginx:1.27", ["env"], env={"GREETING": "hi"})
    assert [s[1] for s in result.steps[:-1]] == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOSTNAME=web-1",
        "NGINX_VERSION=1.27.5",
        "GREETING=hi",
        "HOME=/root",
    ]


def test_curl_and_python_one_liners_become_steps():
    assert plan("nginx:1.27", ["curl", "-s", "web"]).steps[0] == (
        "net",
        NetworkCall(tool="curl", kind="http", host="web", port=80, path="/", url="http://web", options=("silent",)),
    )
    assert plan("python:3.12-slim", ["python", "-c", "print(1)"]).steps == (("log", "1"), ("exit", 0))
    assert plan("python:3.12-slim", ["python3", "-c", "print('a', 2 + 3, sep='-')"]).steps == (
        ("log", "a-5"),
        ("exit", 0),
    )
    assert plan("python:3.12-slim", ["python", "-c", "import sys; sys.exit(4)"]).steps == (("exit", 4),)


def test_python_syntax_error_prints_a_traceback_and_exits_1():
    steps = plan("python:3.12-slim", ["python", "-c", "print(1"]).steps
    assert steps[-1] == ("exit", 1)
    assert steps[-2] == ("err", "SyntaxError: '(' was never closed")


def test_nginx_daemon_off_is_a_server_on_port_80():
    result = plan("nginx:1.27", ["nginx", "-g", "daemon off;"])
    kind, serve = result.steps[-1]
    assert kind == "serve" and serve.ports == (80,) and serve.http
    assert result.long_running and result.sigterm == 0
    assert all(step[0] != "log" for step in result.steps)  # `command` drops the entrypoint's lines


def test_nginx_without_daemon_off_forks_and_its_container_completes():
    result = plan("nginx:1.27", ["nginx"])
    assert result.steps == (("sleep", 0.05), ("exit", 0))
    assert not result.long_running and result.notes


def test_default_commands_of_shell_images_exit_zero_at_once():
    for image in ("busybox", "busybox:1.36", "alpine:3.20", "ubuntu:24.04", "python:3.12-slim", "node:20-alpine"):
        result = plan(image)
        assert result.steps == (("exit", 0),), image
        assert not result.long_running


def test_command_replaces_entrypoint_and_cmd_while_args_replace_only_cmd():
    echo = plan("hashicorp/http-echo:1.0", args=["-text=hello", "-listen=:8080"])
    assert echo.argv == ("/http-echo", "-text=hello", "-listen=:8080")
    assert echo.steps[-1][1].ports == (8080,)
    assert plan("nginx:1.27", ["sleep", "10"]).argv == ("sleep", "10")
    assert plan("node:20", args=["server.js"], files={"/server.js": "console.log('up')"}).steps == (
        ("log", "up"),
        ("exit", 0),
    )


def test_dollar_parenthesis_variables_in_args_are_expanded_by_kubernetes():
    result = plan("busybox", ["sh", "-c"], ["echo $(MESSAGE) $$(NOT)"], env={"MESSAGE": "hi"})
    assert result.argv == ("sh", "-c", "echo hi $(NOT)")


def test_postgres_without_a_password_exits_1_with_the_entrypoints_message():
    result = plan("postgres:16")
    state = run(result, 5)
    assert state.exit == (0.0, 1, "Error")
    assert [line for _, _, line in state.logs][:3] == [
        "Error: Database is uninitialized and superuser password is not specified.",
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
    ]


def test_postgres_with_a_password_listens_on_5432_after_initialising():
    result = plan("postgres:16", env={"POSTGRES_PASSWORD": "secret"})
    assert run(result, 1).serving is None
    since, serve = run(result, 5).serving
    assert since == pytest.approx(2.6) and serve.ports == (5432,) and not serve.http


def test_mysql_without_a_root_password_exits_1():
    lines = logs_at(plan("mysql:8.4"), 1)
    assert (
        lines[0]
        == "2025-01-01 00:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.4-1.el9 started."
    )
    assert lines[3].endswith("[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified")
    assert lines[-3:] == [
        "    - MYSQL_ROOT_PASSWORD",
        "    - MYSQL_ALLOW_EMPTY_PASSWORD",
        "    - MYSQL_RANDOM_ROOT_PASSWORD",
    ]
    assert run(plan("mysql:8.4"), 1).exit[1:] == (1, "Error")


def test_http_echo_without_text_exits_127():
    assert plan("hashicorp/http-echo:1.0").steps == (("err", "Missing -text option!"), ("exit", 127))


# --- start errors -----------------------------------------------------------------------------


def test_unknown_executable_is_a_start_error_with_exit_code_128():
    with pytest.raises(StartError) as caught:
        plan("busybox", ["foo"])
    assert (caught.value.reason, caught.value.exit_code) == ("StartError", 128)
    assert caught.value.message == (
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: "
        'unable to start container process: exec: "foo": executable file not found in $PATH: unknown'
    )


def test_missing_absolute_path_is_a_start_error_naming_stat():
    with pytest.raises(StartError) as caught:
        plan("busybox", ["/app/run"])
    assert 'exec: "/app/run": stat /app/run: no such file or directory: unknown' in caught.value.message


def test_shell_builtins_are_not_executables_and_distroless_images_have_no_shell():
    with pytest.raises(StartError):
        plan("busybox", ["exit", "1"])
    with pytest.raises(StartError) as caught:
        plan("gcr.io/google-samples/hello-app:1.0", ["sh", "-c", "echo hi"])
    assert 'exec: "sh": executable file not found in $PATH' in caught.value.message


@pytest.mark.parametrize(
    "image, command, line",
    [
        ("busybox", ["sh", "-c", "foo"], "sh: foo: not found"),
        ("nginx:1.27", ["sh", "-c", "foo"], "sh: 1: foo: not found"),
        ("nginx:1.27", ["/bin/sh", "-c", "foo"], "/bin/sh: 1: foo: not found"),
        ("ubuntu:24.04", ["bash", "-c", "foo"], "bash: line 1: foo: command not found"),
    ],
)
def test_unknown_command_inside_a_shell_prints_the_shells_error_and_exits_127(image, command, line):
    assert plan(image, command).steps == (("err", line), ("exit", 127))


def test_unknown_image_has_no_behaviour():
    with pytest.raises(LookupError):
        plan("example/unknown:1")


# --- memory -----------------------------------------------------------------------------------


def test_container_is_oom_killed_when_its_memory_limit_is_below_its_working_set():
    spec = {"image": "nginx:1.27", "resources": {"limits": {"memory": "5Mi"}}}
    assert oom_after(spec) == runtime.OOM_AFTER_SECONDS
    state = run(container_behaviour(spec), 30)
    assert state.exit == (runtime.OOM_AFTER_SECONDS, 137, "OOMKilled")


def test_container_within_its_memory_limit_or_without_one_is_not_oom_killed():
    assert oom_after({"image": "nginx:1.27", "resources": {"limits": {"memory": "64Mi"}}}) is None
    assert oom_after({"image": "postgres:16", "resources": {"limits": {"memory": "32Mi"}}}) == 1.0
    assert oom_after({"image": "nginx:1.27"}) is None


def test_stress_allocating_more_than_the_limit_is_oom_killed_as_in_the_docs():
    spec = {
        "image": "polinux/stress",
        "command": ["stress"],
        "args": ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"],
        "resources": {"limits": {"memory": "100Mi"}, "requests": {"memory": "50Mi"}},
    }
    result = container_behaviour(spec)
    assert result.memory_bytes > 150 * 1024 * 1024
    assert run(result, 10).exit == (1.0, 137, "OOMKilled")
    assert logs_at(result, 10) == ["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]


@pytest.mark.parametrize(
    "quantity, value",
    [
        ("100Mi", 104857600),
        ("1G", 10**9),
        ("129e6", 129_000_000),
        ("0.5Gi", 536870912),
        (134217728, 134217728),
        ("1500m", 2),
    ],
)
def test_memory_quantities_parse_to_bytes(quantity, value):
    assert runtime.parse_quantity(quantity) == value


# --- running plans: exits, logs, files --------------------------------------------------------


def test_shell_script_exits_with_its_code_after_its_sleep():
    state = run(plan("busybox", ["sh", "-c", "echo a; sleep 5; exit 1"]), 10)
    assert state.exit == (5.0, 1, "Error")
    assert run(plan("busybox", ["sh", "-c", "echo a; sleep 5; exit 1"]), 4.9).exit is None
    assert run(plan("busybox", ["sleep", "3"]), 10).exit == (3.0, 0, "Completed")


def test_logs_of_an_endless_echo_loop_grow_one_line_per_second():
    result = plan("busybox", ["sh", "-c", "while true; do echo hi; sleep 1; done"])
    assert result.long_running
    assert logs_at(result, 2.5) == ["hi", "hi", "hi"]
    assert logs_at(result, 0) == ["hi"]
    assert run(result, 2.5).exit is None


def test_logs_of_a_day_long_loop_keep_the_tail_and_count_every_line():
    result = plan("busybox", ["sh", "-c", "while true; do date; sleep 1; done"])
    state = run(result, 86_400)
    assert state.lines_total == 86_401
    assert len(state.logs) == runtime.MAX_LOG_LINES
    assert state.logs[-1][2] == "Thu Jan  2 00:00:00 UTC 2025"


def test_nginx_prints_its_entrypoint_lines_then_its_notices():
    lines = logs_at(plan("nginx:1.27"), 5, started_at=datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc))
    assert (
        lines[0] == "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    )
    assert lines[8] == "/docker-entrypoint.sh: Configuration complete; ready for start up"
    assert lines[9] == '2025/03/01 12:00:00 [notice] 1#1: using the "epoll" event method'
    assert lines[10] == "2025/03/01 12:00:00 [notice] 1#1: nginx/1.27.5"
    assert lines[-3:] == [
        "2025/03/01 12:00:00 [notice] 1#1: start worker processes",
        "2025/03/01 12:00:00 [notice] 1#1: start worker process 29",
        "2025/03/01 12:00:00 [notice] 1#1: start worker process 30",
    ]


def test_nginx_with_a_mounted_default_conf_says_it_cannot_modify_it_and_listens_where_told():
    conf = "server {\n    listen 8080;\n    location / { root /usr/share/nginx/html; }\n}\n"
    result = plan("nginx:1.27", files={"/etc/nginx/conf.d/default.conf": conf})
    assert (
        "10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)"
    ) in logs_at(result, 1)
    assert http_answer(result, 8080, "/", elapsed=1).status == 200
    assert http_answer(result, 80, "/", elapsed=1).error == "connection refused"


def test_python_output_is_buffered_unless_unbuffered():
    code = "import time\nwhile True:\n    print('tick')\n    time.sleep(1)"
    assert logs_at(plan("python:3.12-slim", ["python", "-c", code]), 10) == []
    assert logs_at(plan("python:3.12-slim", ["python", "-u", "-c", code]), 3) == ["tick"] * 4
    assert logs_at(plan("python:3.12-slim", ["python", "-c", code], env={"PYTHONUNBUFFERED": "1"}), 1) == ["tick"] * 2


def test_cat_reads_a_mounted_file_and_fails_without_it():
    mounted = {"/etc/config/x": "a=1\nb=2\n"}
    result = plan("busybox", ["cat", "/etc/config/x"], files=mounted)
    assert logs_at(result, 1, files=mounted) == ["a=1", "b=2"]
    assert run(result, 1, files=mounted).exit == (0.0, 0, "Completed")
    state = run(result, 1)
    assert [line for _, _, line in state.logs] == ["cat: can't open '/etc/config/x': No such file or directory"]
    assert state.exit == (0.0, 1, "Error")


def test_files_a_command_creates_and_removes_follow_its_timeline():
    result = plan(
        "registry.k8s.io/busybox", ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    )
    assert "/tmp/healthy" in files_at(result, 10)
    assert "/tmp/healthy" not in files_at(result, 35)


def test_redirection_writes_a_file_that_cat_reads_back():
    result = plan(
        "busybox",
        ["sh", "-c", "echo ok > /tmp/status; echo more >> /tmp/status; cat /tmp/status; ls /nope 2>/dev/null"],
    )
    assert logs_at(result, 1) == ["ok", "more"]
    assert files_at(result, 1)["/tmp/status"] == "ok\nmore\n"


def test_network_calls_fail_offline_and_use_the_injected_resolver():
    init = plan("busybox", ["sh", "-c", "until nslookup mydb; do echo waiting for mydb; sleep 2; done"])
    assert logs_at(init, 1) == [
        "Server:\t\t10.96.0.10",
        "Address:\t10.96.0.10:53",
        "",
        "** server can't find mydb: NXDOMAIN",
        "",
        "waiting for mydb",
    ]
    assert run(init, 60).exit is None

    def resolver(call: NetworkCall, elapsed: float) -> NetworkAnswer:
        if elapsed < 4:
            return NetworkAnswer(error="no such host")
        return NetworkAnswer(address="10.96.0.20", name="mydb.default.svc.cluster.local")

    state = run(init, 60, resolver=resolver)
    assert state.exit == (4.0, 0, "Completed")
    assert [line for _, _, line in state.logs][-3:] == [
        "Name:\tmydb.default.svc.cluster.local",
        "Address: 10.96.0.20",
        "",
    ]


def test_wget_and_curl_print_bodies_and_real_error_lines():
    ok = lambda call, t: NetworkAnswer(address="10.96.0.5", status=200, body="hello\n")  # noqa: E731
    missing = lambda call, t: NetworkAnswer(address="10.96.0.5", status=404, body="nope\n")  # noqa: E731
    wget = plan("busybox", ["wget", "-qO-", "http://web/"])
    assert logs_at(wget, 1, resolver=ok) == ["hello"]
    assert logs_at(wget, 1) == ["wget: bad address 'web'"]
    assert logs_at(wget, 1, resolver=missing) == ["wget: server returned error: HTTP/1.1 404 Not Found"]
    curl = plan("nginx:1.27", ["curl", "http://10.96.0.9:8080/"])
    assert logs_at(curl, 1) == [
        "curl: (7) Failed to connect to 10.96.0.9 port 8080 after 0 ms: Couldn't connect to server"
    ]
    assert run(curl, 1).exit[1] == 7
    assert logs_at(plan("nginx:1.27", ["curl", "-s", "web"]), 1) == []
    assert run(plan("nginx:1.27", ["curl", "-sf", "web"]), 1, resolver=missing).exit[1] == 22


def test_network_commands_missing_from_an_image_are_not_found():
    assert plan("nginx:1.27", ["sh", "-c", "nslookup web"]).steps == (
        ("err", "sh: 1: nslookup: not found"),
        ("exit", 127),
    )


# --- HTTP answers and probes ----------------------------------------------------------------


def test_nginx_answers_its_welcome_page_on_slash_and_404_elsewhere():
    result = plan("nginx:1.27")
    home = http_answer(result, 80, "/", elapsed=5)
    assert home.status == 200 and "<title>Welcome to nginx!</title>" in home.body
    missing = http_answer(result, 80, "/healthz", elapsed=5)
    assert missing.status == 404 and "<hr><center>nginx/1.27.5</center>" in missing.body


def test_nginx_serves_files_mounted_in_its_docroot():
    mounted = {"/usr/share/nginx/html/index.html": "<h1>mine</h1>\n"}
    result = plan("nginx:1.27", files=mounted)
    assert http_answer(result, 80, "/", elapsed=1).body == "<h1>mine</h1>\n"
    assert http_answer(result, 80, "/index.html", elapsed=1).body == "<h1>mine</h1>\n"


def test_hello_app_and_httpd_and_redis_answer_like_the_real_images():
    hello = http_answer(plan("gcr.io/google-samples/hello-app:2.0"), 8080, "/", elapsed=1)
    assert hello == runtime.HttpReply(200, "Hello, world!\nVersion: 2.0.0\nHostname: web-1\n")
    assert http_answer(plan("httpd:2.4"), 80, "/", elapsed=1).body == "<html><body><h1>It works!</h1></body></html>\n"
    assert http_answer(plan("redis:7.2"), 6379, "/", elapsed=1).error == "EOF"


def test_http_probe_succeeds_on_nginx_root_and_fails_with_404_on_healthz():
    result = plan("nginx:1.27")
    assert probe_result({"httpGet": {"path": "/", "port": 80}}, result, "running", POD_IP, elapsed=5) == (True, "")
    assert probe_result({"httpGet": {"path": "/healthz", "port": 80}}, result, "running", POD_IP, elapsed=5) == (
        False,
        "HTTP probe failed with statuscode: 404",
    )


def test_http_probe_on_a_closed_port_is_connection_refused():
    result = plan("nginx:1.27")
    outcome = probe_result({"httpGet": {"path": "/healthz", "port": 8080}}, result, "running", POD_IP, elapsed=5)
    assert outcome == (
        False,
        'Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused',
    )
    assert not outcome.errored
    early = probe_result({"httpGet": {"port": 80}}, result, "running", POD_IP, elapsed=0.01)
    assert early.message == 'Get "http://10.244.1.5:80/": dial tcp 10.244.1.5:80: connect: connection refused'


def test_tcp_probe_connects_to_a_listening_port_only():
    redis = plan("redis:7.2")
    assert probe_result({"tcpSocket": {"port": 6379}}, redis, "running", POD_IP, elapsed=1).ok
    assert probe_result({"tcpSocket": {"port": 6380}}, redis, "running", POD_IP, elapsed=1) == (
        False,
        "dial tcp 10.244.1.5:6380: connect: connection refused",
    )
    assert probe_result({"grpc": {"port": 6379}}, redis, {"running": {}}, POD_IP, elapsed=1).ok


def test_probe_on_a_named_port_uses_the_container_port_and_errors_when_the_name_is_unknown():
    container = {"ports": [{"name": "http", "containerPort": 80}]}
    result = plan("nginx:1.27")
    assert probe_result({"httpGet": {"port": "http"}}, result, "running", POD_IP, elapsed=1, container=container).ok
    missing = probe_result({"httpGet": {"port": "web"}}, result, "running", POD_IP, elapsed=1, container=container)
    assert missing.errored and missing.message == 'strconv.Atoi: parsing "web": invalid syntax'


def test_exec_probe_follows_the_files_the_command_creates_and_removes():
    result = plan(
        "registry.k8s.io/busybox", ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    )
    probe = {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5}
    assert probe_result(probe, result, "running", POD_IP, elapsed=10) == (True, "")
    assert probe_result(probe, result, "running", POD_IP, elapsed=35) == (
        False,
        "cat: can't open '/tmp/healthy': No such file or directory",
    )


def test_exec_probe_that_outlives_its_timeout_fails_and_a_missing_binary_errors():
    result = plan("busybox", ["sleep", "3600"])
    slow = probe_result(
        {"exec": {"command": ["sleep", "5"]}, "timeoutSeconds": 1}, result, "running", POD_IP, elapsed=1
    )
    assert slow == (False, 'command timed out: "sleep 5" timed out after 1s')
    broken = probe_result({"exec": {"command": ["pg_isready"]}}, result, "running", POD_IP, elapsed=1)
    assert broken.errored
    assert broken.message.endswith(
        "OCI runtime exec failed: exec failed: unable to start container process: "
        'exec: "pg_isready": executable file not found in $PATH: unknown'
    )


def test_agnhost_liveness_answers_200_for_ten_seconds_then_500():
    result = plan("registry.k8s.io/e2e-test-images/agnhost:2.40", args=["liveness"])
    probe = {"httpGet": {"path": "/healthz", "port": 8080}}
    assert probe_result(probe, result, "running", POD_IP, elapsed=3).ok
    failed = probe_result(probe, result, "running", POD_IP, elapsed=12)
    assert (
        runtime.unhealthy_message("liveness", failed) == "Liveness probe failed: HTTP probe failed with statuscode: 500"
    )


def test_probe_of_a_container_that_is_not_running_fails_quietly():
    assert probe_result({"tcpSocket": {"port": 80}}, plan("nginx:1.27"), "waiting", POD_IP) == (False, "")


# --- stopping ---------------------------------------------------------------------------------


def test_servers_that_handle_sigterm_stop_fast_and_pid_1_shells_wait_for_sigkill():
    assert termination(plan("nginx:1.27"), 30) == (runtime.STOP_SECONDS, 0, "Completed")
    assert termination(plan("busybox", ["sleep", "3600"]), 30) == (30, 137, "Error")
    assert termination(plan("busybox", ["sh", "-c", "while true; do sleep 1; done"]), 5) == (5, 137, "Error")
    assert termination(plan("gcr.io/google-samples/hello-app:1.0"), 30) == (runtime.STOP_SECONDS, 2, "Error")


# --- stages and determinism -----------------------------------------------------------------


def test_stages_form_a_closed_graph_with_kubelet_messages():
    names = [stage.name for stage in STAGES]
    assert len(names) == len(set(names))
    for stage in STAGES:
        assert set(stage.then) <= set(names), stage.name
        for kind, reason, _ in stage.events:
            assert kind in ("Normal", "Warning") and reason
    pull = runtime.STAGE_BY_NAME["pull"]
    assert pull.events == (("Normal", "Pulling", 'Pulling image "{image}"'),) and pull.delay == "pull_seconds"
    backoff = runtime.STAGE_BY_NAME["pull-backoff"]
    assert backoff.state[:2] == ("waiting", "ImagePullBackOff")
    assert runtime.STAGE_BY_NAME["restart"].state[1] == "CrashLoopBackOff"
    assert runtime.STAGE_BY_NAME["terminating"].events == (("Normal", "Killing", "Stopping container {container}"),)


def test_same_inputs_give_the_same_plan_and_the_same_logs():
    script = ["sh", "-c", "i=0; while true; do echo tick; date; sleep 0.7; done"]
    first, second = plan("alpine:3.20", script), plan("alpine:3.20", script)
    assert first == second
    assert run(first, 100) == run(second, 100)


# --- scripts students paste -------------------------------------------------------------------


def test_heredoc_writes_a_file_with_variables_expanded_unless_the_delimiter_is_quoted():
    script = "cat <<EOF > /usr/share/nginx/html/index.html\n<h1>$HOSTNAME</h1>\nEOF\ncat <<'END'\n$HOSTNAME\nEND\n"
    result = plan("busybox", ["sh", "-c", script])
    assert logs_at(result, 1) == ["$HOSTNAME"]
    assert files_at(result, 1)["/usr/share/nginx/html/index.html"] == "<h1>web-1</h1>\n"


def test_init_container_waiting_for_a_service_reads_the_mounted_namespace():
    namespace = {"/var/run/secrets/kubernetes.io/serviceaccount/namespace": "shop"}
    script = (
        "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)"
        ".svc.cluster.local; do echo waiting for myservice; sleep 2; done"
    )
    result = plan("busybox:1.36", ["sh", "-c", script], files=namespace)
    call = result.steps[0][1][0][1]
    assert call == NetworkCall(tool="nslookup", kind="dns", host="myservice.shop.svc.cluster.local")
    assert not result.long_running


@pytest.mark.parametrize(
    "script",
    [
        "eval 'if then'",
        "seq",
        "stress --vm x",
        "nc -l -p abc",
        "yes >> /tmp/f",
        "echo $((1/0))",
        "while true; do done",
        "for; do",
        "cat <<",
        "))",
        "echo `",
        'echo "unterminated',
        "exec",
        "python -c 'print(1/0)'",
        "python -c 'import os; print(os.environ[\"NOPE\"])'",
        "sh -c 'sh -c \"sh -c exit\"'",
        "f() { echo x; }; f",
        "set -e; false; echo never",
        "x=$(sleep 10; echo late); echo $x",
    ],
)
def test_hostile_scripts_become_plans_and_runs_without_crashing(script):
    result = plan("python:3.12-slim", ["sh", "-c", script])
    state = run(result, 3600)
    assert state.exit is not None or result.long_running or state.truncated or state.elapsed == 3600


def test_set_e_stops_at_the_first_failure_and_python_errors_print_a_traceback():
    assert logs_at(plan("busybox", ["sh", "-ec", "echo a; false; echo never"]), 1) == ["a"]
    crash = run(plan("python:3.12-slim", ["python", "-c", "print(1/0)"]), 1)
    assert [line for _, _, line in crash.logs][-1] == "ZeroDivisionError: division by zero"
    assert crash.exit[1:] == (1, "Error")


def test_files_written_by_a_container_stop_growing_at_the_cap():
    state = run(plan("busybox", ["sh", "-c", "yes >> /tmp/f"]), 3600)
    assert len(state.files["/tmp/f"]) == runtime.MAX_FILE_BYTES
