"""The naive spectral layer (a Dense on the flattened spectrum) against GlobalFilter2D.

The attempt people make first when they want "learnable weights on the
spectrum": take `rfft2` of the feature map, flatten the complex spectrum
(real and imaginary parts concatenated), let a `Dense` layer predict one
complex weight per frequency and channel from it, multiply, `irfft2`. Here
it is written with `keras_spectral.ops`, so it runs on every backend, and
dropped into the same small GFNet-style digits classifier as
`GlobalFilter2D` (see gfnet_digits.py): same data, same layout, same
optimizer, learning rate, batch size, epochs and seed.

Why it is the wrong layer:

- its weights are a function of the input: the Dense maps an
  `H * (W/2+1) * C * 2`-long vector to another, so it holds that length
  squared in weights: 1.6 million per block at 8x8x16, against 1280 for the
  global filter (3.3 million against 7.2 thousand for the whole model), and
  trains 2-6 times slower here;
- a filter that changes with the input is no longer a convolution: shifting
  the image changes the phases of its spectrum, hence the predicted filter,
  so the layer loses translation equivariance. The global filter is the same
  for every input, a circular convolution; with pointwise layers around it
  and global average pooling at the end, the GFNet-style model's prediction
  does not change at all when the image is rolled (shifted circularly). The
  script scores both models on the test images rolled by one pixel down and
  right: this is a property the global filter has by construction, measured,
  not a contest it could lose.
- the parameter count invites overfitting. On this split it does not show
  in the test accuracy: both models fit the training images perfectly, and
  the naive one scores level with the global filter on the (centred) test
  images, within 3 images on TensorFlow and PyTorch and 1.4 points ahead on
  JAX. It fails once the digits move: rolled by one pixel, it falls to
  14-20% while the global filter model keeps its accuracy.

The script prints what it measures, whichever way it comes out.

Run (options: --backend jax|tensorflow|torch, --quick, --threads N, --epochs N,
--seed N):

    python docs/examples/naive_spectrum_dense.py --backend jax
"""

import time

import numpy as np

# Keras is imported inside the functions, after `--backend` has set
# KERAS_BACKEND: Keras reads it once, when it is first imported.
from _common import (digits_classifier, load_digits_split, parse_args, print_table,
                     select_backend, train_and_test)

DIM, DEPTH = 16, 2


