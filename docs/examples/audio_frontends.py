"""Learnable audio front ends: a fixed mel spectrogram, a trainable mel filterbank and LEAF.

The data, generated here (nothing is downloaded): half-second clips at
8 kHz, each one sound event in white noise, of six classes:

    up-chirp    an exponential sweep up by 0.1 to 0.6 octaves
    down-chirp  the same sweep downwards
    tone        a steady tone
    two-tone    two simultaneous tones 6 to 40% apart in frequency
    noise       a burst of band-pass noise, 0.2 to 0.8 octaves wide
    am-tone     a tone amplitude-modulated at 6 to 14 Hz, depth 0.4 to 1

with a random frequency (250-3300 Hz, log-uniform), onset, duration
(0.15-0.3 s), level and signal-to-noise ratio (-10 to 0 dB, the event's power
over the noise's, measured while the event sounds). Small sweeps, close
tone pairs, narrow noise bands and shallow modulation at low SNR make the
classes overlap.

The classifier is the same small CNN (three 3x3 `Conv2D` layers with max
pooling, global max pooling, a softmax `Dense`) on top of each front end,
all computing `(frames, bands)` features with 32 ms windows every 16 ms:

    (a) mel: `MelSpectrogram(256, 128, sample_rate=8000, num_mel_bins=24,
        db=True)`, fixed;
    (b) learnable mel: the same with `trainable_filterbank=True`: its
        129 x 24 filterbank starts as the mel filters and is trained with
        the rest (kept non-negative);
    (c) LEAF-style: `GaborFilterbank` (24 learnable Gabor band-pass filters
        of 256 taps, initialised on the mel scale, evaluated every 2 ms), an
        average pooling of 32 ms every 16 ms (LEAF's lowpass pooling, here
        fixed) and a learnable `PCEN` with LEAF's initial values, as in
        Zeghidour et al., "LEAF: A Learnable Frontend for Audio
        Classification" (ICLR 2021); run when both layers import and train
        (else the script says why it skipped them).

Each front end's output is standardised per example (zero mean, unit
variance over the whole clip) before the CNN. All train with the same data,
optimizer (Adam 1e-3), batch size, epochs and seed.

With `--figures [DIR]` it also writes PNGs (matplotlib needed; default
docs/img): spectrograms of one clip per class, the mel filterbank before and
after training, and a Griffin-Lim reconstruction (`GriffinLim`) of a clip
from its magnitude spectrogram. The Griffin-Lim reconstruction's spectral
convergence is printed in every run.

Measured figures: docs/examples/README.md. The script prints what it measures.

Run (options: --backend jax|tensorflow|torch, --quick, --threads N, --epochs N,
--seed N, --figures [DIR]):

    python docs/examples/audio_frontends.py --backend jax --threads 1
"""

import argparse
import time
from pathlib import Path

import numpy as np

# Keras is imported inside the functions, after `--backend` has set
# KERAS_BACKEND: Keras reads it once, when it is first imported.
from _common import parse_args, print_table, select_backend, train_and_test

SAMPLE_RATE = 8000
SAMPLES = 4000  # 0.5 s
FRAME_LENGTH, FRAME_STEP = 256, 128  # 32 ms windows, 16 ms hop: 32 frames
NUM_MEL_BINS = 24
CLASSES = ("up-chirp", "down-chirp", "tone", "two-tone", "noise", "am-tone")
FRONTENDS = ("mel", "learnable_mel", "leaf")
FRONTEND_NAMES = {"mel": "fixed mel (a)", "learnable_mel": "learnable mel (b)",
                  "leaf": "Gabor + PCEN, LEAF-style (c)"}
LOW_FREQ, HIGH_FREQ = 250.0, 3300.0  # the events' frequencies, Hz
SNR_DB = (-10.0, 0.0)
GABOR_STEP, GABOR_POOL = 16, FRAME_LENGTH // 16  # (c): filter every 2 ms, pool 32 ms
# LEAF's PCEN initialisation (leaf_audio/frontend.py)
LEAF_PCEN = dict(alpha=0.96, smooth_coef=0.04, delta=2.0, root=2.0, floor=1e-12)
DEFAULT_FIGURES = Path(__file__).resolve().parent.parent / "img"


# --- the data ---------------------------------------------------------------------


