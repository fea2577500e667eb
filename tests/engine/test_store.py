"""The object store: versioned writes, copies on every read, indexes and a bounded watch log."""

from __future__ import annotations

import json

from sandbox.engine.labels import parse_label_selector
from sandbox.engine.store import Store, WatchEvent, copy_json


def pod(name: str, namespace: str = "default", labels: dict | None = None, node: str | None = None, **meta) -> dict:
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace, **meta},
           "spec": {"containers": [{"name": "app", "image": "nginx"}]}}
    if labels is not None:
        obj["metadata"]["labels"] = labels
    if node:
        obj["spec"]["nodeName"] = node
    return obj


def node(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name}}


def test_resource_version_strictly_increases_when_objects_are_written():
    store = Store()
    seen = [store.resource_version]
    store.put(pod("a"))
    seen.append(store.resource_version)
    store.put(pod("a", labels={"x": "1"}))
    seen.append(store.resource_version)
    store.remove("Pod", "default", "a")
    seen.append(store.resource_version)
    assert seen == sorted(set(seen)) and len(seen) == 4


def test_put_stamps_the_resource_version_as_a_string_when_storing():
    store = Store()
    stored = store.put(pod("a"))
    assert stored["metadata"]["resourceVersion"] == str(store.resource_version)
    assert store.get("Pod", "default", "a")["metadata"]["resourceVersion"] == "1"


def test_get_returns_a_copy_when_the_caller_mutates_it():
    store = Store()
    store.put(pod("a", labels={"app": "web"}))
    got = store.get("Pod", "default", "a")
    got["metadata"]["labels"]["app"] = "changed"
    got["spec"]["containers"].append({"name": "extra"})
    again = store.get("Pod", "default", "a")
    assert again["metadata"]["labels"] == {"app": "web"}
    assert len(again["spec"]["containers"]) == 1


def test_put_keeps_its_own_copy_when_the_caller_mutates_its_object_afterwards():
    store = Store()
    obj = pod("a")
    returned = store.put(obj)
    obj["spec"]["containers"][0]["image"] = "evil"
    returned["spec"]["containers"][0]["image"] = "evil"
    assert store.get("Pod", "default", "a")["spec"]["containers"][0]["image"] == "nginx"


def test_list_is_sorted_by_namespace_then_name_when_listing_every_namespace():
    store = Store()
    for ns, name in [("b", "z"), ("a", "y"), ("b", "a"), ("a", "b")]:
        store.put(pod(name, ns))
    keys = [(o["metadata"]["namespace"], o["metadata"]["name"]) for o in store.list("Pod")]
    assert keys == [("a", "b"), ("a", "y"), ("b", "a"), ("b", "z")]
    assert [o["metadata"]["name"] for o in store.list("Pod", "b")] == ["a", "z"]
    assert store.list("Pod", "missing") == []


def test_cluster_scoped_objects_live_under_the_empty_namespace():
    store = Store()
    store.put(node("node01"))
    assert store.get("Node", "", "node01")["metadata"]["name"] == "node01"
    assert store.count("Node") == 1 and len(store) == 1


def test_watch_log_records_added_modified_deleted_when_an_object_changes():
    store = Store()
    store.put(pod("a"))
    store.put(pod("a", labels={"v": "2"}))
    store.remove("Pod", "default", "a")
    events = store.events_since(0)
    assert [(e.rv, e.type) for e in events] == [(1, "ADDED"), (2, "MODIFIED"), (3, "DELETED")]
    assert isinstance(events[0], WatchEvent)
    assert events[2].obj["metadata"]["resourceVersion"] == "3"  # the deletion's own version
    assert [e.rv for e in store.events_since(2)] == [3]


def test_watch_events_hand_out_copies_when_consumers_mutate_them():
    store = Store()
    store.put(pod("a"))
    store.events_since(0)[0].obj["metadata"]["name"] = "mutated"
    assert store.events_since(0)[0].obj["metadata"]["name"] == "a"
    assert store.get("Pod", "default", "a")["metadata"]["name"] == "a"


