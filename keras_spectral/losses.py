"""Losses for operator learning."""

import keras
from keras import ops


def relative_l2(y_true, y_pred):
    """Relative L2 error per sample: `||y_pred - y_true|| / ||y_true||`.

    The norms run over every axis but the first (the batch), as in the FNO
    paper's `LpLoss`; an all-zero target gives an infinite or undefined ratio.

    Args:
        y_true: the targets, `(batch, ...)`.
        y_pred: the predictions, the same shape.

    Returns:
        A tensor of shape `(batch,)`.

    Example:

    >>> relative_l2(numpy.ones((2, 4)), 1.1 * numpy.ones((2, 4)))
    [0.1, 0.1]
    """
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    if tuple(y_true.shape) != tuple(y_pred.shape) and None not in y_true.shape + y_pred.shape:
        raise ValueError(
            f"`y_true` and `y_pred` must have the same shape; got {tuple(y_true.shape)} "
            f"and {tuple(y_pred.shape)}."
        )
    y_true = ops.cast(y_true, y_pred.dtype)
    axes = tuple(range(1, len(y_pred.shape)))
    diff = ops.sqrt(ops.sum(ops.square(ops.subtract(y_pred, y_true)), axis=axes))
    return ops.divide(diff, ops.sqrt(ops.sum(ops.square(y_true), axis=axes)))


@keras.saving.register_keras_serializable(package="keras_spectral")
class RelativeL2(keras.losses.Loss):
    """The relative L2 loss of operator learning, averaged over the batch.

    Args:
        reduction: as for Keras losses (default "sum_over_batch_size").
        name: the loss's name.
        dtype: the loss's dtype.

    Returns:
        A Keras loss.

    Example:

    >>> loss = RelativeL2()
    >>> loss(numpy.ones((2, 4)), 1.1 * numpy.ones((2, 4)))
    0.1
    >>> model = keras.Sequential([keras.Input((16, 1)), keras.layers.Dense(1)])
    >>> model.compile(optimizer="adam", loss=RelativeL2())
    """

    def __init__(self, reduction="sum_over_batch_size", name="relative_l2", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def call(self, y_true, y_pred):
        return relative_l2(y_true, y_pred)
