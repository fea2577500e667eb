#!/usr/bin/env bash
# k8s-learn developer entry point.
#   ./dev.sh run    set everything up, then serve the app at http://127.0.0.1:8000
#   ./dev.sh test   set everything up (test tools and Chromium too), then run every test
#   ./dev.sh setup  only set up (used by both)
# Works on a fresh Debian machine with Python 3.11; installs system packages with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")"

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ -n "$PYTHON" ] || die "Python 3.11 is required (python3.11 or python3 on PATH). On Debian: apt-get install python3"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' \
  || die "Python 3.11+ is required; $PYTHON is $("$PYTHON" --version 2>&1)"

APT_UPDATED=0
apt_install() {  # apt_install PACKAGE... : install Debian packages, or say exactly what is missing
  local missing=("$@")
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
      die "missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing system packages: ${missing[*]} (no apt-get here; install them with your package manager)"
  say "Installing system packages: ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then $sudo apt-get update -qq || die "apt-get update failed"; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

system_packages() {  # system_packages [test]
  local need=()
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
  command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
  "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
  if [ "${1:-}" = test ]; then
    [ -x /usr/bin/chromium ] || need+=(chromium)
    fc-list 2>/dev/null | grep -qi 'noto.*cjk\|nanum' || need+=(fonts-noto-cjk)
  fi
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

python_packages() {  # python_packages requirements-file
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating virtual environment $VENV"
    "$PYTHON" -m venv "$VENV" || die "could not create a virtual environment (apt-get install python3-venv)"
  fi
  local stamp="$VENV/.installed-$(cat requirements.txt "$1" | sha1sum | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    say "Installing Python packages from $1"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$1" || die "pip install -r $1 failed"
    touch "$stamp"
  fi
}

prepare_app() {
  say "Compiling translations"
  "$VENV/bin/python" manage.py compilemessages --ignore "$VENV" -v 0
  say "Preparing the database"
  "$VENV/bin/python" manage.py migrate --noinput -v 0
  # Bytecode once, up front: the first request (and the first validation) need not compile modules.
  "$VENV/bin/python" -m compileall -q sandbox lessons classroom k8s_learn >/dev/null || true
}

cmd=${1:-}
case "$cmd" in
  setup)
    system_packages
    python_packages requirements.txt
    prepare_app
    ;;
  run)
    system_packages
    python_packages requirements.txt
    prepare_app
    case "${DJANGO_DEBUG:-1}" in  # demo accounts only on a development server, never in production
      0|false|no|off) ;;
      *) "$VENV/bin/python" manage.py load_demo ;;
    esac
    say "Serving k8s-learn at http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops it)"
    exec "$VENV/bin/python" manage.py runserver "127.0.0.1:${PORT:-8000}"
    ;;
  test)
    shift
    system_packages test
    python_packages requirements-dev.txt
    prepare_app
    say "Running the tests"
    set +e
    "$VENV/bin/python" -m pytest "$@"
    rc=$?
    set -e
    if [ "$rc" = 5 ]; then die "pytest collected no tests"; fi
    exit "$rc"
    ;;
  *)
    echo "usage: ./dev.sh run | test [pytest args] | setup" >&2
    exit 2
    ;;
esac
