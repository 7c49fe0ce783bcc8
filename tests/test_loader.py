"""The format 1 loader: both examples load as they are; every record knows its line."""

import dataclasses
import gc
import importlib.util
from pathlib import Path

from jixiao.io.document import document_from_yaml, dump_yaml, load_plain
from jixiao.io.load import load_text
from jixiao.model.evaluation import Evaluation
from jixiao.numbers import fmt
from jixiao.parse.pause import gc_paused
from jixiao.scoring import score_evaluation

from conftest import REFERENCE, SAMPLE, load_ok


def records(value, seen=None):
    """Every dataclass record reachable from an evaluation."""
    if dataclasses.is_dataclass(value):
        yield value
        for f in dataclasses.fields(value):
            yield from records(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from records(item)


def test_examples_load_as_they_are():
    for path in (REFERENCE, SAMPLE):
        load_ok(path)


def test_every_record_keeps_its_source_line(reference, sample):
    for ev in (reference, sample):
        absent = ev.findings if not (ev.findings.issues or ev.findings.experiences) else None
        located = [r for r in records(ev) if hasattr(r, "where") and r is not absent]
        assert len(located) > 10
        for record in located:
            assert record.where.file == ev.file
            assert record.where.line, type(record).__name__


def test_reference_records(reference: Evaluation):
    assert reference.kind == "department" and reference.year == 2024
    assert reference.entity.internal_bodies == ("办公室", "人力资源管理科（专业技术人员管理科）")
    assert len(reference.entity.subordinate_units) == 5
    assert [b.grade for b in reference.grading] == ["优", "良", "中", "差"]
    assert reference.grading[2].min == 70  # this region's own band
    assert len(reference.targets) == 5 and str(reference.targets[0].target) == "≥2.4万人"
    assert len(reference.engagement.team) == 4 and len(reference.engagement.phases) == 4
    assert len(reference.findings.issues) == 4 and reference.findings.issues[3].indicator == "C23"
    assert len(reference.photos) == 6 and len(reference.interviews[0].qa) == 3


def test_kind_project_has_the_same_shape(reference):
    problems = []
    doc = document_from_yaml(REFERENCE.read_text(encoding="utf-8"), "p.yaml", problems)
    doc["kind"] = "project"
    del doc["entity"]
    doc["project"] = {"name": "就业补助资金", "department": "人力资源和社会保障局", "implementer": "就业服务管理中心"}
    loaded = load_plain(doc, "p.yaml")
    assert loaded.ok, loaded.problems
    assert loaded.evaluation.project.name == "就业补助资金"
    assert fmt(score_evaluation(loaded.evaluation).total) == "97.00"


def test_document_round_trip_keeps_every_figure():
    problems = []
    doc = document_from_yaml(REFERENCE.read_text(encoding="utf-8"), "x.yaml", problems)
    again = load_text(dump_yaml(doc), "again.yaml")
    assert again.ok
    assert dump_yaml(document_from_yaml(dump_yaml(doc), "y.yaml", problems)) == dump_yaml(doc)
    assert score_evaluation(again.evaluation).total == 97


def test_unknown_kind_and_duplicate_key():
    text = REFERENCE.read_text(encoding="utf-8").replace("kind: department", "kind: departmnet", 1)
    loaded = load_text(text, "k.yaml")
    assert not loaded.ok and "departmnet" in str(loaded.problems[0])
    text = REFERENCE.read_text(encoding="utf-8").replace("year: 2024\n", "year: 2024\nyear: 2025\n", 1)
    loaded = load_text(text, "d.yaml")
    assert any(p.code == "input.duplicate_key" for p in loaded.problems)


def _generated(indicators: int) -> str:
    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parent.parent / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(indicators)


def test_a_large_file_loads_without_the_collector_walking_its_tree_again_and_again():
    """Every collection during a load walked the ever larger tree: 10,000 indicators took 7.7 s."""
    text = _generated(2000)
    started = []

    def count(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(count)
    try:
        loaded = load_text(text, "big.yaml")
    finally:
        gc.callbacks.remove(count)
    assert loaded.ok and len(loaded.evaluation.indicators) == 3
    assert len(started) <= 3, f"{len(started)} collections during one load"


def test_the_collector_runs_again_after_loading_unless_it_was_off():
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        load_text(REFERENCE.read_text(encoding="utf-8"), "r.yaml")
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
