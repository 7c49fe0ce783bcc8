"""Reading a delivered 绩效评价报告 back (Word, PDF, text) and finding where it contradicts itself.

`audit_file(path)` reads the report into a plain Document (document.py: paragraphs, headings,
tables, the table of contents, each with its place), and runs the text checks (checks/) on it.
"""

from .audit import AuditResult, audit_file

__all__ = ["AuditResult", "audit_file"]