def _envelope(length, ramp):
    """A flat envelope of `length` samples with raised-cosine ramps of `ramp` samples."""
    env = np.ones(length)
    ramp = min(ramp, length // 2)
    rise = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
    env[:ramp], env[length - ramp:] = rise, rise[::-1]
    return env


def _log_uniform(rng, low, high):
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def _tone(freq, n):
    """A sine of frequency `freq` (Hz: a scalar or `n` instantaneous values), random phase
    excluded (the caller adds it)."""
    freq = np.broadcast_to(np.asarray(freq, dtype="float64"), (n,))
    return 2.0 * np.pi * np.cumsum(freq) / SAMPLE_RATE


def _event(rng, label, n):
    """The clean sound event of class `label`, `n` samples, unit RMS before the envelope."""
    if not 0 <= label < len(CLASSES):
        raise ValueError(f"`label` must be in [0, {len(CLASSES)}); got {label!r}.")
    phase0 = rng.uniform(0.0, 2.0 * np.pi)
    name = CLASSES[label]
    if name in ("up-chirp", "down-chirp"):
        octaves = rng.uniform(0.1, 0.6)
        low = _log_uniform(rng, LOW_FREQ, HIGH_FREQ / 2.0 ** octaves)
        sweep = low * 2.0 ** (octaves * np.linspace(0.0, 1.0, n))
        freq = sweep if name == "up-chirp" else sweep[::-1]
        return np.sqrt(2.0) * np.sin(_tone(freq, n) + phase0)
    if name == "tone":
        return np.sqrt(2.0) * np.sin(_tone(_log_uniform(rng, LOW_FREQ, HIGH_FREQ), n) + phase0)
    if name == "two-tone":
        ratio = rng.uniform(1.06, 1.4)
        low = _log_uniform(rng, LOW_FREQ, HIGH_FREQ / ratio)
        second = rng.uniform(0.0, 2.0 * np.pi)
        return (np.sin(_tone(low, n) + phase0) + np.sin(_tone(low * ratio, n) + second))
    if name == "noise":
        width = rng.uniform(0.2, 0.8)  # octaves
        centre = _log_uniform(rng, LOW_FREQ * 2.0 ** (width / 2), HIGH_FREQ / 2.0 ** (width / 2))
        spectrum = np.fft.rfft(rng.normal(size=n))
        freqs = np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE)
        band = np.abs(np.log2(np.maximum(freqs, 1.0) / centre)) <= width / 2
        burst = np.fft.irfft(spectrum * band, n)
        return burst / max(np.sqrt(np.mean(burst ** 2)), 1e-12)
    if name == "am-tone":
        rate, depth = rng.uniform(6.0, 14.0), rng.uniform(0.4, 1.0)
        t = np.arange(n) / SAMPLE_RATE
        am = 1.0 + depth * np.sin(2.0 * np.pi * rate * t + rng.uniform(0.0, 2.0 * np.pi))
        carrier = np.sin(_tone(_log_uniform(rng, LOW_FREQ, HIGH_FREQ), n) + phase0)
        am_tone = am * carrier
        return am_tone / np.sqrt(np.mean(am_tone ** 2))
    raise AssertionError(name)  # unreachable: every class is handled above


def synth_clip(rng, label, snr_db=None):
    """One clip of class `label`: a sound event in white noise.

    Args:
        rng: a `numpy.random.Generator`.
        label: the class, an index into `CLASSES`.
        snr_db: the event's power over the noise's while the event sounds, in
            dB; None draws it uniformly from `SNR_DB`.

    Returns:
        `SAMPLES` float32 samples, peak at most 1.
    """
    duration = int(rng.uniform(0.15, 0.3) * SAMPLE_RATE)
    onset = int(rng.integers(0, SAMPLES - duration + 1))
    event = _event(rng, label, duration) * _envelope(duration, int(0.01 * SAMPLE_RATE))
    snr_db = rng.uniform(*SNR_DB) if snr_db is None else snr_db
    clip = rng.normal(scale=10.0 ** (-snr_db / 20.0), size=SAMPLES)
    clip[onset:onset + duration] += event
    level = _log_uniform(rng, 0.05, 0.9)  # peak level
    return (level * clip / np.abs(clip).max()).astype("float32")


