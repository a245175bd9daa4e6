"""The main job: a Fourier neural operator learns a PDE's solution operator.

`train("burgers")` trains the papers' FNO-1D (modes 16, width 64, 4 blocks) on
the published Burgers data; `train("darcy")` the FNO-2D (modes 12, width 32, 4
blocks) on Darcy flow. Both use the papers' optimiser (Adam, lr 1e-3, weight
decay 1e-4, step decay x0.5, relative L2 loss), evaluate the relative L2 test
error (optionally at other resolutions too: zero-shot super-resolution) and
report it beside the trivial predictors of `keras_spectral.datasets.baselines`
on the same test split: the ratio to the best of them is the number that
means something. `plot` draws inputs, truths, predictions and errors.
`keras-spectral demo [--problem darcy]` runs both.
"""

import time

import keras
import numpy as np

from keras_spectral.datasets import baselines, burgers, darcy
from keras_spectral.losses import RelativeL2
from keras_spectral.models import FNO

# Each problem: its dataset, default resolution, model, the papers' figures
# (FNO's relative L2 test error per resolution) and the papers' schedule.
PROBLEMS = {
    "burgers": {
        "dataset": burgers, "resolution": 1024,
        "model": {"modes": (16,), "width": 64},
        "normalize": False,
        # Kovachki et al., JMLR 2023, Table 3 (FNO, ReLU, no batch norm).
        "paper_error": {256: 0.0018, 512: 0.0018, 1024: 0.0018, 2048: 0.0019,
                        4096: 0.0020, 8192: 0.0019},
        "full": {"num_train": 1000, "num_test": 200, "epochs": 500, "decay_every": 100,
                 "batch_size": 20},
        "quick": {"num_train": 1000, "num_test": 200, "epochs": 30, "decay_every": 10,
                  "batch_size": 20},
    },
    "darcy": {
        "dataset": darcy, "resolution": 85,
        # The original fourier_2d.py pads by 9 points at s = 85 (the problem is
        # not periodic); as a fraction, the padded domain stays the same at
        # every resolution, which zero-shot evaluation needs.
        "model": {"modes": (12, 12), "width": 32, "padding": 9 / 85},
        "normalize": True,
        # Li et al., ICLR 2021, Table 4 (equal in JMLR 2023).
        "paper_error": {85: 0.0108, 141: 0.0109, 211: 0.0109, 421: 0.0098},
        "full": {"num_train": 1000, "num_test": 200, "epochs": 500, "decay_every": 100,
                 "batch_size": 20},
        "quick": {"num_train": 1000, "num_test": 200, "epochs": 10, "decay_every": 4,
                  "batch_size": 20},
    },
}


def _problem(name):
    if name not in PROBLEMS:
        raise ValueError(f"`problem` must be one of {sorted(PROBLEMS)}; got {name!r}.")
    return PROBLEMS[name]


