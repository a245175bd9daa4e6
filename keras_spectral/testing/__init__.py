"""Shared test machinery: float64 references, tolerances, finite-difference
gradient checks and the layer harness every keras_spectral layer passes."""

from keras_spectral.testing.gradients import check_gradients
from keras_spectral.testing.layer_test import run_layer_test
from keras_spectral.testing.numerics import (
    RTOL, assert_close, backend_name, to_numpy,
)

__all__ = ["RTOL", "assert_close", "backend_name", "check_gradients",
           "run_layer_test", "to_numpy"]
