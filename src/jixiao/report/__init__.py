"""The evaluation report: Word, PDF and HTML from one report context."""
