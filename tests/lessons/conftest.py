from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

LESSON_YAML = """\
title: {ko: "파드", en: "Pods"}
summary: {ko: "파드를 배웁니다.", en: "Learn pods."}
minutes: 8
objectives:
  ko: ["파드를 쓸 수 있다"]
  en: ["write a pod"]
quiz:
  - id: smallest-unit
    type: single
    question: {ko: "가장 작은 배포 단위는?", en: "The smallest deployable unit?"}
    choices:
      - id: a
        text: {ko: "파드", en: "Pod"}
        correct: true
        explanation: {ko: "맞습니다.", en: "Right."}
      - id: b
        text: {ko: "노드", en: "Node"}
        correct: false
        explanation: {ko: "노드는 머신입니다.", en: "A node is a machine."}
  - id: shared
    type: multiple
    question: {ko: "파드 안 컨테이너가 공유하는 것은?", en: "What do containers in a pod share?"}
    choices:
      - id: ip
        text: {ko: "IP 주소", en: "IP address"}
        correct: true
        explanation: {ko: "네트워크 네임스페이스를 공유합니다.", en: "They share a network namespace."}
      - id: volumes
        text: {ko: "볼륨", en: "Volumes"}
        correct: true
        explanation: {ko: "볼륨을 함께 마운트할 수 있습니다.", en: "They can mount the same volumes."}
      - id: image
        text: {ko: "이미지", en: "Image"}
        correct: false
        explanation: {ko: "컨테이너마다 다릅니다.", en: "Each container has its own."}
  - id: third
    type: single
    question: {ko: "셋째 질문", en: "Third question"}
    choices:
      - id: a
        text: {ko: "예", en: "Yes"}
        correct: true
        explanation: {ko: "네.", en: "Yes."}
      - id: b
        text: {ko: "아니오", en: "No"}
        correct: false
        explanation: {ko: "아니요.", en: "No."}
"""

KO_MD = """\
## 파드란

파드는 컨테이너 묶음입니다.

```yaml sandbox
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
```

```dot
digraph G { a -> b; }
```

## 이제 할 수 있는 것

다음 레슨으로 가세요.
"""

EN_MD = KO_MD.replace("## 파드란", "## What a pod is").replace("파드는 컨테이너 묶음입니다.", "A pod groups containers.").replace(
    "## 이제 할 수 있는 것", "## What you can do now").replace("다음 레슨으로 가세요.", "Go on to the next lesson.")


def write_lesson(root: Path, slug: str = "10-pods", meta: str = LESSON_YAML, ko: str = KO_MD, en: str = EN_MD) -> Path:
    folder = root / slug
    folder.mkdir(parents=True)
    (folder / "lesson.yaml").write_text(textwrap.dedent(meta), encoding="utf-8")
    (folder / "ko.md").write_text(ko, encoding="utf-8")
    (folder / "en.md").write_text(en, encoding="utf-8")
    return folder


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    write_lesson(tmp_path)
    return tmp_path
