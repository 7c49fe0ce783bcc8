"""The national general indicators shipped with the package (indicators.yaml), as library records."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources

import yaml

from ..parse.quantity import parse_quantity
from .records import Indicator

SEED = "indicators.yaml"


@lru_cache(maxsize=1)
def seed() -> tuple[Indicator, ...]:
    """Every indicator of the seed file, the project framework's first; a name in both frameworks
    (预算执行率) is one indicator per framework, each with its own formula."""
    text = (resources.files("jixiao.library") / SEED).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out: list[Indicator] = []
    for part in data.values():
        for item in part["indicators"]:
            benchmark = item.get("benchmark")
            same = next((n for n, i in enumerate(out) if i.name == item["name"]), None)
            if same is not None:  # 预算执行率 of both frameworks: one indicator, each framework's formula
                first = out[same]
                out[same] = replace(first, formula=f"{first.formula}（{first.framework}）；{item.get('formula', '')}（{part['source']}）",
                                    framework=f"{first.framework}；{part['source']}",
                                    synonyms=tuple(dict.fromkeys((*first.synonyms, *item.get("synonyms", ())))))
                continue
            out.append(Indicator(
                name=item["name"], unit=item.get("unit", ""), direction=item.get("direction", ""),
                formula=item.get("formula", ""), framework=part["source"], path=tuple(item.get("path", ())),
                synonyms=tuple(item.get("synonyms", ())),
                benchmark=parse_quantity(str(benchmark)) if benchmark is not None else None,
            ))
    return tuple(out)
