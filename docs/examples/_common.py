"""What the example scripts in docs/examples share: backend selection, the
command line, the digits data, the GFNet-style digits classifier, training and
the printed table.

Not an example itself. A script run as `python docs/examples/NAME.py` finds it
because the script's folder is on `sys.path`; tests/test_examples.py puts the
folder there while it imports a script by path.

Keras is imported inside the functions, never here: `select_backend` must set
KERAS_BACKEND first, since Keras reads it once, when it is first imported.
"""

import argparse
import os
import sys
import time

# numpy builds and runs the models (the tests do) but cannot train them
BACKENDS = ("jax", "tensorflow", "torch", "numpy")


def select_backend(name=None, threads=None, for_training=False):
    """Sets KERAS_BACKEND (and the thread count) before Keras loads.

    Args:
        name: a Keras backend name, or None for `$KERAS_BACKEND` (else jax).
        threads: CPU threads for the backend's ops, or None for its default.
            JAX takes only 1 (XLA's flags, read when JAX loads); TensorFlow
            only before it has run an op.
        for_training: if True, refuse the numpy backend (once selected),
            which cannot train.

    Returns:
        The backend name in effect.
    """
    if name is None:
        name = os.environ.get("KERAS_BACKEND", "jax")
    if name not in BACKENDS:
        raise ValueError(f"`backend` must be one of {BACKENDS}; got {name!r}.")
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ValueError(f"`threads` must be a positive int; got {threads!r}.")
    if "keras" in sys.modules:
        running = sys.modules["keras"].backend.backend()
        if running != name:
            raise ValueError(f"Keras already runs the {running!r} backend; cannot "
                             f"switch to `backend`={name!r} in this process.")
    os.environ["KERAS_BACKEND"] = name
    if threads == 1 and name == "jax" and "jax" not in sys.modules:
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread"
                                   "_eigen=false intra_op_parallelism_threads=1").strip()
    import keras  # noqa: F401 - loads the backend chosen above

    if threads and name == "torch":
        import torch

        torch.set_num_threads(threads)
    elif threads and name == "tensorflow":
        import tensorflow as tf

        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # TensorFlow has started: its pools are fixed
            print(f"note: TensorFlow is running; --threads {threads} ignored")
    if for_training and name == "numpy":
        raise ValueError("Keras's numpy backend cannot train; choose `backend` "
                         "jax, tensorflow or torch.")
    return name


def parse_args(argv, description, quick_help):
    """Parses the command line every example takes.

    Args:
        argv: command-line arguments, or None for `sys.argv[1:]`.
        description: the one-line description `--help` shows.
        quick_help: what `--quick` does, for `--help`.

    Returns:
        An `argparse.Namespace` with `backend`, `quick`, `threads`, `epochs`
        and `seed`.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--backend", choices=BACKENDS[:3], default=None,
                        help="Keras backend (default: $KERAS_BACKEND, else jax)")
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads (default: the backend's own choice)")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def load_digits_split(seed=0, limit=None):
    """The digits images, scaled to [0, 1], in a fixed stratified 80/20 split.

    Args:
        seed: the split's random state.
        limit: keep only the first `limit` images of each split, or None for
            all (1437 train, 360 test).

    Returns:
        `(x_train, y_train), (x_test, y_test)`; images `(n, 8, 8, 1)` float32.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    images, labels = load_digits(return_X_y=True)
    images = (images / 16.0).astype("float32").reshape(-1, 8, 8, 1)
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=0.2, stratify=labels, random_state=seed)
    return (x_train[:limit], y_train[:limit]), (x_test[:limit], y_test[:limit])


def digits_classifier(make_mixer, dim, depth, mlp_ratio, num_classes, name):
    """GFNet's layout (Rao et al., NeurIPS 2021) for 8x8 images, with a given token mixer.

    A 1x1 `Conv2D` embeds each pixel in `dim` channels (a one-pixel patch
    embedding), then `depth` blocks `x = x + MLP(LayerNorm(mixer(LayerNorm(x))))`,
    a final LayerNorm, global average pooling and a softmax `Dense`.

    Args:
        make_mixer: a callable with no arguments returning a new token-mixing
            layer, `(batch, 8, 8, dim)` to the same shape; called once a block.
        dim: channels after the pixel embedding.
        depth: number of blocks.
        mlp_ratio: hidden width of each block's MLP, in multiples of `dim`.
        num_classes: classes of the softmax head.
        name: the model's name.

    Returns:
        A functional `keras.Model` from `(8, 8, 1)` images to class probabilities.
    """
    import keras

    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(dim, 1)(inputs)  # a one-pixel patch embedding
    for _ in range(depth):
        h = keras.layers.LayerNormalization(epsilon=1e-6)(x)
        h = make_mixer()(h)
        h = keras.layers.LayerNormalization(epsilon=1e-6)(h)
        h = keras.layers.Dense(mlp_ratio * dim, activation="gelu")(h)
        x = keras.layers.Add()([x, keras.layers.Dense(dim)(h)])
    x = keras.layers.LayerNormalization(epsilon=1e-6)(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


def train_and_test(model, train, tests, epochs, batch_size, learning_rate, seed,
                   eval_batch_size=None):
    """Trains `model` with Adam, then scores it on each data set of `tests`.

    Args:
        model: a classifier with softmax outputs, not yet compiled.
        train: `(x, y)`, integer labels.
        tests: a sequence of `(x, y)` to score after training.
        epochs: passes over `train`.
        batch_size: training batch size.
        learning_rate: Adam's learning rate.
        seed: the Keras seed set before training: the same batch order for
            every model.
        eval_batch_size: the scoring batch size, or None for each data set in
            one batch (one compiled shape per data set on JAX).

    Returns:
        `(accuracies, seconds)`: a list of the accuracy on each of `tests`,
        and the seconds of training.
    """
    import keras

    keras.utils.set_random_seed(seed)  # the same batch order for every model
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    model.fit(*train, batch_size=batch_size, epochs=epochs, shuffle=True, verbose=0)
    seconds = time.time() - start
    accuracies = [float(model.evaluate(x, y, batch_size=eval_batch_size or len(y), verbose=0,
                                       return_dict=True)["accuracy"]) for x, y in tests]
    return accuracies, seconds


def print_table(header, rows):
    """Prints rows under a header, columns aligned: the first to the left, the rest right.

    Args:
        header: the column titles.
        rows: lists of cells, one per column; any value, printed with `str`.
    """
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for i, row in enumerate(cells):
        print("  ".join(c.rjust(w) if j else c.ljust(w)
                        for j, (c, w) in enumerate(zip(row, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
