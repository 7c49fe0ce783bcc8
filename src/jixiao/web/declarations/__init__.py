"""目标申报: a stage of the budget-performance cycle, a Django app of its own (see web/stages.py)."""
