"""Service functions: every action persists a version-guarded snapshot and returns its frames."""

from __future__ import annotations

import pytest

from sandbox import clusters, services
from sandbox.engine import Cluster
from sandbox.models import Sandbox
from sandbox.services import ServiceError

from .conftest import BROKEN, DEPLOYMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def sandbox(alice) -> Sandbox:
    return services.new_sandbox({"user": alice})


def stored(sandbox: Sandbox) -> Sandbox:
    return Sandbox.objects.get(pk=sandbox.pk)


def test_new_sandbox_stores_a_compressed_snapshot_of_a_three_node_cluster(sandbox):
    row = stored(sandbox)
    assert row.version == 0
    cluster = Cluster.restore(row.snapshot)
    assert [n["metadata"]["name"] for n in cluster.list("Node")] == ["controlplane", "node01", "node02"]
    assert len(row.state) < len(Sandbox.pack(row.snapshot)) * 2  # packed, and far below the JSON size
    import json

    assert len(row.state) * 3 < len(json.dumps(row.snapshot))


def test_apply_persists_the_snapshot_and_returns_the_new_frames(sandbox):
    outcome = services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    assert (outcome.exit_code, outcome.output) == (0, "deployment.apps/web created")
    assert outcome.saved and not outcome.reset
    assert outcome.frames and all(f["seq"] > outcome.since for f in outcome.frames)
    assert outcome.frames[-1]["seq"] == outcome.seq
    assert any(f["type"] == "trace" and f["caller"] == "kubectl" for f in outcome.frames)
    row = stored(sandbox)
    assert row.version == 1 and row.last_seq == outcome.seq
    assert Cluster.restore(row.snapshot).get("Deployment", "web")["spec"]["replicas"] == 3


def test_apply_errors_carry_line_column_and_both_languages(sandbox):
    outcome = services.apply_to_sandbox(sandbox, BROKEN, "ko")
    assert outcome.exit_code == 1
    (error,) = outcome.errors
    assert (error["line"], error["column"], error["code"]) == (10, 7, "field.unknown")
    assert error["message"] == error["message_ko"] and "10번째 줄" in error["message"]
    assert "containerport" in error["message_en"]
    assert error["hint_en"] == "did you mean `containerPort`?"


def test_kubectl_runs_with_or_without_the_word_kubectl(sandbox):
    assert services.run_kubectl(sandbox, "get nodes", "en").output.splitlines()[0].startswith("NAME")
    outcome = services.run_kubectl(sandbox, "kubectl get ns", "en")
    assert outcome.exit_code == 0 and "kube-system" in outcome.output
    assert stored(sandbox).version == 2


def test_user_text_is_size_limited(sandbox):
    with pytest.raises(ServiceError) as error:
        services.apply_to_sandbox(sandbox, "x" * (services.MAX_YAML_CHARS + 1), "en")
    assert error.value.code == "too_large"
    with pytest.raises(ServiceError) as error:
        services.run_kubectl(sandbox, "get pods " + "x" * services.MAX_LINE_CHARS, "en")
    assert error.value.code == "too_large"
    with pytest.raises(ServiceError):
        services.inject_fault(sandbox, "delete-pod", "p" * 600, "en")


def test_an_unknown_fault_is_refused(sandbox):
    with pytest.raises(ServiceError) as error:
        services.inject_fault(sandbox, "explode", "web", "en")
    assert error.value.code == "bad_fault"


def test_a_fault_the_engine_does_not_model_yet_says_so(sandbox, monkeypatch):
    monkeypatch.delattr(Cluster, "fail_node", raising=False)
    with pytest.raises(ServiceError) as error:
        services.inject_fault(sandbox, "fail-node", "node01", "en")
    assert error.value.code == "not_available"
    assert "not available yet" in error.value.message


