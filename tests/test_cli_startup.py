"""`jixiao --help` answers at once: it loads no heavy library and no command's machinery."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REFERENCE

HEAVY = {"rich", "openpyxl", "python_calamine", "xlsxwriter", "docx", "docxtpl", "jinja2", "lxml", "matplotlib",
         "django", "yaml", "ruamel"}

PROBE = """
import json, sys
from jixiao.cli import main
try:
    main(sys.argv[1:], prog_name="jixiao")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded_after(*args: str) -> tuple[str, set[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_main_help_imports_no_heavy_library():
    out, modules = loaded_after("--help")
    assert "命令：" in out and "score" in out and "serve" in out
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert not heavy, heavy
    assert "jixiao.analysis" not in modules and "jixiao.report" not in modules


def test_a_command_loads_only_its_own_family():
    out, modules = loaded_after("score", "--help")
    assert "用法：jixiao score" in out
    assert "jixiao.cli.score" in modules
    assert not {"jixiao.cli.report", "jixiao.cli.excel", "jixiao.web.commands"} & modules


def test_every_registered_command_is_listed():
    """A command a family module registers but COMMANDS does not name would never be found."""
    from importlib import import_module

    import click

    from jixiao.cli import COMMANDS

    for module in set(COMMANDS.values()):
        group = click.Group()
        import_module(module).register(group)
        assert sorted(group.commands) == sorted(n for n, m in COMMANDS.items() if m == module), module


def test_score_loads_no_report_workbook_or_web_library():
    """`jixiao score` answers in well under a second: Word, charts, workbooks and Django load only
    for the commands that write or serve them."""
    out, modules = loaded_after("score", str(REFERENCE))
    assert "97.00" in out and "优" in out
    unneeded = {"openpyxl", "python_calamine", "xlsxwriter", "docx", "docxtpl", "jinja2", "lxml", "matplotlib",
                "django", "ruamel", "PIL"}
    loaded = sorted(m for m in modules if m.split(".")[0] in unneeded)
    assert not loaded, loaded
    assert not {"jixiao.report", "jixiao.excel.read", "jixiao.web"} & modules
