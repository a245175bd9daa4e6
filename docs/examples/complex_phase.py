"""Complex-valued layers keep phase: a phase-keyed task, and a complex gain that learns.

Two demonstrations of what keeping the (real, imag) pair end to end buys.

1. Phase carries the label. `keras_spectral.datasets.psk`: 8-PSK tone
   bursts (a tone on a random rfft bin, random amplitude, white noise; the
   class is the carrier phase). The magnitude spectrum has the same
   distribution for every class, so a model of `|STFT|` cannot beat chance
   (12.5%), however it is trained. Every model starts from the same
   `STFT(64, 64, center=False)` (one Hann frame: the 33-bin half spectrum),
   applies one small network along the bins (weights shared by the bins),
   takes each feature's maximum over the bins, softmax:
   - magnitude-only: `Magnitude` -> Dense(32, relu) x 2;
   - complex, CReLU: `ComplexConv2D(16, (1, 3))` (over the bins) -> `CReLU`
     -> `ComplexDense(16)` -> `CReLU` -> `ComplexToChannels`;
   - complex, modReLU: (`ComplexDense(16)` -> `ModReLU`) x 2 -> `Magnitude`:
     the real head sees magnitudes only; the phase is read by the complex
     layers (a complex bias makes `|w z + b|` depend on the phase of `z`).
   Reported beside the trivial predictor (the majority class of the training
   split: chance) and the coherent detector (the phase of the strongest bin,
   rounded to the nearest symbol: the receiver that knows how the data were
   made).

2. The seed's third attempt, done right: learned weights on FFT components.
   White-noise inputs, targets filtered by a known FIR filter `h` (16 taps
   delayed by 6 samples: a frequency response with a steep linear phase).
   `SpectralGain` (a learnable complex gain per rfft bin, real variables)
   against the same layer held to a real gain (imaginary part 0: real
   weights on the FFT components, a zero-phase filter). Reported beside the
   best real gain in closed form (Re H: the floor of any zero-phase gain).

Run (options: --backend jax|tensorflow|torch, --quick, --threads N, --epochs N,
--seed N, --figures [DIR]):

    python docs/examples/complex_phase.py --backend jax --figures

With `--figures [DIR]` it writes complex-phase.png (default folder docs/img;
matplotlib needed). Measured figures: docs/complex.md.
"""

import argparse
import time
from pathlib import Path

import numpy as np

# Keras is imported inside the functions, after `--backend` has set
# KERAS_BACKEND: Keras reads it once, when it is first imported.
from _common import parse_args, print_table, select_backend

DEFAULT_FIGURES = Path(__file__).resolve().parent.parent / "img"
LENGTH, CLASSES = 64, 8
GAIN_LENGTH, DELAY, TAPS = 128, 6, 16
CLASSIFIERS = ("magnitude_only", "complex_crelu", "complex_modrelu")


# --- 1. phase-keyed symbols ------------------------------------------------------------


def build_classifiers(length=LENGTH, num_classes=CLASSES, width=16):
    """The magnitude-only classifier and the two complex ones, on one STFT frame.

    Every model applies the same small network along the frequency bins
    (weights shared by the bins: convolutions over the bin axis, a Dense or
    ComplexDense being one of width 1), then takes the maximum of each
    feature over the bins (the tone's bin stands out) and a softmax `Dense`.
    The CReLU model's first layer is a `ComplexConv2D` of 1 x 3 taps: the
    Hann window spreads the tone over three bins.

    Args:
        length: samples per signal (one Hann frame of that many).
        num_classes: classes of the softmax head.
        width: features per bin.

    Returns:
        `(magnitude_only, complex_crelu, complex_modrelu)`, functional Keras
        models from `(length,)` signals to class probabilities.
    """
    import keras

    from keras_spectral import layers

    def spectrum():  # one Hann frame: (batch, 1, bins, 1) pairs, scaled to order 1
        inputs = keras.Input((length,))
        x = keras.layers.Reshape((length, 1))(keras.layers.Rescaling(8 / length)(inputs))
        return inputs, layers.STFT(length, length, center=False)(x)

    def head(inputs, x, name):
        x = keras.layers.GlobalMaxPooling2D()(x)  # over the frame and the bins
        outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
        return keras.Model(inputs, outputs, name=name)

    inputs, z = spectrum()
    x = layers.Magnitude()(z)
    for _ in range(2):
        x = keras.layers.Dense(2 * width, activation="relu")(x)
    models = [head(inputs, x, "magnitude_only")]
    inputs, z = spectrum()
    z = layers.CReLU()(layers.ComplexConv2D(width, (1, 3), padding="same")(z))
    z = layers.CReLU()(layers.ComplexDense(width)(z))
    models.append(head(inputs, layers.ComplexToChannels()(z), "complex_crelu"))
    inputs, z = spectrum()
    for _ in range(2):
        z = layers.ModReLU()(layers.ComplexDense(width)(z))
    models.append(head(inputs, layers.Magnitude()(z), "complex_modrelu"))
    return tuple(models)


