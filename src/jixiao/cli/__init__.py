"""The jixiao command line: the same core functions the web workspace calls.

One module per command family; `jixiao` imports a family's module only when one of its
commands runs or its help is shown, and a command module imports the heavy libraries
(rich, openpyxl, docx, Django) inside the command, so `jixiao --help` starts at once.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from ..envsettings import SettingError
from .chinese import ChineseContext, format_command_list, localise

# command name → the module whose register(group) adds it
COMMANDS = {
    "score": "jixiao.cli.score",
    "check": "jixiao.cli.score",
    "report": "jixiao.cli.report",
    "results": "jixiao.cli.results",
    "template": "jixiao.cli.excel",
    "import": "jixiao.cli.excel",
    "export": "jixiao.cli.excel",
    "review": "jixiao.cli.excel",
    "serve": "jixiao.web.commands",
    "worker": "jixiao.web.commands",
    "jobs": "jixiao.cli.jobs",
    "backup": "jixiao.web.commands",
    "restore": "jixiao.web.commands",
    "audit-verify": "jixiao.web.commands",
    "audit": "jixiao.cli.audit",
    "library": "jixiao.cli.library",
    "monitor": "jixiao.cli.monitor",
}

NO_SUCH_COMMAND = getattr(click.exceptions, "NoSuchCommand", ())  # Click 8.4+; older ones suggest nothing


class LazyGroup(click.Group):
    """The `jixiao` group: commands are loaded by name from COMMANDS when first asked for, and
    every command speaks Chinese in its help and usage errors."""

    context_class = ChineseContext

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """A wrong JIXIAO_* setting, met however early (a module read at `jixiao --help`, Django's
        settings), is said in Chinese with exit code 2, as a wrong argument is."""
        try:
            return super().main(*args, **kwargs)
        except SettingError as exc:
            click.echo(f"错误 {exc.message}", err=True)
            sys.exit(2)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        localise(cmd)
        super().add_command(cmd, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            found = click.Group()
            import_module(COMMANDS[cmd_name]).register(found)
            for name, command in found.commands.items():
                if name in COMMANDS and name not in self.commands:
                    self.add_command(command, name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except NO_SUCH_COMMAND as exc:  # 是否要输入 … among every command, loaded or not
            raise exc.__class__(exc.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        format_command_list(self, ctx, formatter)


@click.group(cls=LazyGroup, help="jixiao（绩效）：预算绩效评价——评分、检查、报告与工作台。")
@click.version_option(package_name="jixiao")
def main() -> None:
    pass


localise(main)
