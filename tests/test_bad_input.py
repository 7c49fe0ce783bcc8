"""Bad input never shows a traceback: file:line, key path, what was found, what was expected; exit 2."""

import pytest
from click.testing import CliRunner

from jixiao.cli import main

from conftest import REFERENCE

TEXT = REFERENCE.read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.index(needle, pos + 1)
    return text[:pos].count("\n") + 1


CASES = [
    # name, old, new, expected fragments
    ("unknown_rule", "rule: {type: levels,", "rule: {type: lvls,", ["rule.type", "lvls", "completion"]),
    ("weight_abc", "weight: 2\n", "weight: abc\n", ["indicators[0].children[0].children[0].weight", "“abc”不是数字"]),
    ("target_words", 'target: "≥2.4万人"}', 'target: "≥两万人"}', ["targets[0].target", "≥两万人", "例如"]),
    ("no_weight", "            weight: 5\n", "", ["A31", "weight", "缺少必填项"]),
    ("yaml_syntax", "kind: department ", "kind: [department ", ["YAML 格式错误"]),
    ("unknown_top_key", "year: 2024\n", "year: 2024\nyaer: 2024\n", ["yaer", "未知的键", "indicators"]),
]


@pytest.mark.parametrize("name, old, new, fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_input(tmp_path, name, old, new, fragments):
    assert old in TEXT
    bad = TEXT.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.output
    assert "Traceback" not in out
    if new.strip():  # the message names the line the user changed
        changed = line_of(bad, new.strip().splitlines()[-1])
        assert f"{name}.yaml:{changed}" in out or f"第{changed}行" in out, out
    else:  # a missing key is reported at the record that lacks it
        assert f"{name}.yaml:{line_of(bad, 'code: A31')}" in out
    for fragment in fragments:
        assert fragment in out, out


def test_missing_file():
    result = CliRunner().invoke(main, ["score", "no-such-file.yaml"])
    assert result.exit_code == 2 and "文件不存在" in result.output
