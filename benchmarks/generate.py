"""Generate a synthetic evaluation file of N leaf indicators, in format 1, for the benchmarks."""

from __future__ import annotations

import random
import sys

RULES = [
    ("deduct", "rule: {type: deduct, per_item: 0.5, findings: [制度不完整]}", "健全", "健全"),
    ("checklist", "rule: {type: checklist, items: [{text: 要点一, points: 1, met: true}, {text: 要点二, points: 1, met: false}]}", "规范", "规范"),
    ("completion", "rule: {type: completion, overshoot: [{upto: 10%, deduct: 0}, {upto: 20%, per_point: 1}, {above: 20%, score: 0}], misreport: 2}", "\"≥2.4万人\"", None),
    ("formula", "rule: {type: completion, misreport: 1}", "\"≥97%\"", None),
    ("step", "rule: {type: step, full_at: 95%, per_point: 0.1}", "\"≥95%\"", None),
]


def generate(leaves: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    per_branch = 10
    branches = (leaves + per_branch - 1) // per_branch
    lines = ["format: 1", "kind: department", "year: 2024", "title: 基准测试评价", "entity: {name: 基准测试局}", "indicators:"]
    weight = "0.2"  # 500 leaves × 0.2 = 100
    made = 0
    for top in range(3):
        lines += [f"  - code: L{top}", f"    name: 一级指标{top}", "    children:"]
        for b in range(top, branches, 3):
            lines += [f"      - code: L{top}B{b}", f"        name: 二级指标{b}", "        children:"]
            for i in range(per_branch):
                if made >= leaves:
                    break
                made += 1
                kind, rule, benchmark, actual = RULES[made % len(RULES)]
                lines += [f"          - code: L{top}B{b}I{i}", f"            name: 三级指标{made}", f"            weight: {weight}"]
                lines.append(f"            benchmark: {benchmark}")
                if kind == "completion":
                    value = rnd.randint(20000, 30000)
                    lines.append(f"            actual: {{value: {value}人, source: 统计表}}")
                    lines.append(f"            reported: {value / 10000:.2f}万人")
                elif kind == "formula":
                    done = rnd.randint(900, 1000)
                    lines.append("            actual: {formula: 审结 / (未结 + 受理), inputs: {审结: %d件, 未结: 20件, 受理: 1000件}}" % done)
                    lines.append("            reported: 97%")
                elif kind == "step":
                    lines.append(f"            actual: {rnd.randint(8000, 10000) / 100}%")
                else:
                    lines.append(f"            actual: {actual}")
                lines.append(f"            {rule}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