def make_dataset(num_per_class, seed):
    """`num_per_class` clips of each class, shuffled.

    Args:
        num_per_class: clips of each class.
        seed: the generator's seed; the same seed gives the same clips.

    Returns:
        `(x, y)`: clips `(n, SAMPLES)` float32 and labels `(n,)` int32.
    """
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(len(CLASSES)), num_per_class))
    clips = np.stack([synth_clip(rng, int(label)) for label in labels])
    return clips, labels.astype("int32")


# --- the models -------------------------------------------------------------------


def leaf_layers():
    """`(GaborFilterbank, PCEN)` if both import, else `(None, reason)`."""
    try:
        from keras_spectral.layers.gabor import GaborFilterbank
        from keras_spectral.layers.pcen import PCEN
    except Exception as e:  # being written alongside; report, do not fail
        return None, f"{type(e).__name__}: {e}"
    return GaborFilterbank, PCEN


def build_frontend(frontend, num_mel_bins=NUM_MEL_BINS):
    """The front end: audio `(batch, SAMPLES)` to features `(batch, frames, bands)`.

    Args:
        frontend: "mel" (fixed), "learnable_mel" (trainable filterbank) or
            "leaf" (Gabor filterbank + PCEN).
        num_mel_bins: the number of bands.

    Returns:
        A list of layers to apply in order.
    """
    import keras

    from keras_spectral.layers.spectrogram import MelSpectrogram

    if frontend in ("mel", "learnable_mel"):
        # norm=None: filters peak at 1 (the Slaney area norm would make them
        # ~0.01, tiny against Adam's steps); the per-example standardisation
        # after the front end removes the scale anyway
        return [MelSpectrogram(FRAME_LENGTH, FRAME_STEP, sample_rate=SAMPLE_RATE,
                               num_mel_bins=num_mel_bins, norm=None, db=True,
                               trainable_filterbank=frontend == "learnable_mel",
                               name="frontend")]
    if frontend == "leaf":
        gabor, pcen = leaf_layers()
        if gabor is None:
            raise ValueError(f"the 'leaf' front end needs GaborFilterbank and PCEN: {pcen}")
        # LEAF filters at stride 1, then lowpass-pools the energies; here the
        # filters run every GABOR_STEP samples and an average pooling of one
        # window (GABOR_POOL frames) every FRAME_STEP samples gives the mel
        # front end's 32 frames. Without the pooling each frame is the energy
        # of one instant, far noisier than an STFT frame's (tried with log
        # compression in place of PCEN, SNR -14 to -2 dB, torch: test
        # accuracy 0.49 without the pooling, 0.68 with it).
        return [gabor(num_mel_bins, FRAME_LENGTH, GABOR_STEP, sample_rate=SAMPLE_RATE,
                      min_freq=0.0, max_freq=SAMPLE_RATE / 2, name="frontend"),
                keras.layers.AveragePooling1D(GABOR_POOL, FRAME_STEP // GABOR_STEP,
                                              padding="same", name="lowpass"),
                pcen(**LEAF_PCEN, name="pcen")]
    raise ValueError(f"`frontend` must be one of {FRONTENDS}; got {frontend!r}.")


def build_model(frontend, num_mel_bins=NUM_MEL_BINS, seed=0):
    """The CNN classifier on top of a front end.

    front end -> per-example standardisation -> 3 x (Conv2D 3x3, ReLU, max
    pooling 2x2; 16, 32, 32 channels; the last without pooling) -> global
    max pooling -> softmax `Dense`.

    Args:
        frontend: one of `FRONTENDS` (see `build_frontend`).
        num_mel_bins: the number of bands.
        seed: the Keras seed set before the weights are drawn.

    Returns:
        A functional `keras.Model` from `(SAMPLES,)` audio to class probabilities.
    """
    import keras

    keras.utils.set_random_seed(seed)
    inputs = keras.Input((SAMPLES,))
    x = inputs
    for layer in build_frontend(frontend, num_mel_bins):
        x = layer(x)
    x = keras.layers.LayerNormalization(axis=(1, 2), center=False, scale=False,
                                        name="standardize")(x)
    x = keras.layers.Reshape((x.shape[1], x.shape[2], 1))(x)
    for i, channels in enumerate((16, 32, 32)):
        x = keras.layers.Conv2D(channels, 3, padding="same", activation="relu")(x)
        if i < 2:
            x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.GlobalMaxPooling2D()(x)
    outputs = keras.layers.Dense(len(CLASSES), activation="softmax")(x)
    return keras.Model(inputs, outputs, name=frontend)


