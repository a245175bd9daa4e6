"""The `keras-spectral` command: `info` and `demo`.

    keras-spectral info               backend in use, installed backends, devices
    keras-spectral demo [--problem P] [--backend B] [--full]
                                      an FNO learns Burgers' or Darcy flow's operator
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
    """Trains the papers' FNO on Burgers or Darcy (see `keras_spectral.demo`),
    prints the relative L2 test error beside the trivial predictors and the
    papers' figure, writes a PNG and a JSON."""
    import json

    import keras

    from keras_spectral import demo as operator_demo

    info()
    spec = operator_demo.PROBLEMS[args.problem]
    settings = dict(spec["full"] if args.full else spec["quick"])
    for key in settings:
        if getattr(args, key) is not None:
            settings[key] = getattr(args, key)
    resolution = args.resolution or spec["resolution"]
    model = ", ".join(f"{k} {v}" for k, v in spec["model"].items())
    print(f"\ndemo: FNO ({model}) learns the {args.problem} operator at s={resolution} "
          f"on {keras.backend.backend()}: "
          + ", ".join(f"{k} {v}" for k, v in settings.items()), flush=True)
    start = time.time()
    _, result = operator_demo.train(
        args.problem, resolution=resolution, eval_resolutions=args.eval_resolutions,
        cache_dir=args.cache_dir, **settings)
    total = time.time() - start
    print(f"\ntrivial predictors on the same {result['num_test']} test samples "
          f"(relative L2):")
    for name, err in result["baselines"].items():
        print(f"  {name:<24} {err:.4f}")
    best_name, best = result["best_baseline"]
    print(f"\nrelative L2 test error ({result['backend']}, {result['epochs']} epochs, "
          f"{result['num_train']} training samples, {total:.0f}s in all, "
          f"{result['seconds_per_epoch']:.2f}s per epoch):")
    for res, err in result["test_error"].items():
        paper = spec["paper_error"].get(res)
        note = "" if res == resolution else f"  (zero-shot, trained at s={resolution})"
        print(f"  s={res:<5d} FNO {err:.4f}   best trivial ({best_name}) {best:.4f}   "
              f"ratio {best / err:.1f}x   paper FNO (500 epochs): "
              f"{f'{paper:.4f}' if paper else '-'}{note}")
    png = args.png if args.png is not None else f"fno_{args.problem}.png"
    if png:
        try:
            operator_demo.plot(result, png)
            print(f"wrote {png}")
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


# The settings a --full or a quick run may override.
SCHEDULE_KEYS = ("num_train", "num_test", "epochs", "decay_every", "batch_size")


def main(argv=None):
    from keras_spectral.demo import PROBLEMS

    parser = argparse.ArgumentParser(prog="keras-spectral", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="backend in use, installed backends, devices")
    demo_parser = sub.add_parser("demo", help="train an FNO on Burgers or Darcy flow "
                                              "(the papers' setup)")
    demo_parser.add_argument("--problem", choices=sorted(PROBLEMS), default="burgers")
    demo_parser.add_argument("--backend", choices=sorted(FRAMEWORKS),
                             help="Keras backend (default: KERAS_BACKEND, else jax)")
    demo_parser.add_argument("--full", action="store_true",
                             help="the papers' schedule: 1000/200 samples, 500 epochs, "
                                  "lr x0.5 every 100 epochs")
    demo_parser.add_argument("--resolution", type=int, default=None,
                             help="default 1024 (burgers) or 85 (darcy)")
    for key in SCHEDULE_KEYS:
        demo_parser.add_argument("--" + key.replace("_", "-"), type=int, default=None,
                                 help=f"default: the quick schedule's "
                                      f"({PROBLEMS['burgers']['quick'][key]} for burgers), "
                                      f"with --full the papers'")
    demo_parser.add_argument("--eval-resolutions", type=int, nargs="*", default=[],
                             help="also test at these resolutions (zero-shot)")
    demo_parser.add_argument("--png", default=None,
                             help="the picture to write (default fno_<problem>.png; '' for none)")
    demo_parser.add_argument("--json", default=None, help="write the results here")
    demo_parser.add_argument("--cache-dir", default=None, help="the data cache")
    args = parser.parse_args(argv)
    if args.command == "demo":
        check = PROBLEMS[args.problem]["dataset"].check_resolution
        for res in [args.resolution] + args.eval_resolutions:
            try:  # the dataset's own check, before any work
                res is None or check(res)
            except ValueError as e:
                parser.error(str(e))
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
