"""Rule types, check families and metrics are registered the way an outside package would
register its own: entry points (jixiao.rules, jixiao.checks, jixiao.metrics) or the
registration function. An outside rule type and check, installed as a package with entry
points, are used by `jixiao score` and `jixiao check` like the built-ins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import ROOT

from jixiao import checks, metrics, rules
from jixiao.checks.base import Family
from jixiao.metrics.base import metric

REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"
A11_RULE = "rule: {type: levels, levels: {明确: 2, 职责不清晰: 1, 未进行职责分解: 0}}"

# An outside package: a rule type (a plain object, not a module) and a check family, each in
# its own module importing only what lies below its registry (rules lie below checks).
OUTSIDE_RULES = '''
from dataclasses import dataclass

from jixiao.rules.base import RuleResult
from jixiao.rules.params import Param

POINTS = Param("points", "定额得分", "decimal", "1", required=True)


@dataclass(frozen=True)
class Fixed:
    TYPE = "fixed"
    LABEL = "定额评分"
    PARAMS = (POINTS,)

    def read(self, r):
        return POINTS.read(r)

    def full_marks(self, p):
        return None

    def score(self, p, x):
        return RuleResult(min(p, x.weight), f"定额{p}分")


FIXED = Fixed()
'''

OUTSIDE_CHECKS = '''
from jixiao.checks.base import Family
from jixiao.problems import info


def seen(ctx):
    yield info("outside.seen", f"外部检查已运行：{len(ctx.ev.indicators)}个一级指标")


FAMILY = Family("outside", "外部检查", {"outside.seen": "外部检查已运行"}, checks=(seen,))
'''


@pytest.fixture
def outside_package(tmp_path):
    """A package installed the way pip installs one: a module and a dist-info with entry points."""
    (tmp_path / "outside_rules.py").write_text(OUTSIDE_RULES, encoding="utf-8")
    (tmp_path / "outside_checks.py").write_text(OUTSIDE_CHECKS, encoding="utf-8")
    info = tmp_path / "jixiao_outside-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jixiao-outside\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[jixiao.rules]\nfixed = outside_rules:FIXED\n\n[jixiao.checks]\noutside = outside_checks:FAMILY\n",
        encoding="utf-8",
    )
    text = REFERENCE.read_text(encoding="utf-8")
    assert text.count(A11_RULE) == 1
    evaluation = tmp_path / "outside.yaml"
    evaluation.write_text(text.replace(A11_RULE, "rule: {type: fixed, points: 1}"), encoding="utf-8")
    return tmp_path, evaluation


def _jixiao(path, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True, encoding="utf-8", env=env,
        cwd=path, timeout=120,
    )


def test_an_installed_rule_type_and_check_are_used(outside_package):
    path, evaluation = outside_package
    scored = _jixiao(path, "score", "--json", str(evaluation))
    assert scored.returncode == 0, scored.stderr
    data = json.loads(scored.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "定额1分" in text  # A11 scored by the outside rule: 1 of its 2 points
    assert "96.00" in text and "97.00" not in text
    checked = _jixiao(path, "check", str(evaluation))
    assert "外部检查已运行" in checked.stdout + checked.stderr


def test_the_built_ins_are_listed_as_entry_points_in_a_stable_order():
    from importlib.metadata import entry_points

    assert {ep.name for ep in entry_points(group="jixiao.rules")} == set(rules.RULES)
    assert {ep.name for ep in entry_points(group="jixiao.checks")} == set(checks.FAMILIES)
    assert {ep.name for ep in entry_points(group="jixiao.metrics")} == set(metrics.REGISTRY)
    # the declared order, not the entry points' alphabetical one: problems keep their order
    assert list(checks.FAMILIES)[:3] == ["assets", "budget", "completeness"]
    assert list(rules.RULES)[:2] == ["levels", "deduct"]


def test_every_family_declares_the_codes_it_emits(reference):
    emitted = {p.code for p in checks.run_checks(reference, None, None)}
    assert emitted <= set(checks.codes()) | {"score.not_scored"}
    for family in checks.FAMILIES.values():
        assert family.label and family.checks and all(family.codes.values()), family.name


def test_registering_a_check_family_runs_it(reference, monkeypatch):
    monkeypatch.setattr(checks, "FAMILIES", dict(checks.FAMILIES))
    from jixiao.problems import warning

    def late(ctx):
        yield warning("late.one", "后登记的检查")

    checks.register(Family("late", "后登记", {"late.one": "后登记的检查"}, checks=(late,)))
    problems = checks.run_checks(reference, None, None)
    assert problems[-1].code == "late.one"
    with pytest.raises(ValueError):
        checks.register(Family("late", "另一个", {"late.two": "重名"}, checks=(late,)))
    with pytest.raises(ValueError):  # a code without its description
        checks.register(Family("mute", "无说明", {"mute.one": ""}, checks=(late,)))


def test_a_rule_type_is_checked_against_the_protocol(monkeypatch):
    monkeypatch.setattr(rules, "RULES", dict(rules.RULES))
    monkeypatch.setattr(rules, "REGISTRY", dict(rules.REGISTRY))

    class NoScore:
        TYPE, LABEL, PARAMS = "noscore", "无得分", ()

        def read(self, r):
            return None

        def full_marks(self, p):
            return None

    with pytest.raises(TypeError):
        rules.register(NoScore())
    with pytest.raises(ValueError):  # a code already taken
        rules.register(replace_module_type(rules.RULES["levels"]))


def replace_module_type(module):
    class Same:
        TYPE, LABEL, PARAMS = module.TYPE, module.LABEL, module.PARAMS
        read, score, full_marks = staticmethod(module.read), staticmethod(module.score), staticmethod(module.full_marks)

    return Same()


def test_a_metric_is_one_record(reference, monkeypatch):
    for name, definition in metrics.REGISTRY.items():
        computed = metrics.compute(name, reference)
        assert (computed.name, computed.label, computed.formula) == (name, definition.label, definition.formula)
        assert metrics.LABELS[name] == definition.label
    for name in ("REGISTRY", "METRICS", "LABELS"):
        monkeypatch.setattr(metrics, name, dict(getattr(metrics, name)))

    @metric("budget.half", "一半", "全年预算数 / 2")
    def half(m, ev):
        return m.rate(Decimal(1), Decimal(2))

    metrics.register(half)
    assert metrics.compute("budget.half", reference).value == Decimal(50)
    assert metrics.metric_key("一半") == "budget.half"
    with pytest.raises(ValueError):
        metrics.register(replace(half, function=half.function))