def fit_classifier(model, train, test, epochs, batch_size=64, learning_rate=1e-2, seed=0):
    """Trains with Adam and scores on `test` after every epoch.

    Returns:
        `(history, seconds)`: the Keras history dict (accuracy, val_accuracy)
        and the seconds of training.
    """
    import keras

    keras.utils.set_random_seed(seed)  # the same batch order for every model
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    history = model.fit(*train, validation_data=test, batch_size=batch_size, epochs=epochs,
                        shuffle=True, verbose=0)
    return history.history, time.time() - start


def majority_accuracy(y_train, y_test):
    """The test accuracy of always predicting the training split's most common class."""
    return float(np.mean(y_test == np.bincount(y_train).argmax()))


# --- 2. a complex gain that learns -----------------------------------------------------


def true_filter(length=GAIN_LENGTH, delay=DELAY, taps=TAPS):
    """The filter to recover: a 16-tap smooth low-pass FIR, delayed by `delay`.

    Returns:
        `(h, H)`: the impulse response `(length,)` and its rfft
        `(length // 2 + 1,)` complex (the gain per bin).
    """
    h = np.zeros(length)
    n = np.arange(taps)
    h[delay:delay + taps] = np.hanning(taps + 2)[1:-1] * np.cos(0.35 * np.pi * (n - taps / 2))
    return h, np.fft.rfft(h)


def filter_data(num, seed, length=GAIN_LENGTH):
    """White-noise inputs `(num, length, 1)` and their circular convolutions
    with `true_filter()`, float32."""
    x = np.random.default_rng(seed).standard_normal((num, length))
    y = np.fft.irfft(np.fft.rfft(x) * true_filter(length)[1], n=length)
    return x[..., None].astype(np.float32), y[..., None].astype(np.float32)


def build_gains(length=GAIN_LENGTH):
    """`SpectralGain` (complex gain per bin) and the same layer held to a real gain.

    Returns:
        `(complex_model, real_model)`, `(length, 1)` to `(length, 1)`.
    """
    import keras
    from keras import ops

    from keras_spectral import layers

    class RealGain(keras.constraints.Constraint):
        """Keeps the gain's imaginary part (kernel[1]) at 0."""

        def __call__(self, w):
            return ops.stack([w[0], ops.zeros_like(w[1])])

    models = []
    for constraint in (None, RealGain()):
        inputs = keras.Input((length, 1))
        outputs = layers.SpectralGain(kernel_constraint=constraint)(inputs)
        models.append(keras.Model(inputs, outputs))
    return tuple(models)


def learned_gain(model):
    """The complex gain per bin of a model of `build_gains`, numpy complex128."""
    kernel = np.asarray(model.layers[-1].get_weights()[0], dtype=np.float64)[..., 0]
    return kernel[0] + 1j * kernel[1]


def fit_gain(model, train, epochs, batch_size=16, learning_rate=2e-2, seed=0):
    """Trains on mean squared error; returns the per-epoch losses and seconds."""
    import keras

    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    start = time.time()
    history = model.fit(*train, batch_size=batch_size, epochs=epochs, shuffle=True, verbose=0)
    return history.history["loss"], time.time() - start


def gain_errors(gain, true):
    """Relative errors of a learned gain: `|G - H|` over `|H|`, in RMS over the
    bins, the magnitude error and the phase error (radians, RMS over the bins
    where |H| >= 10% of its peak; DC and Nyquist excluded, their phase is not
    learnable from a real signal)."""
    keep = np.abs(true) >= 0.1 * np.abs(true).max()
    keep[[0, -1]] = False
    rms = np.sqrt(np.mean(np.abs(gain - true) ** 2) / np.mean(np.abs(true) ** 2))
    mag = np.sqrt(np.mean((np.abs(gain) - np.abs(true))[keep] ** 2)) / np.abs(true).max()
    phase = np.sqrt(np.mean(np.angle(gain[keep] / true[keep]) ** 2))
    return float(rms), float(mag), float(phase)


def real_gain_floor(true):
    """The relative MSE of the best real gain, Re H, on white noise: the energy
    of Im H over that of H (interior bins count twice in a real signal)."""
    weight = np.full(len(true), 2.0)
    weight[[0, -1]] = 1.0
    return float(np.sum(weight * true.imag ** 2) / np.sum(weight * np.abs(true) ** 2))


