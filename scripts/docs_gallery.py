#!/usr/bin/env python3
"""The gallery: every example script with the figures it draws (docs/gallery.md).

    python scripts/docs_gallery.py               run the examples that draw figures
                                                 (--figures docs/img), then write
                                                 docs/gallery.md
    python scripts/docs_gallery.py --page-only   only write docs/gallery.md
    python scripts/docs_gallery.py --operators   also rerun the FNO reproductions
                                                 (scripts/reproduce_operators.py;
                                                 30-90 minutes each)

`python3 scripts/dev.py gallery` runs it in the project's environment. Every
`docs/examples/*.py` appears on the page, a new one with no entry below
included (its docstring's first line, no figure); `tests/test_gallery.py`
checks that the page is current.
"""

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES, IMAGES, PAGE = ROOT / "docs" / "examples", ROOT / "docs" / "img", ROOT / "docs" / "gallery.md"

# script -> (figures it writes, command that redraws them (None: prints only), note)
FIGURES = {
    "audio_frontends.py": (["audio_spectrograms.png", "audio_filterbank.png",
                            "audio_griffinlim.png"], ["--figures", "docs/img"], ""),
    "complex_phase.py": (["complex-phase.png"], ["--figures", "docs/img"], ""),
    "gfnet_digits.py": (["gfnet-filters.png"], ["--figures", "docs/img"], ""),
}
OPERATORS = [  # scripts/reproduce_operators.py arguments per figure
    ("operators-burgers-jax-s1024.png", ["--problem", "burgers", "--backend", "jax"]),
    ("operators-burgers-tensorflow-s1024.png", ["--problem", "burgers", "--backend", "tensorflow"]),
    ("operators-burgers-torch-s1024.png", ["--problem", "burgers", "--backend", "torch"]),
    ("operators-burgers-jax-s256.png", ["--problem", "burgers", "--backend", "jax",
                                        "--resolution", "256", "--eval-resolutions", "1024", "8192"]),
    ("operators-darcy-jax-s85.png", ["--problem", "darcy", "--backend", "jax", "--epochs", "50",
                                     "--eval-resolutions", "141", "211", "421"]),
]


def scripts():
    return sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


def summary(path):
    """The first paragraph of a script's docstring, on one line."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or path.stem
    return " ".join(doc.split("\n\n")[0].split())


def page():
    lines = ["# Gallery", "",
             "Every example script and the figures it draws. The scripts train small models on "
             "a CPU in one to a few minutes each, on TensorFlow, JAX or PyTorch "
             "(`--backend`), and print what they measure beside a baseline with the same "
             "budget; their tables are in [the examples' README](examples/README.md). "
             "`python3 scripts/dev.py gallery` reruns the scripts that draw figures and "
             "rewrites this page.", ""]
    for path in scripts():
        figures, args, _ = FIGURES.get(path.name, ([], None, ""))
        lines += [f"## `{path.name}`", "", summary(path), "", "```bash",
                  " ".join(["python", f"docs/examples/{path.name}", *(args or [])]), "```", ""]
        shown = [f"![{f}](img/{f})\n" for f in figures if (IMAGES / f).exists()]
        lines += shown or ["Prints its results (no figure).", ""]
    lines += ["## Fourier neural operators on Burgers and Darcy flow", "",
              "`scripts/reproduce_operators.py`: the FNO papers' training runs per backend "
              "(test error beside the trivial predictors: [operator learning](operators.md)); "
              "each figure shows test samples, the prediction and the error. "
              "`python3 scripts/dev.py gallery --operators` reruns them (30-90 minutes each).", ""]
    for figure, args in OPERATORS:
        if (IMAGES / figure).exists():
            lines += [f"### {figure[:-4]}", "", "```bash",
                      " ".join(["python", "scripts/reproduce_operators.py", *args]), "```", "",
                      f"![{figure}](img/{figure})", ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page-only", action="store_true")
    parser.add_argument("--operators", action="store_true")
    args = parser.parse_args(argv)
    code = 0
    if not args.page_only:
        for name, (_, figure_args, _) in FIGURES.items():
            cmd = [sys.executable, str(EXAMPLES / name), *figure_args]
            print("==", " ".join(cmd[1:]), flush=True)
            code |= subprocess.run(cmd, cwd=ROOT, env=dict(os.environ)).returncode
        for _, op_args in OPERATORS if args.operators else []:
            cmd = [sys.executable, str(ROOT / "scripts" / "reproduce_operators.py"), *op_args]
            print("==", " ".join(cmd[1:]), flush=True)
            code |= subprocess.run(cmd, cwd=ROOT).returncode
    PAGE.write_text(page())
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return code


if __name__ == "__main__":
    sys.exit(main())
