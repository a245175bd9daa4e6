#!/usr/bin/env python3
"""Builds the documentation site into site/ (mkdocs, material, mkdocstrings).

    python scripts/docs.py              build site/ with --strict, then check that
                                        every public name has its reference entry
    python scripts/docs.py --serve      serve it with live reload (mkdocs serve)
    python scripts/docs.py --site DIR   build into DIR instead of site/

`python3 scripts/dev.py docs [--serve]` runs this in the project's environment.
A broken link, a nav entry without its page, a docstring the parser cannot read
or a public name missing from the reference fails the build.
"""

import argparse
import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def public_modules():
    """Every public module of the package: those `keras_spectral.__all__` names,
    and the submodules each of them names in its own `__all__`."""
    import keras_spectral

    import keras_spectral.numerics

    found = ["keras_spectral.numerics"]  # public (README, docs/design.md), imported on use
    for name in keras_spectral.__all__:
        obj = getattr(keras_spectral, name)
        if type(obj).__name__ != "module":
            continue
        found.append(obj.__name__)
        for sub in getattr(obj, "__all__", []):
            if type(getattr(obj, sub, None)).__name__ == "module":
                found.append(f"{obj.__name__}.{sub}")
    return found


def public_names(module):
    """The names `module` makes public: its `__all__`, less submodules; without
    one, the public functions and classes it defines."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items() if not n.startswith("_")
                 and getattr(v, "__module__", None) == module.__name__]
    return [n for n in names if type(getattr(module, n)).__name__ != "module"]


def missing_anchors(site):
    """`module.name` of every public name without an entry in the built reference."""
    html = "".join(p.read_text() for p in (Path(site) / "api").rglob("*.html"))
    missing = []
    for modname in public_modules():
        module = importlib.import_module(modname)
        for n in public_names(module):
            defined = getattr(getattr(module, n), "__module__", modname)
            if not any(f'id="{where}.{n}"' in html for where in (modname, defined)):
                missing.append(f"{modname}.{n}")
    return missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", action="store_true", help="mkdocs serve instead of build")
    parser.add_argument("--site", default=str(ROOT / "site"), help="output folder")
    args = parser.parse_args(argv)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("KERAS_BACKEND", "numpy")  # the reference check imports the package
    os.environ.update(env)
    mkdocs = [sys.executable, "-m", "mkdocs"]
    if args.serve:
        return subprocess.call(mkdocs + ["serve", "-f", str(ROOT / "mkdocs.yml")], cwd=ROOT, env=env)
    start = time.time()
    rc = subprocess.call(mkdocs + ["build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                                   "-d", args.site], cwd=ROOT, env=env)
    if rc:
        print(f"docs: mkdocs build --strict failed (exit {rc})")
        return rc
    missing = missing_anchors(args.site)
    for name in missing:
        print(f"docs: {name} has no entry in the API reference")
    print(f"docs: site built in {time.time() - start:.1f}s into {args.site}; "
          f"{'FAILED' if missing else 'every public name has its entry'}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