def _epoch_printer(epochs, start, baseline):
    class Printer(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            lr = self.model.optimizer.learning_rate
            test = logs.get("val_loss", float("nan"))
            print(f"  epoch {epoch + 1:4d}/{epochs}  train {logs.get('loss', float('nan')):.4f}"
                  f"  test {test:.4f} ({baseline / test:5.1f}x better than the best trivial)"
                  f"  lr {float(keras.ops.convert_to_numpy(lr)):.2e}"
                  f"  {time.time() - start:6.0f}s", flush=True)
    return Printer()


def evaluate(model, x, y, batch_size=20):
    """Mean relative L2 error of `model`'s predictions on `(x, y)`, in float64.

    Args:
        model: a Keras model.
        x: the inputs, `(num, ...)`.
        y: the targets, the shape of the model's outputs.
        batch_size: the prediction batch size.

    Returns:
        A float: the mean over samples of `||model(x) - y|| / ||y||`.

    Example:

    >>> evaluate(model, x_test, y_test)
    """
    return baselines.relative_l2(model.predict(x, batch_size=batch_size, verbose=0), y)


def build_model(problem, x_train, y_train, **model_options):
    """The FNO of `problem`, with the data scaling it needs, uncompiled.

    Burgers feeds the FNO directly. Darcy's permeability (3 or 12) and
    pressure (about 0.01) are far from unit scale: the model standardises the
    input and rescales the output by constants of the training split (a
    `Normalization` and a `Rescaling` layer, saved with the model), as the
    original code normalises both.

    Args:
        problem: "burgers" or "darcy".
        x_train: training inputs (for the scaling constants).
        y_train: training targets.
        **model_options: override `PROBLEMS[problem]["model"]` (`FNO` arguments).

    Returns:
        A Keras model mapping `(batch, *spatial, 1)` to the same shape.

    Example:

    >>> model = build_model("darcy", x_train, y_train)
    """
    spec = _problem(problem)
    fno = FNO(**{**spec["model"], **model_options})
    if not spec["normalize"]:
        return fno
    rank = len(fno.modes)
    inputs = keras.Input((None,) * rank + (x_train.shape[-1],))
    x = keras.layers.Normalization(axis=None, mean=float(np.mean(x_train)),
                                   variance=float(np.var(x_train)))(inputs)
    outputs = keras.layers.Rescaling(float(np.std(y_train)))(fno(x))
    return keras.Model(inputs, outputs, name=f"fno_{problem}")


def train(problem="burgers", resolution=None, num_train=1000, num_test=200, epochs=500,
          batch_size=20, learning_rate=1e-3, weight_decay=1e-4, decay_every=100,
          eval_resolutions=(), seed=0, cache_dir=None, verbose=True):
    """Trains the papers' FNO on `problem` and measures it against the trivial predictors.

    Args:
        problem: "burgers" (FNO-1D) or "darcy" (FNO-2D).
        resolution: the training (and first test) resolution; `None` for the
            problem's default (1024 for Burgers, 85 for Darcy).
        num_train: training samples (the first of the dataset).
        num_test: test samples (the last of the dataset, as published).
        epochs: training epochs.
        batch_size: the batch size.
        learning_rate: Adam's initial learning rate.
        weight_decay: Adam's weight decay (decoupled, Keras's).
        decay_every: halve the learning rate every this many epochs.
        eval_resolutions: other resolutions to test the trained model at,
            without retraining (zero-shot super-resolution).
        seed: the data seed (and the weights' seed).
        cache_dir: where the data is cached (see the datasets' `load_data`).
        verbose: print progress per epoch.

    Returns:
        `(model, result)`: the trained model and a dict with the backend,
        the test errors per resolution, the trivial predictors' errors, the
        best of them and its ratio to the model's error, the papers' figures,
        the training history, sample predictions and the wall times.

    Example:

    >>> model, result = train("burgers", resolution=256, num_train=100, epochs=5)
    >>> result["test_error"][256], result["best_baseline"]
    """
    spec = _problem(problem)
    dataset = spec["dataset"]
    resolution = spec["resolution"] if resolution is None else resolution
    start = time.time()
    train_split, test_split = dataset.load_data(
        resolution=resolution, num_train=num_train, num_test=num_test, seed=seed,
        cache_dir=cache_dir, verbose=1 if verbose else 0)
    (x_train, y_train), (x_test, y_test) = train_split, test_split
    trivial = baselines.evaluate(problem, train_split, test_split)
    best_name, best_error = baselines.best(trivial)
    data_time = time.time() - start
    keras.utils.set_random_seed(seed)
    model = build_model(problem, x_train, y_train)
    steps = -(-num_train // batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=decay_every * steps, decay_rate=0.5, staircase=True)
    model.compile(optimizer=keras.optimizers.Adam(schedule, weight_decay=weight_decay),
                  loss=RelativeL2())
    train_start = time.time()
    history = model.fit(
        x_train, y_train, batch_size=batch_size, epochs=epochs,
        validation_data=(x_test, y_test), verbose=0, shuffle=True,
        callbacks=[_epoch_printer(epochs, train_start, best_error)] if verbose else [])
    train_time = time.time() - train_start
    errors = {resolution: evaluate(model, x_test, y_test, batch_size)}
    samples = {resolution: (x_test[:4], y_test[:4], model.predict(x_test[:4], verbose=0))}
    for res in eval_resolutions:
        _, (xr, yr) = dataset.load_data(resolution=res, num_train=0, num_test=num_test,
                                        seed=seed, cache_dir=cache_dir,
                                        verbose=1 if verbose else 0)
        errors[res] = evaluate(model, xr, yr, batch_size)
        samples[res] = (xr[:4], yr[:4], model.predict(xr[:4], verbose=0))
    result = {
        "problem": problem, "backend": keras.backend.backend(),
        "resolution": resolution, "num_train": num_train, "num_test": num_test,
        "epochs": epochs, "batch_size": batch_size, "decay_every": decay_every,
        "learning_rate": learning_rate, "weight_decay": weight_decay,
        "model": {k: list(v) if isinstance(v, tuple) else v for k, v in spec["model"].items()},
        "parameters": int(model.count_params()),
        "test_error": errors,
        "baselines": trivial, "best_baseline": [best_name, best_error],
        "ratio_to_best_baseline": best_error / errors[resolution],
        "paper_error": {r: spec["paper_error"].get(r) for r in errors},
        "history": {k: [float(v) for v in vals] for k, vals in history.history.items()},
        "data_seconds": data_time, "train_seconds": train_time,
        "seconds_per_epoch": train_time / max(epochs, 1),
        "samples": samples,
    }
    return model, result


def train_burgers(**kwargs):
    """`train("burgers", **kwargs)`: the FNO-1D on the published Burgers data.

    Args:
        **kwargs: `train`'s arguments.

    Returns:
        `(model, result)` as `train`.

    Example:

    >>> model, result = train_burgers(resolution=256, num_train=100, epochs=5)
    """
    return train("burgers", **kwargs)


def plot(result, path):
    """Writes a PNG: inputs, truths, predictions and errors of a few test
    samples (Darcy as images), and the training curve beside the best trivial
    predictor and the papers' figure.

    Args:
        result: the dict `train` returns.
        path: the PNG file to write.

    Returns:
        `path`.

    Example:

    >>> plot(result, "fno_burgers.png")
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    res = result["resolution"]
    x, y, pred = (np.asarray(a)[..., 0] for a in result["samples"][res])
    if x.ndim == 2:
        fig, axes = plt.subplots(1, 4, figsize=(20, 4))
        grid = np.arange(x.shape[1]) / x.shape[1]
        for i in range(min(3, len(y))):
            line, = axes[0].plot(grid, x[i], lw=1)
            axes[1].plot(grid, y[i], lw=2, alpha=0.5, color=line.get_color())
            axes[1].plot(grid, pred[i], "--", color=line.get_color())
            axes[2].plot(grid, pred[i] - y[i], color=line.get_color())
        axes[0].set_title("input u(x, 0)")
        axes[1].set_title(f"u(x, 1): truth (solid) vs FNO (dashed), s={res}")
        axes[2].set_title("error: FNO - truth")
        for ax in axes[:3]:
            ax.set_xlabel("x / L")
        curve = axes[3]
    else:
        rows = min(3, len(y))
        fig, axes = plt.subplots(rows, 5, figsize=(20, 3.6 * rows), squeeze=False)
        for i in range(rows):
            vmin, vmax = y[i].min(), y[i].max()
            err = np.abs(pred[i] - y[i]).max()
            panels = [(x[i], "permeability a", {}),
                      (y[i], "pressure u: truth", {"vmin": vmin, "vmax": vmax}),
                      (pred[i], "FNO", {"vmin": vmin, "vmax": vmax}),
                      (pred[i] - y[i], "error: FNO - truth",
                       {"cmap": "RdBu_r", "vmin": -err, "vmax": err})]
            for j, (img, title, kw) in enumerate(panels):
                im = axes[i, j].imshow(img, origin="lower", extent=(0, 1, 0, 1), **kw)
                axes[i, j].set_title(title)
                fig.colorbar(im, ax=axes[i, j], fraction=0.046)
        for ax in axes[1:, 4]:
            ax.axis("off")
        curve = axes[0, 4]
    hist = result["history"]
    epochs = np.arange(1, len(hist["loss"]) + 1)
    curve.semilogy(epochs, hist["loss"], label="train")
    if "val_loss" in hist:
        curve.semilogy(epochs, hist["val_loss"], label="test")
    name, error = result["best_baseline"]
    curve.axhline(error, color="r", ls="--", label=f"best trivial: {name} ({error:.3f})")
    paper = result["paper_error"].get(res)
    if paper:
        curve.axhline(paper, color="k", ls=":", label=f"paper FNO ({paper})")
    curve.set_xlabel("epoch")
    curve.set_title(f"relative L2 ({result['problem']}, {result['backend']})")
    curve.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


plot_burgers = plot  # the former name