def test_watch_log_keeps_the_last_n_events_when_it_overflows():
    store = Store(max_events=20)
    for i in range(200):
        store.put(pod(f"p{i}"))
    events = store.events_since(0)
    assert 20 <= len(events) <= 40
    assert events[-1].rv == store.resource_version
    assert store.compacted_rv == events[0].rv - 1  # a watcher older than this must list again


def test_remove_returns_the_last_state_and_none_when_the_object_is_missing():
    store = Store()
    store.put(pod("a"))
    assert store.remove("Pod", "default", "a")["metadata"]["name"] == "a"
    assert store.remove("Pod", "default", "a") is None
    assert store.get("Pod", "default", "a") is None and len(store) == 0


def test_select_finds_objects_through_the_label_index_when_labels_match():
    store = Store()
    store.put(pod("web-1", labels={"app": "web", "tier": "front"}))
    store.put(pod("web-2", "other", labels={"app": "web"}))
    store.put(pod("db-1", labels={"app": "db"}))
    store.put(pod("bare"))

    def names(objs):
        return [o["metadata"]["name"] for o in objs]

    assert names(store.select("Pod", None, parse_label_selector("app=web"))) == ["web-1", "web-2"]
    assert names(store.select("Pod", "default", parse_label_selector("app in (web,db)"))) == ["db-1", "web-1"]
    assert names(store.select("Pod", "default", parse_label_selector("app!=web"))) == ["bare", "db-1"]
    assert names(store.select("Pod", "default", parse_label_selector("!tier"))) == ["bare", "db-1"]


def test_label_index_forgets_old_labels_when_an_object_is_relabelled():
    store = Store()
    store.put(pod("a", labels={"app": "web"}))
    store.put(pod("a", labels={"app": "api"}))
    assert store.select("Pod", None, parse_label_selector("app=web")) == []
    assert len(store.select("Pod", None, parse_label_selector("app=api"))) == 1


def test_dependents_are_found_by_owner_uid_when_owner_references_name_it():
    store = Store()
    store.put({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs", "namespace": "default",
                                                                          "uid": "u-rs"}})
    ref = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u-rs", "controller": True}]
    store.put(pod("b", ownerReferences=ref, uid="u-b"))
    store.put(pod("a", ownerReferences=ref, uid="u-a"))
    store.put(pod("c", uid="u-c"))
    assert [d["metadata"]["name"] for d in store.dependents("u-rs")] == ["a", "b"]
    assert store.key_for_uid("u-a") == ("Pod", "default", "a")
    store.remove("Pod", "default", "a")
    assert [d["metadata"]["name"] for d in store.dependents("u-rs")] == ["b"]
    assert store.key_for_uid("u-a") is None


def test_pods_on_node_follow_spec_node_name_when_pods_are_bound():
    store = Store()
    store.put(pod("a", node="node01"))
    store.put(pod("b"))
    assert [p["metadata"]["name"] for p in store.pods_on_node("node01")] == ["a"]
    store.put(pod("b", node="node01"))
    store.put(pod("a", node="node02"))
    assert [p["metadata"]["name"] for p in store.pods_on_node("node01")] == ["b"]


def test_dump_and_load_round_trip_through_json_when_snapshotting():
    store = Store()
    store.put(pod("a", labels={"app": "web"}))
    store.put(node("node01"))
    restored = Store.load(json.loads(json.dumps(store.dump())))
    assert restored.resource_version == store.resource_version
    assert restored.list("Pod") == store.list("Pod")
    assert len(restored.select("Pod", None, parse_label_selector("app=web"))) == 1
    assert restored.put(pod("b"))["metadata"]["resourceVersion"] == str(store.resource_version + 1)


def test_copy_json_copies_deeply_when_given_nested_data():
    data = {"a": [{"b": {"c": [1, 2.5, None, True, "x"]}}]}
    copied = copy_json(data)
    assert copied == data
    copied["a"][0]["b"]["c"].append(3)
    assert data["a"][0]["b"]["c"] == [1, 2.5, None, True, "x"]
