"""Reading manifests: positions, multi-document streams, Lists, duplicate keys and hostile input."""

from __future__ import annotations

import json

import pytest

from sandbox.engine.manifests import Limits, parse_documents

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerport: 80
"""


def test_every_value_maps_to_its_key_line_and_column():
    (doc,) = parse_documents(DEPLOYMENT, "web.yaml")
    assert doc.pos(("spec", "replicas")) == (8, 3)
    assert doc.pos(("spec", "template", "spec", "containers", 0)) == (18, 9)
    assert doc.pos(("spec", "template", "spec", "containers", 0, "image")) == (19, 9)
    assert doc.pos(("spec", "template", "spec", "containers", 0, "ports", 0, "containerport")) == (21, 11)


def test_position_falls_back_to_nearest_ancestor_when_path_is_absent():
    (doc,) = parse_documents(DEPLOYMENT)
    assert doc.pos(("spec", "template", "spec", "containers", 0, "resources", "limits")) == (18, 9)


def test_documents_are_split_and_empty_ones_skipped_when_stream_has_markers():
    text = "---\n# only a comment\n---\n" + DEPLOYMENT + "---\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
    docs = parse_documents(text)
    assert [(d.index, d.kind) for d in docs] == [(0, "Deployment"), (1, "Service")]
    assert docs[1].pos(("kind",)) == (28, 1)


def test_syntax_error_belongs_to_its_document_and_later_documents_still_parse():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Pod\n  bad: indent\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
    docs = parse_documents(text, "x.yaml")
    assert [d.error is None for d in docs] == [True, False, True]
    assert docs[1].error.code == "yaml.syntax"
    assert docs[1].error.line == 7
    assert "line 7" in docs[1].error.message_en
    assert docs[2].name == "c"


def test_duplicate_key_is_rejected_with_both_lines():
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n"
    (doc,) = parse_documents(text)
    assert doc.error.code == "yaml.duplicate_key"
    assert (doc.error.line, doc.error.column) == (5, 3)
    assert doc.error.message_en.endswith('line 5: key "name" already set in map')
    assert "4" in doc.error.message_ko


def test_list_kind_is_expanded_into_items_with_their_own_positions():
    text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: one\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: two\n"
    docs = parse_documents(text)
    assert [(d.kind, d.name) for d in docs] == [("ConfigMap", "one"), ("Secret", "two")]
    assert docs[1].pos(("metadata", "name")) == (11, 5)
    assert docs[1].index == 1


def test_json_documents_are_read_including_tab_indentation():
    text = json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}, indent="\t")
    (doc,) = parse_documents(text)
    assert doc.data["metadata"]["name"] == "p"
    assert doc.pos(("metadata", "name"))[0] == 5


def test_scalars_convert_like_yaml_to_json():
    (doc,) = parse_documents("a: 010\nb: 0x1f\nc: yes\nd: ~\ne: 1.5\nf: 2025-01-01\ng: '3'\n")
    assert doc.data == {"a": 8, "b": 31, "c": True, "d": None, "e": 1.5, "f": "2025-01-01", "g": "3"}


def test_merge_keys_are_applied_and_explicit_keys_win():
    (doc,) = parse_documents("base: &b {a: 1, b: 2}\nd:\n  <<: *b\n  b: 3\n")
    assert doc.data["d"] == {"a": 1, "b": 3}


def test_billion_laughs_is_refused():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (doc,) = parse_documents("\n".join(lines))
    assert doc.error.code == "yaml.alias_expansion"


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "{a: " * 50_000 + "1" + "}" * 50_000, "- " * 5000 + "x"])
def test_deep_nesting_is_refused_before_the_parser_sees_it(text):
    (doc,) = parse_documents(text)
    assert doc.error.code == "yaml.too_deep"


def test_oversized_submission_is_refused_with_the_api_server_limit():
    text = "a: " + "x" * (3 * 1024 * 1024) + "\n"
    (doc,) = parse_documents(text)
    assert doc.error.code == "yaml.too_large"
    assert "3145728" in doc.error.message_en


def test_too_many_documents_is_refused_after_the_limit():
    text = "".join(f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n" for i in range(20))
    docs = parse_documents(text, limits=Limits(max_documents=5))
    assert len(docs) == 6
    assert docs[-1].error.code == "yaml.too_many_documents"


def test_too_many_values_is_refused():
    text = "items:\n" + "".join(f"- {i}\n" for i in range(2000))
    (doc,) = parse_documents(text, limits=Limits(max_values=1000))
    assert doc.error.code == "yaml.too_many_nodes"


def test_invalid_utf8_bytes_give_a_syntax_error_not_an_exception():
    (doc,) = parse_documents(b"kind: Pod\nname: \xff\xfe\n")
    assert doc.error.code == "yaml.syntax"


def test_non_string_keys_become_strings_like_yaml_to_json():
    (doc,) = parse_documents("data:\n  1: one\n  true: yes\n")
    assert doc.data["data"] == {"1": "one", "true": True}


def test_crlf_line_ends_split_documents_like_lf():
    text = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: Pod\r\n"
    docs = parse_documents(text)
    assert [(d.kind, d.error) for d in docs] == [("ConfigMap", None), ("Pod", None)]
    assert docs[1].pos(("kind",)) == (7, 1)


def test_typed_lists_are_expanded_like_kind_list():
    text = "apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
    (doc,) = parse_documents(text)
    assert (doc.kind, doc.name) == ("ConfigMap", "a")