def keras_to_numpy(x):
    import keras

    return keras.ops.convert_to_numpy(x)


def filterbank(model):
    """The mel front end's filterbank `(bins, bands)` as NumPy: the trained weight, or
    the fixed mel filters."""
    from keras_spectral.ops.mel import mel_filterbank

    layer = model.get_layer("frontend")
    if layer.filterbank is not None:
        return np.asarray(keras_to_numpy(layer.filterbank), dtype="float64")
    return mel_filterbank(layer.num_mel_bins, layer.fft_length, layer.sample_rate,
                          layer.min_freq, layer.max_freq, layer.scale, layer.norm).T


# --- Griffin-Lim ------------------------------------------------------------------


def griffin_lim(clip, n_iter=64, frame_length=FRAME_LENGTH, frame_step=FRAME_STEP // 2):
    """Rebuilds a clip from its magnitude spectrogram with `GriffinLim`.

    Args:
        clip: `(samples,)` audio.
        n_iter: Griffin-Lim iterations.
        frame_length: the window (and FFT) length.
        frame_step: the hop (75% overlap by default).

    Returns:
        `(rebuilt, magnitude, rebuilt_magnitude, convergence)`: the
        reconstructed audio, the two magnitude spectrograms `(frames, bins)`
        and the spectral convergence `||S - S'|| / ||S||` (Frobenius).
    """
    from keras_spectral.layers.phase import GriffinLim
    from keras_spectral.layers.spectrogram import Spectrogram

    spectrogram = Spectrogram(frame_length, frame_step, power=1)
    x = np.asarray(clip, dtype="float32")[None]
    magnitude = spectrogram(x)
    rebuilt = GriffinLim(frame_length, frame_step, n_iter=n_iter, length=x.shape[1])(magnitude)
    rebuilt_magnitude = keras_to_numpy(spectrogram(rebuilt))[0].astype("float64")
    magnitude = keras_to_numpy(magnitude)[0].astype("float64")
    convergence = float(np.linalg.norm(magnitude - rebuilt_magnitude) / np.linalg.norm(magnitude))
    return keras_to_numpy(rebuilt)[0], magnitude, rebuilt_magnitude, convergence


# --- figures ----------------------------------------------------------------------


def write_figures(folder, examples, fixed_mel, initial, trained, gl, leaf=None):
    """Writes the PNGs; returns their paths.

    Args:
        folder: the output folder.
        examples: `(clips, labels)`, one clip per class.
        fixed_mel: the fixed mel front end's features of `clips`, `(n, frames, bands)`.
        initial, trained: the learnable filterbank `(bins, bands)` before and after training.
        gl: `(clip, rebuilt, magnitude, rebuilt_magnitude, convergence)`.
        leaf: `(initial_centres, trained_centres)` in Hz, or None.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    clips, labels = examples
    seconds = SAMPLES / SAMPLE_RATE
    freqs = np.fft.rfftfreq(FRAME_LENGTH, 1.0 / SAMPLE_RATE)

    def linear_db(clip):
        from keras_spectral.layers.spectrogram import Spectrogram

        s = Spectrogram(FRAME_LENGTH, FRAME_STEP // 2, db=True)(clip[None])
        return keras_to_numpy(s)[0]

    fig, axes = plt.subplots(2, len(clips), figsize=(2.3 * len(clips), 4.6), sharey="row")
    for i, (clip, label) in enumerate(zip(clips, labels)):
        axes[0, i].imshow(linear_db(clip).T, origin="lower", aspect="auto", cmap="magma",
                          extent=(0, seconds, 0, SAMPLE_RATE / 2000))
        axes[0, i].set_title(CLASSES[label])
        axes[1, i].imshow(fixed_mel[i].T, origin="lower", aspect="auto", cmap="magma",
                          extent=(0, seconds, -0.5, fixed_mel.shape[2] - 0.5))
        axes[1, i].set_xlabel("s")
    axes[0, 0].set_ylabel("Spectrogram, kHz")
    axes[1, 0].set_ylabel("MelSpectrogram band")
    fig.suptitle("one training clip per class: |STFT|^2 in dB (top), the fixed mel "
                 "front end's input to the CNN (bottom)", fontsize=9)
    fig.tight_layout()
    paths.append(folder / "audio_spectrograms.png")
    fig.savefig(paths[-1], dpi=90)
    plt.close(fig)

    fig, axes = plt.subplots(1, 3 if leaf else 2, figsize=(13 if leaf else 9, 3.4))
    for ax, bank, title in ((axes[0], initial, "mel filterbank at initialisation"),
                            (axes[1], trained, "after training (learnable mel)")):
        ax.plot(freqs, bank, linewidth=0.8)
        ax.set_title(title)
        ax.set_xlabel("Hz")
    axes[0].set_ylabel("weight")
    if leaf:
        start, end = leaf
        order = np.arange(len(start))
        axes[2].plot(order, start, "o-", markersize=3, label="initial (mel)")
        axes[2].plot(order, end, "o-", markersize=3, label="trained")
        axes[2].set_title("LEAF-style Gabor centre frequencies")
        axes[2].set_xlabel("filter")
        axes[2].set_ylabel("Hz")
        axes[2].legend()
    fig.tight_layout()
    paths.append(folder / "audio_filterbank.png")
    fig.savefig(paths[-1], dpi=90)
    plt.close(fig)

    clip, rebuilt, magnitude, rebuilt_magnitude, convergence = gl
    t = np.arange(len(clip)) / SAMPLE_RATE
    fig, axes = plt.subplots(2, 2, figsize=(10, 5.2))
    axes[0, 0].plot(t, clip, linewidth=0.5)
    axes[0, 0].set_title("original waveform")
    axes[0, 1].plot(t, rebuilt, linewidth=0.5, color="C1")
    axes[0, 1].set_title("Griffin-Lim reconstruction (its own phase)")
    top = 20 * np.log10(max(magnitude.max(), 1e-12))
    for ax, mag, title in ((axes[1, 0], magnitude, "original |STFT| (dB)"),
                           (axes[1, 1], rebuilt_magnitude, "reconstruction's |STFT| (dB)")):
        ax.imshow(20 * np.log10(np.maximum(mag, 1e-12)).T, origin="lower", aspect="auto",
                  cmap="magma", vmin=top - 80, vmax=top,
                  extent=(0, len(clip) / SAMPLE_RATE, 0, SAMPLE_RATE / 2000))
        ax.set_title(title)
        ax.set_xlabel("s")
        ax.set_ylabel("kHz")
    fig.suptitle(f"GriffinLim, 64 iterations: spectral convergence {convergence:.3f}",
                 fontsize=10)
    fig.tight_layout()
    paths.append(folder / "audio_griffinlim.png")
    fig.savefig(paths[-1], dpi=90)
    plt.close(fig)
    return paths


# --- main -------------------------------------------------------------------------


def _split_figures(argv):
    """Takes `--figures [DIR]` out of `argv`; `_common.parse_args` does not know it."""
    import sys

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--figures", nargs="?", const=str(DEFAULT_FIGURES), default=None)
    known, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return known.figures, rest


def main(argv=None):
    """Trains the classifier on each front end and prints the test accuracies.

    Args:
        argv: command-line arguments (default: `sys.argv[1:]`).

    Returns:
        A dict of the printed figures: backend, epochs, data sizes, and for
        each front end run its parameter count, test accuracy and training
        seconds; the learnable filterbank's relative change; the Griffin-Lim
        spectral convergence; `leaf_skipped` (why (c) did not run) when it
        did not; total seconds; `figures` (the PNG paths) with `--figures`.
    """
    figures, argv = _split_figures(argv)
    args = parse_args(argv, __doc__.splitlines()[0] + " (--figures [DIR]: write PNGs)",
                      "96 training and 96 test clips, 1 epoch: a smoke run")
    backend = select_backend(args.backend, args.threads, for_training=True)
    start = time.time()
    import keras

    per_class = 16 if args.quick else 400
    x_train, y_train = make_dataset(per_class, seed=args.seed)
    x_test, y_test = make_dataset(per_class if args.quick else 150, seed=args.seed + 1000)
    epochs = args.epochs or (1 if args.quick else 20)
    budget = dict(epochs=epochs, batch_size=32, learning_rate=1e-3, seed=args.seed)

    gabor, why = leaf_layers()
    frontends = [f for f in FRONTENDS if f != "leaf" or gabor is not None]
    result = {"backend": backend, "threads": args.threads or "default", "epochs": epochs,
              "num_train": len(y_train), "num_test": len(y_test),
              "num_mel_bins": NUM_MEL_BINS}
    if gabor is None:
        result["leaf_skipped"] = why
    models = {}
    for frontend in frontends:
        model = build_model(frontend, seed=args.seed)
        if frontend == "learnable_mel":
            initial = filterbank(model)
        if frontend == "leaf":
            initial_centres = _gabor_centres_hz(model)
        try:
            (accuracy,), seconds = train_and_test(
                model, (x_train, y_train), [(x_test, y_test)],
                eval_batch_size=len(y_test) // 2, **budget)
        except Exception as e:
            if frontend != "leaf":
                raise
            # GaborFilterbank and PCEN are new: report a failure, keep (a) and (b)
            result["leaf_skipped"] = f"training failed: {type(e).__name__}: {e}"
            frontends.remove("leaf")
            break
        models[frontend] = model
        result[f"{frontend}_params"] = int(model.count_params())
        result[f"{frontend}_accuracy"] = accuracy
        result[f"{frontend}_seconds"] = seconds
    trained = filterbank(models["learnable_mel"])
    result["filterbank_change"] = float(np.linalg.norm(trained - initial)
                                        / np.linalg.norm(initial))

    # Griffin-Lim: a clean AM tone rebuilt from its magnitude alone
    gl_clip = synth_clip(np.random.default_rng(args.seed + 7), CLASSES.index("am-tone"),
                         snr_db=20.0)
    rebuilt, magnitude, rebuilt_magnitude, convergence = griffin_lim(gl_clip)
    result["griffinlim_convergence"] = convergence

    if figures:
        examples = x_train[[int(np.flatnonzero(y_train == c)[0]) for c in range(len(CLASSES))]]
        mel = keras.Model(models["mel"].input, models["mel"].get_layer("frontend").output)
        fixed_mel = np.asarray(mel.predict(examples, verbose=0))
        leaf = None
        if "leaf" in models:
            leaf = (initial_centres, _gabor_centres_hz(models["leaf"]))
        result["figures"] = [str(p) for p in write_figures(
            figures, (examples, np.arange(len(CLASSES))), fixed_mel, initial, trained,
            (gl_clip, rebuilt, magnitude, rebuilt_magnitude, convergence), leaf)]
    result["seconds"] = time.time() - start

    print(f"{len(CLASSES)} classes, {result['num_train']} train / {result['num_test']} test "
          f"clips of {SAMPLES / SAMPLE_RATE} s at {SAMPLE_RATE} Hz, {NUM_MEL_BINS} bands, "
          f"{epochs} epochs, Adam 1e-3, batch 32; Keras {keras.__version__}, backend "
          f"{backend}, threads {result['threads']}")
    print_table(["front end", "params", "test accuracy", "train s"], [
        [FRONTEND_NAMES[f], result[f"{f}_params"], f"{result[f'{f}_accuracy']:.3f}",
         f"{result[f'{f}_seconds']:.1f}"] for f in frontends])
    if "leaf_skipped" in result:
        print(f"(c) skipped: {result['leaf_skipped']}")
    print(f"learnable filterbank moved by {100 * result['filterbank_change']:.0f}% "
          f"(relative Frobenius norm); Griffin-Lim spectral convergence "
          f"{convergence:.3f} after 64 iterations")
    for path in result.get("figures", []):
        print(f"wrote {path}")
    print(f"total {result['seconds']:.0f} s")
    if args.quick:
        print("(quick run: one epoch on a few samples, a smoke test; judge the full run)")
    return result


def _gabor_centres_hz(model):
    layer = model.get_layer("frontend")
    eta = np.asarray(keras_to_numpy(layer.centers), dtype="float64")
    return np.clip(eta, 0.0, np.pi) * SAMPLE_RATE / (2.0 * np.pi)


if __name__ == "__main__":
    main()
