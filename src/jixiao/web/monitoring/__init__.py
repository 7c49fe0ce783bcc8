"""运行监控: a stage of the budget-performance cycle, a Django app of its own (see web/stages.py)."""
