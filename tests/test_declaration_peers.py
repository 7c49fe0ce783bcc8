"""A declared target against its peers: the same indicator in the other departments' declarations of
the year (tests/forms/declarations/peers/, four 职业技能培训 declarations in the national layout)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

from click.testing import CliRunner
from conftest import ROOT

from jixiao.analysis import analyse
from jixiao.checks import Settings
from jixiao.cli import main
from jixiao.model.declaration import Peer, peers_from, same_indicator
from jixiao.parse.quantity import parse_quantity
from jixiao.sources import open_source, open_text

PEERS = ROOT / "tests" / "forms" / "declarations" / "peers"


def _declaration(name: str):
    loaded = open_source(PEERS / name / "form.xlsx", f"{name}.xlsx")
    assert loaded.ok, [p.message for p in loaded.problems]
    return loaded.evaluation


def _peer_problems(ev, settings=Settings()):
    return [p for p in analyse(ev, settings).problems if p.code.startswith("declaration.peer")]


def _against_peers(name: str, settings=Settings()):
    pool = [_declaration(n).declaration for n in ("renshe", "jiaoyu", "weijian", "minzheng")]
    ev = _declaration(name)
    declared = dataclasses.replace(ev.declaration, peers=peers_from(pool, ev.declaration))
    return _peer_problems(dataclasses.replace(ev, declaration=declared), settings)


def test_a_rate_far_below_the_peers_median_is_set_too_low_with_their_figures():
    found = {p.where.cell: p for p in _against_peers("renshe")}
    rate = found["D12"]
    assert (rate.code, rate.severity.value) == ("declaration.peer_low", "warning")
    assert "≥60%" in rate.message and "中位数 92%" in rate.message and "34.78%" in rate.message
    assert "高新区（新市区）教育局 ≥90%" in rate.message and "高新区（新市区）卫生健康委员会 ≥95%" in rate.message
    assert dict(rate.figures)["median"] == "92"


def test_a_cost_ceiling_far_above_the_peers_median_is_said():
    cost = {p.where.cell: p for p in _against_peers("renshe")}["D14"]
    assert cost.code == "declaration.peer_low" and "高于同类部门中位数 80.00%" in cost.message and "≤450元/人" in cost.message


def test_a_target_outside_the_peers_range_is_a_note_and_a_count_is_not_compared():
    found = {p.where.cell: p for p in _against_peers("renshe")}
    assert found["D16"].code == "declaration.peer_outside" and found["D16"].severity.value == "info"
    assert "85～95%" in found["D16"].message
    assert "D11" not in found  # 培训人次 grows with the department: no peer judges it
    assert sorted(found) == ["D12", "D14", "D16"]


def test_a_target_among_its_peers_raises_nothing():
    assert _against_peers("jiaoyu") == []


def test_the_share_is_configured():
    found = _against_peers("renshe", Settings(peer_share=Decimal(90)))
    assert [p.code for p in found if p.code == "declaration.peer_low"] == []  # 34.78% and 80% are within 90%
    assert {p.where.cell for p in found} == {"D12", "D14", "D16"}  # still outside the peers' range: notes


def test_a_near_name_is_the_same_indicator_and_one_department_is_no_range():
    assert same_indicator("培训合格率", "职业技能“培训合格率”") and not same_indicator("合格率", "培训合格率")
    ev = open_text(_GOOD, "申报表.yaml").evaluation
    alone = (Peer("教育局", "职业技能培训合格率", parse_quantity("95%")),)
    assert _peer_problems(dataclasses.replace(ev, declaration=dataclasses.replace(ev.declaration, peers=alone))) == []
    two = alone + (Peer("卫健委", "培训 合格率", parse_quantity("９６％")),)
    found = _peer_problems(dataclasses.replace(ev, declaration=dataclasses.replace(ev.declaration, peers=two)))
    assert [p.code for p in found] == ["declaration.peer_low"] and "中位数 95.5%" in found[0].message


def test_peers_are_of_the_same_year_and_not_the_department_itself():
    renshe = _declaration("renshe").declaration
    other_year = dataclasses.replace(_declaration("jiaoyu").declaration, year=2023)
    assert peers_from([renshe, other_year], renshe) == ()


def test_jixiao_check_peers_reads_the_folder():
    result = CliRunner().invoke(main, ["check", "--json", "--peers", str(PEERS), str(PEERS / "renshe" / "form.xlsx")])
    codes = sorted(p["code"] for p in json.loads(result.output) if p["code"].startswith("declaration.peer"))
    assert codes == ["declaration.peer_low", "declaration.peer_low", "declaration.peer_outside"]
    result = CliRunner().invoke(main, ["check", "--peer-share", "90", "--peers", str(PEERS), str(PEERS / "renshe" / "form.xlsx")])
    assert "peer_low" not in result.output and "peer_outside" in result.output


def test_jixiao_check_peers_refuses_a_missing_folder_in_chinese(tmp_path):
    result = CliRunner().invoke(main, ["check", "--peers", str(tmp_path / "无此文件夹"), str(PEERS / "renshe" / "form.xlsx")])
    assert result.exit_code == 2 and "不是文件夹" in result.output and "Traceback" not in result.output


_GOOD = """\
format: 1
kind: declaration
year: 2024
declaration:
  form: project
  name: 就业培训补贴项目
  department: 人力资源和社会保障局
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥2000人次}
    - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥60%}
    - {level1: 产出指标, level2: 时效指标, name: 补贴发放及时率, target: =100%}
    - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤500元/人}
    - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%}
"""
