"""Reproduces the FNO papers' Burgers and Darcy results per backend.

Each run is `keras-spectral demo` in its own process (Keras picks its backend
once per process) with the papers' data, model and optimiser, writing
benchmarks/results/operators-<problem>-<backend>-s<resolution>.json and a PNG in
docs/img/; then the results table of docs/operators.md is rebuilt from every
result found (between its `<!-- results -->` markers).

    python -m benchmarks.reproduce_operators --problem burgers       # 100 epochs, 3 backends
    python -m benchmarks.reproduce_operators --problem burgers --full --backend torch
    python -m benchmarks.reproduce_operators --problem burgers --backend jax \\
        --resolution 256 --eval-resolutions 1024 8192                 # zero-shot
    python -m benchmarks.reproduce_operators --problem darcy --epochs 50 \\
        --eval-resolutions 141 211 421
    python -m benchmarks.reproduce_operators --table-only
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

if not __package__:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fno.common import child_env  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
DOCS = REPO / "docs" / "operators.md"
IMAGES = REPO / "docs" / "img"
DEFAULT_RESOLUTION = {"burgers": 1024, "darcy": 85}


def run(problem, backend, resolution, epochs, decay_every, eval_resolutions, threads):
    tag = f"operators-{problem}-{backend}-s{resolution}"
    IMAGES.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "keras_spectral.cli", "demo", "--problem", problem,
           "--backend", backend, "--resolution", str(resolution), "--num-train", "1000",
           "--num-test", "200", "--batch-size", "20", "--epochs", str(epochs),
           "--decay-every", str(decay_every), "--json", str(RESULTS / f"{tag}.json"),
           "--png", str(IMAGES / f"{tag}.png")]
    if eval_resolutions:
        cmd += ["--eval-resolutions", *map(str, eval_resolutions)]
    print("==", " ".join(cmd[1:]), flush=True)
    return subprocess.run(cmd, cwd=REPO, env=child_env(backend, threads)).returncode


def rows():
    """One markdown table row per result file."""
    out = []
    for path in sorted(RESULTS.glob("operators-*.json")):
        r = json.loads(path.read_text())
        errors = {int(k): v for k, v in r["test_error"].items()}
        paper = {int(k): v for k, v in r["paper_error"].items()}
        train = r["resolution"]
        name, best = r["best_baseline"]
        others = ", ".join(f"s={s}: {e:.4f}" for s, e in errors.items() if s != train)
        out.append(
            f"| {r['problem']} | {r['backend']} | {train} "
            f"| {r['epochs']} (x0.5 every {r['decay_every']}) | **{errors[train]:.4f}** "
            f"| {best:.4f} ({name}) | {best / errors[train]:.0f}x "
            f"| {paper.get(train) or '-'} | {others or '-'} "
            f"| {r['train_seconds'] / 60:.1f} min ({r['seconds_per_epoch']:.1f} s/epoch) "
            f"| {r.get('threads', '-')} |")
    return out


def table():
    """Rewrites the results table of docs/operators.md."""
    header = ["| problem | backend | train s | epochs | FNO test rel. L2 | best trivial "
              "| ratio | paper FNO | zero-shot | training time | threads |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    block = "\n".join(["<!-- results -->", *header, *rows(), "<!-- /results -->"])
    text = DOCS.read_text()
    DOCS.write_text(re.sub(r"<!-- results -->.*<!-- /results -->", lambda _: block, text,
                           flags=re.S))
    print(f"wrote {DOCS}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problem", choices=sorted(DEFAULT_RESOLUTION), default="burgers")
    parser.add_argument("--backend", nargs="*", default=["tensorflow", "jax", "torch"])
    parser.add_argument("--resolution", type=int, default=None)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--decay-every", type=int, default=None,
                        help="default: epochs / 5, the papers' proportion (100 of 500)")
    parser.add_argument("--full", action="store_true", help="500 epochs, decay every 100")
    parser.add_argument("--eval-resolutions", type=int, nargs="*", default=[])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--table-only", action="store_true")
    args = parser.parse_args(argv)
    code = 0
    if not args.table_only:
        epochs = 500 if args.full else args.epochs
        decay = args.decay_every or max(1, epochs // 5)
        resolution = args.resolution or DEFAULT_RESOLUTION[args.problem]
        for backend in args.backend:
            code |= run(args.problem, backend, resolution, epochs, decay,
                        args.eval_resolutions, args.threads)
    table()
    return code


if __name__ == "__main__":
    sys.exit(main())