def test_delete_pod_fault_deletes_the_pod(sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    services.advance(sandbox, 30, save=True)
    pod = services.load_cluster(sandbox).list("Pod")[0]["metadata"]["name"]
    outcome = services.inject_fault(sandbox, "delete-pod", f"default/{pod}", "en")
    assert outcome.exit_code == 0, outcome.output
    assert any(f["type"] == "trace" and f["verb"] == "delete" and f["name"] == pod for f in outcome.frames)


def test_advance_moves_the_clock_and_saves_only_every_few_seconds(sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    version = stored(sandbox).version
    outcome = services.advance(sandbox, 5)
    assert outcome.frames and not outcome.saved  # the ReplicaSet and its pods appear
    assert stored(sandbox).version == version
    assert services.load_cluster(sandbox).now == pytest.approx(5, abs=0.5)
    assert services.advance(sandbox, 1, save=True).saved
    assert stored(sandbox).version == version + 1
    assert stored(sandbox).virtual_time == pytest.approx(services.load_cluster(sandbox).now)


def test_step_runs_one_timer(sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    before = services.load_cluster(sandbox).now
    outcome = services.step_sandbox(sandbox)
    assert outcome.exit_code == 0
    assert services.load_cluster(sandbox).now >= before


def test_a_command_after_someone_else_saved_runs_again_on_their_state(sandbox):
    """Optimistic concurrency: the stale writer reloads and re-runs its command (reset tells pages to redraw)."""
    other = stored(sandbox)  # another worker loads version 0, applies, saves version 1
    cluster = Cluster.restore(other.snapshot)
    cluster.apply(DEPLOYMENT)
    assert other.save_state(cluster.snapshot())
    outcome = services.run_kubectl(sandbox, "get deployments", "en")  # this process still caches version 0
    assert outcome.reset and "web" in outcome.output
    assert stored(sandbox).version == 2


def test_save_state_refuses_a_stale_version(sandbox):
    first, second = stored(sandbox), stored(sandbox)
    assert first.save_state(first.snapshot)
    assert not second.save_state(second.snapshot)
    assert stored(sandbox).version == 1


def test_the_cache_is_used_for_the_same_version(sandbox, monkeypatch):
    services.load_cluster(sandbox)
    calls = []
    monkeypatch.setattr(Cluster, "restore", classmethod(lambda cls, snap: calls.append(1)))
    services.run_kubectl(sandbox, "get pods", "en")
    services.run_kubectl(sandbox, "get nodes", "en")
    assert calls == []


def test_reset_starts_again_from_an_empty_cluster(sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    outcome = services.reset_sandbox(sandbox)
    assert outcome.reset
    assert services.load_cluster(sandbox).list("Deployment") == []
    assert Cluster.restore(stored(sandbox).snapshot).list("Deployment") == []


def test_frames_since_says_when_frames_are_gone(sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    cluster = services.load_cluster(sandbox)
    frames, seq = services.frames_since(sandbox, cluster.frame_log.seq - 2)
    assert [f["seq"] for f in frames] == [seq - 1, seq]
    cluster.frame_log._frames.popleft()
    assert services.frames_since(sandbox, 0)[0] is None


def test_state_message_lists_object_summaries_and_recent_event_and_trace_frames(sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    message = services.state_message(sandbox)
    assert message["type"] == "frames" and message["reset"] is True
    kinds = {o["kind"] for o in message["objects"]}
    assert {"Node", "Deployment", "Namespace"} <= kinds
    assert all(f["type"] != "object" for f in message["frames"])
    assert message["seq"] == services.load_cluster(sandbox).frame_log.seq


def test_a_learner_keeps_a_bounded_number_of_sandboxes(alice, monkeypatch):
    monkeypatch.setattr(services, "MAX_SANDBOXES_PER_LEARNER", 3)
    made = [services.new_sandbox({"user": alice}) for _ in range(5)]
    assert Sandbox.objects.filter(user=alice).count() == 3
    assert Sandbox.objects.filter(pk=made[-1].pk).exists()


def test_kill_container_restarts_it_and_the_card_counts_the_restart(sandbox):
    if not hasattr(Cluster, "kill_container"):
        pytest.skip("the engine has no Cluster.kill_container yet")
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    services.advance(sandbox, 30, save=True)
    pod = services.load_cluster(sandbox).list("Pod")[0]["metadata"]["name"]
    outcome = services.inject_fault(sandbox, "kill-container", pod, "en")
    assert outcome.exit_code == 0 and outcome.output == f'Killed container "nginx" of pod {pod} (exit code 137).'
    frames = services.advance(sandbox, 30).frames
    restarts = [f["summary"]["restarts"] for f in frames if f["type"] == "object" and f["name"] == pod]
    assert restarts and restarts[-1] >= 1


def test_cordon_marks_the_node_unschedulable_like_kubectl(sandbox):
    if not hasattr(Cluster, "cordon"):
        pytest.skip("the engine has no Cluster.cordon yet")
    outcome = services.inject_fault(sandbox, "cordon", "node01", "en")
    assert (outcome.exit_code, outcome.output) == (0, "node/node01 cordoned")
    assert services.inject_fault(sandbox, "cordon", "node01", "en").output == "node/node01 already cordoned"
    node = next(f for f in outcome.frames if f["type"] == "object" and f["kind"] == "Node")
    assert node["summary"]["unschedulable"] is True
    assert services.inject_fault(sandbox, "uncordon", "node01", "en").output == "node/node01 uncordoned"


def test_a_fault_on_a_missing_pod_says_not_found(sandbox):
    outcome = services.inject_fault(sandbox, "delete-pod", "default/nothing", "en")
    assert outcome.exit_code == 1 and 'pods "nothing" not found' in outcome.output


def test_tick_runs_the_cached_cluster_without_the_database(sandbox, django_assert_num_queries):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    with django_assert_num_queries(0):
        outcome = services.tick(sandbox, 10)
    assert outcome is not None and outcome.frames and not outcome.saved
    assert services.load_cluster(sandbox).now == pytest.approx(10, abs=0.5)


def test_tick_gives_way_when_the_sandbox_is_busy(sandbox):
    import threading

    lock = services.lock_for(sandbox.pk)
    taken, release = threading.Event(), threading.Event()

    def hold():
        with lock:
            taken.set()
            release.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    taken.wait(5)
    try:
        assert services.tick(sandbox, 5) is None  # the caller keeps the time owed
    finally:
        release.set()
        worker.join()
    assert services.tick(sandbox, 5) is not None


def test_tick_asks_for_a_save_every_few_seconds(sandbox, monkeypatch):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    monkeypatch.setattr(clusters, "SAVE_EVERY_SECONDS", 0)
    outcome = services.tick(sandbox, 10)
    assert outcome.save_due
    version = stored(sandbox).version
    assert services.save_if_due(sandbox).saved
    assert stored(sandbox).version == version + 1


def test_fail_node_then_recover_node(sandbox):
    if not hasattr(Cluster, "fail_node"):
        pytest.skip("the engine has no Cluster.fail_node yet")
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    services.advance(sandbox, 30, save=True)
    outcome = services.inject_fault(sandbox, "fail-node", "node01", "en")
    assert (outcome.exit_code, outcome.output) == (0, "Node node01 failed: its kubelet stopped posting status.")
    assert services.inject_fault(sandbox, "fail-node", "node01", "en").output == "Node node01 has already failed."
    frames = services.advance(sandbox, 60).frames
    assert any(
        f["type"] == "object" and f["kind"] == "Node" and f["name"] == "node01" and not f["summary"]["ready"]
        for f in frames
    )
    assert services.inject_fault(sandbox, "recover-node", "node01", "ko").output == (
        "노드 node01이(가) 돌아왔습니다. kubelet이 다시 상태를 보고합니다."
    )


def test_drain_prints_what_kubectl_drain_prints(sandbox):
    if not hasattr(Cluster, "drain"):
        pytest.skip("the engine has no Cluster.drain yet")
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    services.advance(sandbox, 30, save=True)
    outcome = services.inject_fault(sandbox, "drain", "node01", "en")
    assert outcome.exit_code == 0 and outcome.output.startswith("node/node01 cordoned")
