"""Metrics: every one has the Chinese name that its computation prints."""

from __future__ import annotations

from jixiao.metrics import LABELS, METRICS, compute


def test_every_metric_has_the_name_its_computation_prints(reference):
    assert set(LABELS) == set(METRICS)
    for name, label in LABELS.items():
        assert compute(name, reference).label == label, name
