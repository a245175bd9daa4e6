"""The `keras-spectral` command: `info` and `demo`.

    keras-spectral info               backend in use, installed backends, devices
    keras-spectral demo [--backend B] [--full] an FNO-1D learns the Burgers operator
"""

import argparse
import importlib.metadata
import importlib.util
import os
import sys
import time

FRAMEWORKS = {  # Keras backend -> (import name, distributions to report)
    "tensorflow": ("tensorflow", ("tensorflow", "tensorflow-cpu")),
    "jax": ("jax", ("jax", "jaxlib")),
    "torch": ("torch", ("torch",)),
    "numpy": ("numpy", ("numpy",)),
}


def _version(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def info():
    """Prints the backend in use, the installed backends with their versions,
    and the devices each backend sees."""
    import keras

    import keras_spectral
    from keras_spectral import backend

    backend.import_torch_first()

    print(f"keras_spectral {keras_spectral.__version__}")
    print(f"keras {keras.__version__}, backend in use: {keras.backend.backend()}")
    print(f"python {sys.version.split()[0]}")
    print("installed backends:")
    for name, (module, dists) in FRAMEWORKS.items():
        if importlib.util.find_spec(module) is None:
            print(f"  {name:<11} not installed")
            continue
        versions = ", ".join(f"{d} {v}" for d in dists if (v := _version(d)))
        try:
            devices = ", ".join(backend.get(name).list_devices())
        except Exception as e:  # report a broken install instead of failing
            devices = f"unavailable ({type(e).__name__}: {e})"
        mark = "*" if name == keras.backend.backend() else " "
        print(f" {mark}{name:<11} {versions}; devices: {devices}")
    return 0


def demo(args):
    """Trains the paper's FNO-1D on Burgers (see `keras_spectral.demo`), prints
    the relative L2 test error beside the paper's, writes a PNG and a JSON."""
    import json

    import keras

    from keras_spectral import demo as burgers_demo

    info()
    settings = dict(burgers_demo.PAPER_SCHEDULE) if args.full else dict(QUICK_SCHEDULE)
    for key in settings:
        if getattr(args, key) is not None:
            settings[key] = getattr(args, key)
    print(f"\ndemo: FNO-1D (modes 16, width 64, 4 blocks) learns the Burgers operator "
          f"at s={args.resolution} on {keras.backend.backend()}: "
          + ", ".join(f"{k} {v}" for k, v in settings.items()), flush=True)
    start = time.time()
    model, result = burgers_demo.train_burgers(
        resolution=args.resolution, eval_resolutions=args.eval_resolutions,
        cache_dir=args.cache_dir, **settings)
    total = time.time() - start
    print(f"\nrelative L2 test error ({result['backend']}, {result['epochs']} epochs, "
          f"{result['num_train']} training samples, {total:.0f}s in all, "
          f"{result['seconds_per_epoch']:.2f}s per epoch):")
    for res, err in result["test_error"].items():
        paper = burgers_demo.PAPER_FNO_ERROR.get(res)
        note = "" if res == args.resolution else "  (zero-shot, trained at "\
            f"s={args.resolution})"
        print(f"  s={res:<5d} {err:.4f}   paper FNO (500 epochs): "
              f"{f'{paper:.4f}' if paper else '-'}{note}")
    if args.png:
        try:
            burgers_demo.plot_burgers(result, args.png)
            print(f"wrote {args.png}")
        except ImportError:
            print("matplotlib is not installed: no PNG (pip install matplotlib)")
    if args.json:
        saved = {k: v for k, v in result.items() if k != "samples"}
        saved["total_seconds"] = total
        saved["threads"] = os.environ.get("OMP_NUM_THREADS", "default")
        with open(args.json, "w") as f:
            json.dump(saved, f, indent=1, default=str)
        print(f"wrote {args.json}")
    return 0


# The paper's data and optimiser on a schedule that fits in a few minutes on a
# 2-core CPU (the paper's, compressed: lr x0.5 every 3 of 30 epochs).
QUICK_SCHEDULE = {"num_train": 1000, "num_test": 200, "epochs": 30,
                  "decay_every": 3, "batch_size": 20}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="keras-spectral", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="backend in use, installed backends, devices")
    demo_parser = sub.add_parser("demo", help="train an FNO-1D on Burgers (the paper's setup)")
    demo_parser.add_argument("--backend", choices=sorted(FRAMEWORKS),
                             help="Keras backend (default: KERAS_BACKEND, else jax)")
    demo_parser.add_argument("--full", action="store_true",
                             help="the paper's schedule: 1000/200 samples, 500 epochs, "
                                  "lr x0.5 every 50 epochs")
    demo_parser.add_argument("--resolution", type=int, default=1024)
    for key in QUICK_SCHEDULE:
        demo_parser.add_argument("--" + key.replace("_", "-"), type=int, default=None,
                                 help=f"default {QUICK_SCHEDULE[key]}, "
                                      f"with --full the paper's")
    demo_parser.add_argument("--eval-resolutions", type=int, nargs="*", default=[],
                             help="also test at these resolutions (zero-shot)")
    demo_parser.add_argument("--png", default="fno_burgers.png",
                             help="the picture to write ('' for none)")
    demo_parser.add_argument("--json", default=None, help="write the results here")
    demo_parser.add_argument("--cache-dir", default=None, help="the data cache")
    args = parser.parse_args(argv)
    if args.command == "demo":
        for res in [args.resolution] + args.eval_resolutions:
            if res < 1 or 8192 % res:
                parser.error(f"a resolution must divide 8192 (the paper's grid); got {res}")
    if args.command == "info":
        return info()
    wanted = args.backend or os.environ.get("KERAS_BACKEND") or (
        "jax" if importlib.util.find_spec("jax") else None)
    if wanted and os.environ.get("KERAS_BACKEND") != wanted:
        # Keras reads KERAS_BACKEND once, at import: start again with it set.
        env = dict(os.environ, KERAS_BACKEND=wanted)
        argv = list(sys.argv[1:] if argv is None else argv)
        os.execve(sys.executable, [sys.executable, "-m", "keras_spectral.cli", *argv], env)
    return demo(args)


if __name__ == "__main__":
    sys.exit(main())
