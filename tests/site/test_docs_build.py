"""The documentation site builds with `mkdocs build --strict` and lists every
public name (scripts/docs.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_site_builds_strict_with_every_public_name(tmp_path):
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "docs.py"), "--site", str(site)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "every public name has its entry" in run.stdout
    assert (site / "index.html").exists()
    assert (site / "api" / "ops" / "index.html").exists()
