"""The engine is a plain Python library: importing it must not load Django."""

import subprocess
import sys


def test_engine_imports_no_django_module():
    code = (
        "import sys, sandbox.engine, sandbox.engine.manifests, sandbox.engine.validate, sandbox.engine.cluster;"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"engine imported Django modules: {result.stdout} {result.stderr}"
