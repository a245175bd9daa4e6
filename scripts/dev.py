#!/usr/bin/env python3
"""Creates (or reuses) ./.venv with the pinned CI versions, then runs a task.

    python3 scripts/dev.py demo        the main job: `keras-spectral demo`
    python3 scripts/dev.py test [...]  the whole backend test matrix
    python3 scripts/dev.py bench [...] the benchmarks (see benchmarks/README.md)
    python3 scripts/dev.py info        `keras-spectral info`
    python3 scripts/dev.py docs [--serve]  the documentation site, into site/
    python3 scripts/dev.py gallery     the example figures and docs/gallery.md

Needs only Python 3 with venv and pip. Reinstalls when requirements/ci.txt,
requirements/ci-nodeps.txt, requirements/docs.txt or pyproject.toml change.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".keras-spectral-installed"
REQUIREMENTS = ROOT / "requirements"
# ci-nodeps.txt installs with --no-deps (a package whose declared pins would
# downgrade the frameworks'); every input is hashed into the reinstall stamp.
INPUTS = [REQUIREMENTS / "ci.txt", REQUIREMENTS / "ci-nodeps.txt", REQUIREMENTS / "docs.txt",
          ROOT / "pyproject.toml"]

TASKS = {
    "demo": [str(BIN / "keras-spectral"), "demo"],
    "info": [str(BIN / "keras-spectral"), "info"],
    "test": [str(PYTHON), str(ROOT / "scripts" / "matrix.py")],
    "bench": [str(PYTHON), "-m", "benchmarks.run"],
    "docs": [str(PYTHON), str(ROOT / "scripts" / "docs.py")],
    "gallery": [str(PYTHON), str(ROOT / "scripts" / "docs_gallery.py")],
}


def ensure_venv():
    if not PYTHON.exists():
        print(f"creating {VENV.name}/", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in INPUTS)).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("installing the pinned requirements (first run only)", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet"]
    subprocess.run(pip + ["-r", str(REQUIREMENTS / "ci.txt"), "-r", str(REQUIREMENTS / "docs.txt")],
                   check=True)
    subprocess.run(pip + ["--no-deps", "-r", str(REQUIREMENTS / "ci-nodeps.txt")], check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(digest)


def main(argv):
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        return 2
    ensure_venv()
    return subprocess.call(TASKS[argv[0]] + argv[1:], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
