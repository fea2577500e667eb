"""The Korean and English catalogues are complete, in sync with the code, and used by the pages."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("ko", "en")
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "ko",
    "-l",
    "en",
    "--no-obsolete",
    "--ignore=tests",
    "--ignore=benchmarks",
    "--ignore=staticfiles",
    "--ignore=node_modules",
]
HOW_TO_FIX = (
    "Update the catalogues with `.venv/bin/python manage.py " + " ".join(MAKEMESSAGES) + "`, "
    "then write the Korean msgstr in locale/ko/LC_MESSAGES/django.po and copy the English text "
    "into locale/en/LC_MESSAGES/django.po (no empty msgstr, no fuzzy entries)."
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for gettext's own output (flags, contexts, plurals, obsolete entries)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None  # the field the next continuation line extends
    seen_msgstr = False

    def finish() -> None:
        nonlocal current, target, seen_msgstr
        if seen_msgstr:
            entries.append(current)
        current, target, seen_msgstr = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if seen_msgstr:
                finish()
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: a continuation line outside an entry")
            value = ast.literal_eval(line)
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        if keyword in ("msgctxt", "msgid") and seen_msgstr:
            finish()
        current.obsolete = current.obsolete or obsolete
        current.line = current.line or number
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, value)
            target = (keyword, 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index] = value
            target, seen_msgstr = ("msgstr", index), True
        else:
            raise ValueError(f"{path}:{number}: unexpected {keyword!r}")
    finish()
    return entries


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def live_entries(language: str) -> list[Entry]:
    return [e for e in parse_po(catalogue(language)) if not e.obsolete and e.msgid]


def header(language: str) -> Entry:
    return next(e for e in parse_po(catalogue(language)) if e.msgid == "" and not e.obsolete)


def describe(entry: Entry) -> str:
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"line {entry.line}: {entry.msgid!r}{context}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_empty_translation(language):
    empty = [describe(e) for e in live_entries(language) if not e.msgstr or any(not s for s in e.msgstr.values())]
    assert not empty, f"untranslated in {language}:\n" + "\n".join(empty) + "\n" + HOW_TO_FIX


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_entry(language):
    fuzzy = [describe(e) for e in parse_po(catalogue(language)) if "fuzzy" in e.flags and not e.obsolete]
    assert not fuzzy, f"fuzzy entries in {language} (gettext ignores them):\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_declares_language_charset_and_plurals(language):
    meta = header(language).msgstr[0]
    assert f"Language: {language}\n" in meta
    assert "charset=UTF-8" in meta
    expected = "nplurals=1; plural=0;" if language == "ko" else "nplurals=2; plural=(n != 1);"
    assert f"Plural-Forms: {expected}" in meta


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in live_entries(language):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = set().union(*(PLACEHOLDER.findall(s) for s in sources))
        for text in entry.msgstr.values():
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{describe(entry)} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_korean_catalogue_is_written_in_korean():
    english_only = [describe(e) for e in live_entries("ko") if not any(HANGUL.search(s) for s in e.msgstr.values())]
    assert not english_only, "Korean msgstr without Hangul (copied English?):\n" + "\n".join(english_only)


def test_english_catalogue_repeats_the_source_text():
    """The source strings are English, so the English catalogue is the identity (and complete)."""
    different = []
    for entry in live_entries("en"):
        if entry.msgid_plural:
            expected = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            expected = {0: entry.msgid}
        if entry.msgstr != expected:
            different.append(describe(entry))
    assert not different, "English msgstr differs from msgid:\n" + "\n".join(different)


def test_both_catalogues_hold_the_same_messages():
    ko = {e.key for e in live_entries("ko")}
    en = {e.key for e in live_entries("en")}
    assert ko == en, f"only in ko: {sorted(map(str, ko - en))}\nonly in en: {sorted(map(str, en - ko))}"


def _copy_sources(destination: Path) -> None:
    skip = {
        ".venv",
        ".git",
        "locale",
        "staticfiles",
        "node_modules",
        "__pycache__",
        ".pytest_cache",
        ".hypothesis",
        "tests",
        "benchmarks",
        "content",
    }
    shutil.copytree(
        ROOT,
        destination,
        ignore=lambda _dir, names: [n for n in names if n in skip or n.endswith((".sqlite3", ".mo"))],
        symlinks=True,
    )


def test_every_string_marked_for_translation_is_in_the_catalogues(tmp_path):
    """Run makemessages on a copy of the sources; whatever it extracts must already be translated."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: apt-get install gettext (./dev.sh test installs it)")
    project = tmp_path / "project"
    _copy_sources(project)
    (project / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    extracted = [e for e in parse_po(project / "locale" / "ko" / "LC_MESSAGES" / "django.po") if e.msgid]
    assert extracted, "makemessages found no strings at all"
    for language in LANGUAGES:
        known = {e.key for e in live_entries(language)}
        missing = [describe(e) for e in extracted if e.key not in known]
        assert not missing, (
            f"marked for translation but missing from {language}:\n" + "\n".join(missing) + "\n" + HOW_TO_FIX
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_compiles_with_msgfmt(language, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt is missing: apt-get install gettext (./dev.sh test installs it)")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(catalogue(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_parser_reads_contexts_plurals_flags_and_obsolete_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "열기"\n\n'
        'msgid "%(n)s pod"\nmsgid_plural "%(n)s pods"\nmsgstr[0] "파드 "\n"%(n)s개"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "사라짐"\n',
        encoding="utf-8",
    )
    meta, opened, pods, gone = parse_po(po)
    assert meta.msgstr == {0: "Language: ko\n"}
    assert (opened.msgctxt, opened.msgid, opened.msgstr, "fuzzy" in opened.flags) == ("menu", "Open", {0: "열기"}, True)
    assert (pods.msgid_plural, pods.msgstr) == ("%(n)s pods", {0: "파드 %(n)s개"})
    assert gone.obsolete and gone.msgstr == {0: "사라짐"}


@pytest.fixture
def compiled():
    """Compile the catalogues (what ./dev.sh does) when a .mo is missing or older than its .po."""
    for language in LANGUAGES:
        po = catalogue(language)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    from django.utils.translation import trans_real

    trans_real._translations = {}  # forget catalogues loaded before the .mo files existed
    yield


@pytest.mark.django_db
def test_pages_speak_the_language_of_their_url(client, compiled):
    korean = client.get("/ko/").content.decode()
    english = client.get("/en/").content.decode()
    assert '<html lang="ko">' in korean and "Learn Kubernetes by doing" not in korean
    assert "본문으로 건너뛰기" in korean
    assert '<html lang="en">' in english and "Learn Kubernetes by doing" in english