def relative_mse(model, data):
    """Test mean squared error over the targets' mean square."""
    pred = np.asarray(model.predict(data[0], batch_size=len(data[0]), verbose=0), np.float64)
    return float(np.mean((pred - data[1]) ** 2) / np.mean(data[1].astype(np.float64) ** 2))


# --- figures and main ------------------------------------------------------------------


def write_figure(folder, histories, constellation, gains, losses, backend):
    """complex-phase.png: accuracy curves, the constellation, the learned gains."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    ax = axes[0, 0]
    for key, color in zip(CLASSIFIERS, ("tab:orange", "tab:blue", "tab:green")):
        hist = histories[key]
        epochs = np.arange(1, len(hist["accuracy"]) + 1)
        ax.plot(epochs, hist["accuracy"], "--", color=color, label=f"{key} (train)")
        ax.plot(epochs, hist["val_accuracy"], "-", color=color, label=f"{key} (test)")
    ax.axhline(1 / CLASSES, color="grey", lw=0.8, label="chance")
    ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1.02), title="8-PSK: accuracy")
    ax.legend(fontsize=8)
    (z, y), ax = constellation, axes[0, 1]
    ax.scatter(z.real, z.imag, c=y, cmap="hsv", s=4)
    ax.set(aspect="equal", xlabel="real", ylabel="imag",
           title="test samples: rfft at the tone's bin\n(colour: class)")
    ax = axes[0, 2]
    for parity, color in ((0, "tab:orange"), (1, "tab:blue")):
        ax.hist(np.abs(z)[y % 2 == parity], bins=30, alpha=0.6, color=color,
                label=f"classes {('even', 'odd')[parity]}")
    ax.set(xlabel="|rfft| at the tone's bin", title="the magnitude: the same for every class")
    ax.legend(fontsize=8)
    true, learned, real = gains["true"], gains["complex"], gains["real"]
    bins = np.arange(len(true))
    ax = axes[1, 0]
    ax.plot(bins, np.abs(true), "k-", lw=3, alpha=0.4, label="true |H|")
    ax.plot(bins, np.abs(learned), "b.", ms=4, label="SpectralGain (complex)")
    ax.plot(bins, np.abs(real), "r.", ms=4, label="real gain")
    ax.set(xlabel="rfft bin", title="learned gain: magnitude")
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    keep = np.abs(true) >= 0.1 * np.abs(true).max()
    for g, style, label in ((true, "k-", "true"), (learned, "b.", "complex"),
                            (real, "r.", "real gain")):
        phase = np.where(keep, np.angle(g), np.nan)
        ax.plot(bins, phase, style, ms=4, lw=3 if label == "true" else 1,
                alpha=0.4 if label == "true" else 1, label=label)
    ax.set(xlabel="rfft bin", ylabel="radians", title="learned gain: phase (|H| >= 10% peak)")
    ax.legend(fontsize=8)
    ax = axes[1, 2]
    for key, color in (("complex", "tab:blue"), ("real", "tab:red")):
        ax.semilogy(np.arange(1, len(losses[key]) + 1), losses[key], color=color, label=key)
    ax.axhline(losses["floor"], color="tab:red", ls=":", label="best real gain (Re H)")
    ax.set(xlabel="epoch", ylabel="training MSE", title="gain networks: loss")
    ax.legend(fontsize=8)
    fig.suptitle(f"keras_spectral complex layers ({backend})")
    fig.tight_layout()
    path = Path(folder) / "complex-phase.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def _split_figures(argv):
    """Takes `--figures [DIR]` out of `argv`; `_common.parse_args` does not know it."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--figures", nargs="?", const=str(DEFAULT_FIGURES), default=None)
    known, rest = parser.parse_known_args(argv)
    return known.figures, rest