def naive_spectrum_dense():
    """A Keras layer: rfft2 -> flatten -> Dense -> per-frequency weights -> irfft2.

    Returns:
        A new layer taking and returning `(batch, height, width, channels)`.
    """
    import keras
    from keras import ops

    from keras_spectral import complex as kc
    from keras_spectral import ops as kso

    class NaiveSpectrumDense(keras.layers.Layer):
        """Multiplies the spectrum by weights a Dense predicts from the spectrum."""

        def build(self, input_shape):
            _, height, width, channels = input_shape
            self.bins = (height, width // 2 + 1, channels)
            size = 2 * int(np.prod(self.bins))  # real and imaginary parts
            self.dense = keras.layers.Dense(size, name="weights_from_spectrum")
            self.dense.build((None, size))

        def call(self, x):
            height, width = x.shape[1], x.shape[2]
            spectrum = kso.rfft2(x, axes=(1, 2), norm="ortho")
            flat = ops.concatenate([ops.reshape(spectrum.real, (-1, int(np.prod(self.bins)))),
                                    ops.reshape(spectrum.imag, (-1, int(np.prod(self.bins))))],
                                   axis=-1)
            real, imag = ops.split(self.dense(flat), 2, axis=-1)
            weights = kc.Complex(ops.reshape(real, (-1,) + self.bins),
                                 ops.reshape(imag, (-1,) + self.bins))
            return kso.irfft2(kc.multiply(spectrum, weights), s=(height, width),
                              axes=(1, 2), norm="ortho")

        def compute_output_shape(self, input_shape):
            return tuple(input_shape)

    return NaiveSpectrumDense()


def build_classifier(mixer, dim=DIM, depth=DEPTH, mlp_ratio=4, num_classes=10):
    """The GFNet-style digits classifier of gfnet_digits.py with a given mixer.

    Args:
        mixer: "global_filter" (`GlobalFilter2D`) or "naive" (a Dense on the
            flattened spectrum predicting the weights).
        dim: channels after the one-pixel patch embedding.
        depth: number of blocks `x + MLP(LN(mixer(LN(x))))`.
        mlp_ratio: hidden width of each block's MLP, in multiples of `dim`.
        num_classes: classes of the softmax head.

    Returns:
        A functional `keras.Model` from `(8, 8, 1)` images to class probabilities.
    """
    from keras_spectral.layers import GlobalFilter2D

    if mixer not in ("global_filter", "naive"):
        raise ValueError(f"`mixer` must be 'global_filter' or 'naive'; got {mixer!r}.")
    make_mixer = GlobalFilter2D if mixer == "global_filter" else naive_spectrum_dense
    return digits_classifier(make_mixer, dim, depth, mlp_ratio, num_classes, mixer)


def roll(images, shift=1):
    """The images shifted circularly by `shift` pixels down and right."""
    return np.roll(images, (shift, shift), axis=(1, 2))


def verdicts(result):
    """What the figures say, in words: the test accuracies, then the rolled ones."""
    tie = 300 / result["num_test"]  # 3 test images, in points
    gap = 100 * (result["global_filter_accuracy"] - result["naive_accuracy"])
    if abs(gap) <= tie:
        test = "on the test images the two are level (within 3 images)"
    elif gap > 0:
        test = f"on the test images GlobalFilter2D is ahead by {gap:.1f} points"
    else:
        test = (f"on the test images the naive Dense is ahead by {-gap:.1f} points "
                f"(not what its parameter count suggests)")
    drops = {key: 100 * (result[f"{key}_accuracy"] - result[f"{key}_rolled_accuracy"])
             for key in ("global_filter", "naive")}
    rolled = (f"rolled by one pixel, GlobalFilter2D loses {drops['global_filter']:.1f} "
              f"points and the naive Dense {drops['naive']:.1f}")
    if drops["naive"] <= drops["global_filter"] + tie:
        rolled += " (NOT as expected: the naive layer kept up under the shift)"
    return [test, rolled]


def main(argv=None):
    """Trains both models on digits and prints their accuracies side by side.

    Args:
        argv: command-line arguments (default: `sys.argv[1:]`).

    Returns:
        A dict of the printed figures: backend, epochs, data sizes, and per
        model its parameter count, train / test / rolled-test accuracy and
        training seconds; total seconds.
    """
    args = parse_args(argv, __doc__.splitlines()[0],
                      "256 training and 256 test images, 1 epoch: a smoke run")
    backend = select_backend(args.backend, args.threads, for_training=True)
    start = time.time()
    import keras

    # quick: equal sizes, whole batches: fewest shapes to compile on JAX
    train, test = load_digits_split(args.seed, limit=256 if args.quick else None)
    epochs = args.epochs or (1 if args.quick else 40)
    budget = dict(epochs=epochs, batch_size=32, learning_rate=1e-3, seed=args.seed)
    result = {"backend": backend, "threads": args.threads or "default", "epochs": epochs,
              "num_train": len(train[1]), "num_test": len(test[1])}
    rolled = (roll(test[0]), test[1])
    rows = []
    for key, mixer, label in (("global_filter", "global_filter", "GlobalFilter2D"),
                              ("naive", "naive", "Dense on flattened spectrum")):
        keras.utils.set_random_seed(args.seed)
        model = build_classifier(mixer)
        (train_acc, test_acc, rolled_acc), seconds = train_and_test(
            model, train, [train, test, rolled], **budget)
        result.update({f"{key}_params": int(model.count_params()),
                       f"{key}_train_accuracy": train_acc, f"{key}_accuracy": test_acc,
                       f"{key}_rolled_accuracy": rolled_acc, f"{key}_seconds": seconds})
        rows.append([label, result[f"{key}_params"], f"{train_acc:.3f}",
                     f"{test_acc:.3f}", f"{rolled_acc:.3f}", f"{seconds:.1f}"])
    result["seconds"] = time.time() - start

    print(f"digits, {result['num_train']} train / {result['num_test']} test images, "
          f"GFNet-style classifier (dim {DIM}, {DEPTH} blocks), {epochs} epochs, Adam 1e-3, "
          f"batch 32; Keras {keras.__version__}, backend {backend}, "
          f"threads {result['threads']}")
    print_table(["token mixer", "params", "train acc", "test acc", "rolled test acc",
                 "train s"], rows)
    print("rolled: the test images shifted circularly by 1 pixel down and right")
    for line in verdicts(result):
        print(f"result: {line}")
    print(f"total {result['seconds']:.0f} s")
    if args.quick:
        print("(quick run: one epoch on a few samples, a smoke test; judge the full run)")
    return result


if __name__ == "__main__":
    main()
