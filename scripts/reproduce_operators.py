"""Reproduces the FNO papers' Burgers and Darcy results per backend.

Each run is `keras-spectral demo` in a process of its own with the papers'
data, model and optimiser, writing
benchmarks/results/operators-<problem>-<backend>-s<resolution>.json and a PNG
in docs/img/; then the results table of docs/operators.md (between its
`<!-- results -->` markers) is rebuilt from every result found.

    python scripts/reproduce_operators.py --problem burgers       # 100 epochs
    python scripts/reproduce_operators.py --problem burgers --full --backend torch
    python scripts/reproduce_operators.py --problem burgers --backend jax \\
        --resolution 256 --eval-resolutions 1024 8192             # zero-shot
    python scripts/reproduce_operators.py --problem darcy --epochs 50 \\
        --eval-resolutions 141 211 421
    python scripts/reproduce_operators.py --table-only

Not a speed benchmark: training runs of the operator-learning problems.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from benchmarks.adapter import DIFFERENTIABLE, child_env  # noqa: E402
from benchmarks.harness import REPO, RESULTS  # noqa: E402

DOCS, IMAGES = REPO / "docs" / "operators.md", REPO / "docs" / "img"
DEFAULT_RESOLUTION = {"burgers": 1024, "darcy": 85}
HEADER = ("| problem | backend | train s | epochs | FNO test rel. L2 | best trivial | ratio "
          "| paper FNO | zero-shot | training time | threads |\n" + "|---" * 11 + "|")


def row(r):
    errors = {int(k): v for k, v in r["test_error"].items()}
    paper, train = {int(k): v for k, v in r["paper_error"].items()}, r["resolution"]
    name, best = r["best_baseline"]
    others = ", ".join(f"s={s}: {e:.4f}" for s, e in errors.items() if s != train)
    return (f"| {r['problem']} | {r['backend']} | {train} | {r['epochs']} (x0.5 every "
            f"{r['decay_every']}) | **{errors[train]:.4f}** | {best:.4f} ({name}) | "
            f"{best / errors[train]:.0f}x | {paper.get(train) or '-'} | {others or '-'} | "
            f"{r['train_seconds'] / 60:.1f} min ({r['seconds_per_epoch']:.1f} s/epoch) | "
            f"{r.get('threads', '-')} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--problem", choices=sorted(DEFAULT_RESOLUTION), default="burgers")
    parser.add_argument("--backend", nargs="*", default=list(DIFFERENTIABLE))
    parser.add_argument("--resolution", type=int, default=None)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--decay-every", type=int, default=None,
                        help="default: epochs / 5, the papers' proportion (100 of 500)")
    parser.add_argument("--full", action="store_true", help="500 epochs, decay every 100")
    parser.add_argument("--eval-resolutions", type=int, nargs="*", default=[])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--table-only", action="store_true")
    args = parser.parse_args(argv)
    epochs = 500 if args.full else args.epochs
    resolution = args.resolution or DEFAULT_RESOLUTION[args.problem]
    code = 0
    for backend in [] if args.table_only else args.backend:
        tag = f"operators-{args.problem}-{backend}-s{resolution}"
        IMAGES.mkdir(parents=True, exist_ok=True)
        RESULTS.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "keras_spectral.cli", "demo", "--problem", args.problem,
               "--backend", backend, "--resolution", str(resolution), "--num-train", "1000",
               "--num-test", "200", "--batch-size", "20", "--epochs", str(epochs),
               "--decay-every", str(args.decay_every or max(1, epochs // 5)),
               "--json", str(RESULTS / f"{tag}.json"), "--png", str(IMAGES / f"{tag}.png")]
        cmd += ["--eval-resolutions", *map(str, args.eval_resolutions)] * bool(
            args.eval_resolutions)
        print("==", " ".join(cmd[1:]), flush=True)
        code |= subprocess.run(cmd, cwd=REPO, env=child_env(os.environ, backend,
                                                             args.threads)).returncode
    rows = [row(json.loads(p.read_text())) for p in sorted(RESULTS.glob("operators-*.json"))]
    block = "\n".join(["<!-- results -->", HEADER, *rows, "<!-- /results -->"])
    DOCS.write_text(re.sub(r"<!-- results -->.*<!-- /results -->", lambda _: block,
                           DOCS.read_text(), flags=re.S))
    print(f"wrote {DOCS.relative_to(REPO)}")
    return code


if __name__ == "__main__":
    sys.exit(main())