def main(argv=None):
    """Trains the two classifiers and the two gain networks; prints the figures.

    Args:
        argv: command-line arguments (default: `sys.argv[1:]`).

    Returns:
        A dict of the printed figures: backend, epochs, sizes; chance, the
        coherent detector's and both classifiers' test accuracies and seconds;
        the gain networks' relative test MSE, gain errors and seconds; the
        best real gain's MSE; total seconds; `figure` with `--figures`.
    """
    figures, argv = _split_figures(argv)
    args = parse_args(argv, __doc__.splitlines()[0] + " (--figures [DIR]: write a PNG)",
                      "1024 training / 512 test symbols, few epochs: a smoke run")
    backend = select_backend(args.backend, args.threads, for_training=True)
    start = time.time()
    import keras

    from keras_spectral.datasets import psk

    sizes = (1024, 512) if args.quick else (4000, 1000)
    epochs = args.epochs or (3 if args.quick else 15)
    train, test = psk.load_data(*sizes, seed=args.seed)
    result = {"backend": backend, "threads": args.threads or "default", "epochs": epochs,
              "num_train": sizes[0], "num_test": sizes[1], "chance": majority_accuracy(
                  train[1], test[1]),
              "coherent_accuracy": float(np.mean(psk.coherent_detector(test[0]) == test[1]))}
    keras.utils.set_random_seed(args.seed)
    histories = {}
    for model in build_classifiers():
        histories[model.name], seconds = fit_classifier(model, train, test, epochs,
                                                        seed=args.seed)
        result[f"{model.name}_accuracy"] = float(histories[model.name]["val_accuracy"][-1])
        result[f"{model.name}_train_accuracy"] = float(histories[model.name]["accuracy"][-1])
        result[f"{model.name}_seconds"] = seconds
        result[f"{model.name}_params"] = int(model.count_params())

    gain_epochs = 6 if args.quick else 30
    gain_train, gain_test = filter_data(256 if args.quick else 512, args.seed), \
        filter_data(256, args.seed + 1000)
    keras.utils.set_random_seed(args.seed)
    true = true_filter()[1]
    gains, losses = {"true": true}, {"floor": real_gain_floor(true)}
    for key, model in zip(("complex", "real"), build_gains()):
        losses[key], seconds = fit_gain(model, gain_train, gain_epochs, seed=args.seed)
        gains[key] = learned_gain(model)
        rms, mag, phase = gain_errors(gains[key], true)
        result.update({f"{key}_gain_mse": relative_mse(model, gain_test),
                       f"{key}_gain_error": rms, f"{key}_gain_magnitude_error": mag,
                       f"{key}_gain_phase_error": phase, f"{key}_gain_seconds": seconds})
    result["real_gain_floor"] = losses["floor"]  # relative MSE of the best zero-phase gain
    losses["floor"] *= float(np.mean(gain_train[1].astype(np.float64) ** 2))
    result["seconds"] = time.time() - start

    print(f"8-PSK, {sizes[0]} train / {sizes[1]} test bursts of {LENGTH} samples, "
          f"{epochs} epochs, Adam 1e-2, batch 64; Keras {keras.__version__}, backend "
          f"{backend}, threads {result['threads']}")
    print_table(["model", "params", "train acc", "test acc", "train s"], [
        ["majority class (chance)", 0, "", f"{result['chance']:.3f}", ""],
        ["coherent detector (reference)", 0, "", f"{result['coherent_accuracy']:.3f}", ""]] + [
        [key, result[f"{key}_params"], f"{result[f'{key}_train_accuracy']:.3f}",
         f"{result[f'{key}_accuracy']:.3f}", f"{result[f'{key}_seconds']:.1f}"]
        for key in CLASSIFIERS])
    print(f"\nfilter recovery: {GAIN_LENGTH}-sample white noise through a {TAPS}-tap FIR "
          f"delayed by {DELAY}; {len(gain_train[0])} samples, {gain_epochs} epochs, Adam 2e-2, "
          "batch 16")
    print_table(["gain", "test MSE / mean(y^2)", "|G-H| / |H| (rms)", "magnitude err",
                 "phase err (rad)", "train s"], [
        ["best real gain, closed form (Re H)", f"{result['real_gain_floor']:.2e}", "", "", "",
         ""]] + [
        [label, f"{result[f'{key}_gain_mse']:.2e}", f"{result[f'{key}_gain_error']:.2e}",
         f"{result[f'{key}_gain_magnitude_error']:.2e}",
         f"{result[f'{key}_gain_phase_error']:.1e}", f"{result[f'{key}_gain_seconds']:.1f}"]
        for key, label in (("complex", "SpectralGain (complex)"), ("real", "real gain"))])
    if figures:
        z = np.fft.rfft(test[0].astype(np.float64))
        _, _, info = psk.generate(sizes[1], seed=2 * args.seed + 1)  # the test split's bins
        constellation = (z[np.arange(len(z)), info["bin"]], test[1])
        result["figure"] = str(write_figure(figures, histories, constellation, gains, losses,
                                            backend))
        print(f"wrote {result['figure']}")
    print(f"total {result['seconds']:.0f} s")
    if args.quick:
        print("(quick run: few epochs on a few samples, a smoke test; judge the full run)")
    return result


if __name__ == "__main__":
    main()
