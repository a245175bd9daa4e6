"""Benchmarks of keras_spectral against native code and peer libraries."""
