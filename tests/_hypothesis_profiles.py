"""Hypothesis profiles shared by the robustness, fuzz and concurrency tests.

Import this module at the top of a test file; the profile is picked by the
``HYPOTHESIS_PROFILE`` environment variable:

* ``dev`` (default): quick, for a local edit-test loop;
* ``ci``: at least 2,000 examples per property, no deadline (CI machines are slow and
  noisy, and the first example pays for building the spaCy pipeline);
* ``soak``: for a long local run hunting rare failures.

Tests that need a different number of examples (the fuzz targets, bounded by time)
scale it with :func:`examples`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile(
    "ci",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=_SUPPRESS,
    print_blob=True,
    derandomize=False,
)
settings.register_profile(
    "soak", max_examples=50_000, deadline=None, suppress_health_check=_SUPPRESS
)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
settings.load_profile(PROFILE)


def examples(ci: int, dev: int | None = None) -> int:
    """``ci`` examples under the ``ci`` profile (more under ``soak``), else ``dev``
    (default: a twentieth of ``ci``, at least 20)."""
    if PROFILE == "ci":
        return ci
    if PROFILE == "soak":
        return ci * 25
    return dev if dev is not None else max(20, ci // 20)
