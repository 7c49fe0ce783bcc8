"""The 指标库 (indicator library): every indicator met in declarations, monitoring forms, 自评表 and
evaluations, with its unit, direction and formula where known, and by department and year its targets
and actuals; search by name or synonym; a suggested 标杆值 from history and peers with the figures
behind it. Seeded with the national general indicators (indicators.yaml). Plain records in: the
doors (CLI, web) gather them; nothing here reads a file of a user's or a database."""

from .records import STAGES, Entry, Indicator, Library, Record
from .seed import seed
from .suggest import Suggestion, suggest

__all__ = ["STAGES", "Entry", "Indicator", "Library", "Record", "Suggestion", "seed", "suggest"]
