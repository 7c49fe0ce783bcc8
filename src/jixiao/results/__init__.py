"""结果应用: the bureau's annual results report over many evaluations (grades, 得分率 by indicator,
the most frequent deductions, 整改 completion, the budget consequence of each grade), written as
Word (docx.py) or Excel (xlsx.py)."""

from .entry import Entry, entry_of
from .rules import DEFAULT_RULES, Rules, read_rules, parse_action, rules_from_texts
from .summary import Results, results_of

__all__ = ["DEFAULT_RULES", "Entry", "Results", "Rules", "entry_of", "read_rules", "parse_action", "results_of",
           "rules_from_texts"]
