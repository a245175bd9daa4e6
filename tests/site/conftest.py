"""tests/site: the documentation site and the package as users install it.

Collected only with KERAS_SPECTRAL_SITE=1: the matrix runs them once, as its
"site" column (`python3 scripts/dev.py test`), beside the backend runs; a plain
`pytest tests` leaves them out (they build a wheel and a virtual environment).
"""

import os


def pytest_ignore_collect(collection_path, config):
    if os.environ.get("KERAS_SPECTRAL_SITE") != "1":
        return True
    return None
