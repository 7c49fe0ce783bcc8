"""Workbooks: template, cell-precise import, scored export, bulk review."""
