"""Korean particles: the right 은/는, 이/가, 을/를, 과/와 after an English or Korean word."""

from __future__ import annotations

import re

# Whether a word, read aloud in Korean, ends in a final consonant (받침); digits as Sino-Korean numbers.
_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                  "8": True, "9": False}
_WORD_BATCHIM = {
    "pod": False, "job": True, "set": True, "role": True, "binding": True, "definition": True,
    "configuration": True, "revision": True, "condition": True, "connection": True, "version": True,
    "claim": True, "quota": False, "range": False, "secret": True, "map": True, "account": False,
    "node": False, "namespace": False, "service": False, "endpoints": False, "event": False,
    "ingress": False, "class": False, "policy": False, "budget": False, "autoscaler": False,
    "deployment": False, "controller": False, "template": False, "slice": False, "schema": False,
    "lease": False, "request": False, "review": False, "attachment": False, "driver": False,
    "capacity": False, "volume": True, "persistentvolume": True, "admission": True, "beta": False,
    "alpha": False,
}


def _batchim(word: str) -> bool:
    word = word.rstrip(" `'\")]}").lower()
    if not word:
        return False
    if word[-1].isdigit():
        return _DIGIT_BATCHIM[word[-1]]
    if "\uac00" <= word[-1] <= "\ud7a3":
        return (ord(word[-1]) - 0xAC00) % 28 != 0
    token = re.split(r"[^a-z]+", word)[-1] if re.search(r"[a-z]$", word) else word
    for end, has in sorted(_WORD_BATCHIM.items(), key=lambda kv: -len(kv[0])):
        if token.endswith(end):
            return has
    return token[-1] in "lmnkpbt" if token else False


def josa(word: str, pair: str) -> str:
    """``word`` with the right particle of ``pair`` ("은는", "이가", "을를", "과와")."""
    return word + (pair[0] if _batchim(word) else pair[1])
