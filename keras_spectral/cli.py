"""The `keras-spectral` command: `info` and `demo`.

    keras-spectral info               backend in use, installed backends, devices
    keras-spectral demo [--backend B] a small end-to-end training run
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


def demo(epochs=40):
    """Learns a delay, a filter that magnitude-only spectral models cannot
    express, with one SpectralGain layer (a complex gain per frequency).

    The target is the input delayed by 7 samples (circularly): in the
    frequency domain, a pure phase ramp exp(-2j pi f 7). The layer starts at
    the identity and must learn that phase.
    """
    import keras
    import numpy as np

    from keras_spectral import complex as kc
    from keras_spectral import ops as kso
    from keras_spectral.layers import SpectralGain

    info()
    steps, delay = 128, 7
    rng = np.random.default_rng(0)
    x = rng.standard_normal((512, steps, 1)).astype("float32")
    y = np.roll(x, delay, axis=1)
    print(f"\ndemo: learn a {delay}-sample delay of {steps}-sample signals "
          f"with one SpectralGain layer on {keras.backend.backend()}")
    inputs = keras.Input(shape=(steps, 1))
    model = keras.Model(inputs, SpectralGain(name="gain")(inputs))
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    start = time.time()
    history = model.fit(x, y, epochs=epochs, batch_size=64, verbose=0,
                        callbacks=[_print_every(10)])
    kernel = keras.ops.convert_to_numpy(model.get_layer("gain").kernel)
    phase = np.unwrap(np.angle(kernel[0, :, 0] + 1j * kernel[1, :, 0]))
    slope = np.polyfit(np.arange(len(phase)), phase, 1)[0]
    learned_delay = -slope * steps / (2 * np.pi)
    test = rng.standard_normal((4, steps, 1)).astype("float32")
    err = np.abs(keras.ops.convert_to_numpy(model(test)) - np.roll(test, delay, 1)).max()
    # the same delay written directly with the ops, for comparison
    spec = kso.rfft(test[..., 0])
    ramp = kc.from_polar(np.ones(steps // 2 + 1, "float32"),
                         (-2 * np.pi * delay * kso.rfftfreq(steps)))
    direct = kso.irfft(kc.multiply(spec, ramp), n=steps)
    direct_err = np.abs(keras.ops.convert_to_numpy(direct) - np.roll(test[..., 0], delay, 1)).max()
    print(f"final loss {history.history['loss'][-1]:.2e} after {epochs} epochs "
          f"in {time.time() - start:.1f}s")
    print(f"learned delay from the phase of the gain: {learned_delay:.3f} samples "
          f"(target {delay})")
    print(f"max error on new signals: {err:.2e} (ops.irfft with the exact phase "
          f"ramp: {direct_err:.2e})")
    return 0 if abs(learned_delay - delay) < 0.05 else 1


def _print_every(n):
    """A Keras callback printing the loss after the first and every n-th epoch."""
    import keras

    class Printer(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if (epoch + 1) % n == 0 or epoch == 0:
                print(f"  epoch {epoch + 1:3d}  loss {logs['loss']:.3e}", flush=True)

    return Printer()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="keras-spectral", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="backend in use, installed backends, devices")
    demo_parser = sub.add_parser("demo", help="a small end-to-end training run")
    demo_parser.add_argument("--backend", choices=sorted(FRAMEWORKS),
                             help="Keras backend (default: KERAS_BACKEND, else jax)")
    demo_parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args(argv)
    if args.command == "info":
        return info()
    wanted = args.backend or os.environ.get("KERAS_BACKEND") or (
        "jax" if importlib.util.find_spec("jax") else None)
    if wanted and os.environ.get("KERAS_BACKEND") != wanted:
        # Keras reads KERAS_BACKEND once, at import: start again with it set.
        env = dict(os.environ, KERAS_BACKEND=wanted)
        argv = list(sys.argv[1:] if argv is None else argv)
        os.execve(sys.executable, [sys.executable, "-m", "keras_spectral.cli", *argv], env)
    return demo(epochs=args.epochs)


if __name__ == "__main__":
    sys.exit(main())
