"""The main job: an FNO-1D learns the Burgers solution operator (Li et al., ICLR 2021).

`train_burgers()` trains the paper's FNO-1D (modes 16, width 64, 4 blocks) on
the paper's Burgers data with the paper's optimiser (Adam, lr 1e-3, weight
decay 1e-4, step decay x0.5, relative L2 loss), evaluates the relative L2
test error, optionally at other resolutions too (zero-shot super-resolution),
and `plot_burgers()` draws test predictions against the truth beside the
training curve. `keras-spectral demo` runs both.
"""

import time

import keras
import numpy as np

from keras_spectral.datasets import burgers
from keras_spectral.losses import RelativeL2, relative_l2
from keras_spectral.models import FNO

# Table 1 of the paper: FNO's relative L2 test error on Burgers per resolution.
PAPER_FNO_ERROR = {256: 0.0149, 512: 0.0158, 1024: 0.0160, 2048: 0.0146,
                   4096: 0.0142, 8192: 0.0139}
PAPER_SCHEDULE = {"num_train": 1000, "num_test": 200, "epochs": 500,
                  "decay_every": 50, "batch_size": 20}


def _epoch_printer(epochs, start):
    class Printer(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            lr = self.model.optimizer.learning_rate
            print(f"  epoch {epoch + 1:4d}/{epochs}  train {logs.get('loss', float('nan')):.4f}"
                  f"  test {logs.get('val_loss', float('nan')):.4f}"
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

    >>> evaluate(model, x_test, y_test)  # 0.0069 for the TensorFlow row of docs/burgers.md
    """
    pred = model.predict(x, batch_size=batch_size, verbose=0)
    return float(np.mean(keras.ops.convert_to_numpy(
        relative_l2(y.astype("float64"), pred.astype("float64")))))


def train_burgers(resolution=1024, num_train=1000, num_test=200, epochs=500,
                  batch_size=20, learning_rate=1e-3, weight_decay=1e-4, decay_every=50,
                  modes=16, width=64, num_blocks=4, eval_resolutions=(), seed=0,
                  cache_dir=None, verbose=True):
    """Trains the paper's FNO-1D on Burgers and measures its test error.

    Args:
        resolution: the training (and first test) resolution; divides 8192.
        num_train: training samples.
        num_test: test samples (the next `num_test` draws after the training ones).
        epochs: training epochs.
        batch_size: the batch size.
        learning_rate: Adam's initial learning rate.
        weight_decay: Adam's weight decay (decoupled, Keras's).
        decay_every: halve the learning rate every this many epochs.
        modes: kept Fourier modes.
        width: channels inside the Fourier blocks.
        num_blocks: Fourier blocks.
        eval_resolutions: other resolutions to test the trained model at,
            without retraining (zero-shot super-resolution).
        seed: the data seed.
        cache_dir: where the data is cached (see `burgers.load_data`).
        verbose: print progress per epoch.

    Returns:
        `(model, result)`: the trained model and a dict with the backend,
        the test errors per resolution, the paper's figures, the training
        history, sample predictions and the wall times.

    Example:

    >>> model, result = train_burgers(resolution=256, num_train=100, epochs=5)
    >>> result["test_error"][256]
    """
    start = time.time()
    (x_train, y_train), (x_test, y_test) = burgers.load_data(
        resolution=resolution, num_train=num_train, num_test=num_test, seed=seed,
        cache_dir=cache_dir)
    data_time = time.time() - start
    keras.utils.set_random_seed(seed)
    model = FNO(modes=(modes,), width=width, num_blocks=num_blocks)
    steps = -(-num_train // batch_size)
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps=decay_every * steps, decay_rate=0.5, staircase=True)
    model.compile(optimizer=keras.optimizers.Adam(schedule, weight_decay=weight_decay),
                  loss=RelativeL2())
    train_start = time.time()
    history = model.fit(
        x_train, y_train, batch_size=batch_size, epochs=epochs,
        validation_data=(x_test, y_test), verbose=0, shuffle=True,
        callbacks=[_epoch_printer(epochs, train_start)] if verbose else [])
    train_time = time.time() - train_start
    errors = {resolution: evaluate(model, x_test, y_test, batch_size)}
    samples = {resolution: (x_test[:4], y_test[:4], model.predict(x_test[:4], verbose=0))}
    for res in eval_resolutions:
        _, (xr, yr) = burgers.load_data(resolution=res, num_train=num_train,
                                        num_test=num_test, seed=seed, cache_dir=cache_dir)
        errors[res] = evaluate(model, xr, yr, batch_size)
        samples[res] = (xr[:4], yr[:4], model.predict(xr[:4], verbose=0))
    result = {
        "backend": keras.backend.backend(),
        "resolution": resolution, "num_train": num_train, "num_test": num_test,
        "epochs": epochs, "batch_size": batch_size, "decay_every": decay_every,
        "learning_rate": learning_rate, "weight_decay": weight_decay,
        "modes": modes, "width": width, "num_blocks": num_blocks,
        "parameters": int(model.count_params()),
        "test_error": errors,
        "paper_error": {r: PAPER_FNO_ERROR.get(r) for r in errors},
        "history": {k: [float(v) for v in vals] for k, vals in history.history.items()},
        "data_seconds": data_time, "train_seconds": train_time,
        "seconds_per_epoch": train_time / max(epochs, 1),
        "samples": samples,
    }
    return model, result


def plot_burgers(result, path):
    """Writes a PNG: test predictions against the truth, and the training curve.

    Args:
        result: the dict `train_burgers` returns.
        path: the PNG file to write.

    Returns:
        `path`.

    Example:

    >>> plot_burgers(result, "fno_burgers.png")
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    res = result["resolution"]
    x, y, pred = result["samples"][res]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    grid = np.linspace(0, 1, y.shape[1], endpoint=False)
    for i in range(min(3, len(y))):
        # at t = 1 the solution is a small wave around its mean: show the wave
        mean = y[i, :, 0].mean()
        line, = axes[0].plot(grid, y[i, :, 0] - mean, lw=2, alpha=0.5)
        axes[0].plot(grid, pred[i, :, 0] - mean, "--", color=line.get_color())
        axes[1].plot(grid, x[i, :, 0], color=line.get_color())
    axes[0].set_title(f"u(x, 1) - mean: truth (solid) vs FNO (dashed), s={res}")
    axes[1].set_title("initial condition u(x, 0)")
    hist = result["history"]
    epochs = np.arange(1, len(hist["loss"]) + 1)
    axes[2].semilogy(epochs, hist["loss"], label="train")
    if "val_loss" in hist:
        axes[2].semilogy(epochs, hist["val_loss"], label="test")
    paper = PAPER_FNO_ERROR.get(res)
    if paper:
        axes[2].axhline(paper, color="k", ls=":", label=f"paper FNO ({paper})")
    axes[2].set_xlabel("epoch")
    axes[2].set_title(f"relative L2 ({result['backend']})")
    axes[2].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
