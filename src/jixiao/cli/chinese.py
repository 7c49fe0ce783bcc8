"""Click speaking Chinese: its own texts (help headings, usage errors), a help layout measured in
terminal columns, and Chinese placeholders on every command registered on `jixiao`."""

from __future__ import annotations

import re
import unicodedata

import click

# -- Click's own texts in Chinese ----------------------------------------------------------
# Click looks its texts up through gettext (`_` and `ngettext` in each of its modules). Those
# lookups are pointed at this table, so help pages and usage errors read 用法 / 选项 / 错误
# without a compiled catalogue or a locale set on the machine; a text missing here stays English.

CLICK_TEXTS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "Did you mean {possibility}?": "是否要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要输入以下之一：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项“{name}”需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”需要{nargs}个值。",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要{nargs}个值。",
    "Takes {nargs} values but 1 was given.": "需要{nargs}个值，只给了1个。",
    "Takes {nargs} values but {len} were given.": "需要{nargs}个值，给了{len}个。",
    "Invalid value for {param_hint}: {message}": "参数 {param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not {choice}.": "“{value}”无效，应为 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”无效，应为 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”应为是或否，可用的值：{states}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，应为文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，应为文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Aborted!": "已中止。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
}


def _click_text(message: str) -> str:
    return CLICK_TEXTS.get(message, message)


def _click_plural(singular: str, plural: str, n: int) -> str:
    return _click_text(singular if n == 1 else plural)


def _use_chinese_click_texts() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types,
                   click.termui, click.utils):
        if hasattr(module, "_"):
            module._ = _click_text  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_plural  # type: ignore[attr-defined]


def _missing_parameter_message(self: click.MissingParameter) -> str:
    """缺少参数“文件”。: Click builds this sentence itself, with ASCII quotes and a full stop."""
    hint = self.param_hint if self.param_hint is not None else self.param.get_error_hint(self.ctx) if self.param else None
    if isinstance(hint, str):
        names = re.findall(r"'([^']*)'", hint) or [hint]
    else:
        names = list(hint or [])
    kind = self.param_type or (self.param.param_type_name if self.param else None)
    missing = {"argument": "Missing argument", "option": "Missing option", "parameter": "Missing parameter"}.get(kind or "")
    text = _click_text(missing) if missing else _click_text("Missing {param_type}").format(param_type=kind)
    text += "/".join(f"“{name}”" for name in names) + "。"
    extra = [self.message] if self.message else []
    if self.param is not None:
        extra.append(self.param.type.get_missing_message(param=self.param, ctx=self.ctx) or "")
    return text + "".join(x for x in extra if x)


_use_chinese_click_texts()  # before any command is declared: some decorators look their texts up at once
click.exceptions.MissingParameter.format_message = _missing_parameter_message  # type: ignore[method-assign]


def _columns(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKENS = re.compile(r"\s+|[!-~]+|.")  # spaces, a run of Latin letters and signs (--json, $JIXIAO_DATA), one character
_CLOSING = set("，。、；：？！）」』”’…%")  # never start a line


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns: Chinese breaks between any two characters, Latin at spaces."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if line.strip() and _columns(line + token) > width and token[0] not in _CLOSING:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


class ChineseFormatter(click.HelpFormatter):
    """Click's help layout measured in terminal columns (Chinese is two wide), with full-width
    colons: 用法：jixiao score [选项] 文件, 选项：…"""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _click_text("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            if i:
                self.write("\n")
            if paragraph.lstrip().startswith("\b"):  # Click's "do not rewrap" marker
                lines = paragraph.lstrip()[1:].strip("\n").splitlines()
            else:
                lines = _wrap(paragraph, max(self.width - self.current_indent, 20))
            self.write("".join(f"{indent}{line}\n" for line in lines))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, second) for first, second in rows]
        first_col = min(max((_columns(first) for first, _ in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _columns(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrap(second, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


def short_help(command: click.Command, width: int) -> str:
    """A command's line in the 命令 list: its first sentence, cut to the columns there are."""
    text = " ".join((command.short_help or (command.help or "").partition("\n\n")[0]).split())
    if _columns(text) > width and "。" in text:
        text = text[: text.index("。") + 1]
    if _columns(text) > width:
        while text and _columns(text) > width - 2:
            text = text[:-1]
        text += "…"
    return text


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


# Placeholders in usage lines and option lists, by argument name, else by the value's type.
ARGUMENT_NAMES = {"file": "文件", "files": "文件", "inputs": "工作簿或文件夹"}


def _type_name(param: click.Parameter) -> str | None:
    kind = param.type
    if isinstance(kind, click.Choice):
        return None  # Click lists the choices: [department|project|…]
    if isinstance(kind, click.Path):
        return "文件" if not kind.dir_okay else "文件夹" if not kind.file_okay else "路径"
    if isinstance(kind, click.File):
        return "文件"
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return "整数"
    if isinstance(kind, (click.types.FloatParamType, click.FloatRange)):
        return "数值"
    return "文本"


def localise(command: click.Command) -> None:
    """Chinese placeholders for a command registered on `jixiao`, wherever it was defined."""
    if command.context_class is click.Context:
        command.context_class = ChineseContext
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[选项]"
    if isinstance(command, click.Group) and command.subcommand_metavar.startswith("COMMAND"):
        command.subcommand_metavar = "命令 [参数]..."
    for param in command.params:
        if param.metavar is not None or (isinstance(param, click.Option) and param.is_flag):
            continue
        name = ARGUMENT_NAMES.get(param.name or "") if isinstance(param, click.Argument) else None
        name = name or _type_name(param)
        if name is None:
            continue
        if isinstance(param, click.Argument) and not param.required:
            name = f"[{name}]"
        param.metavar = name + ("..." if param.nargs != 1 else "")


def format_command_list(group: click.Group, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """The 命令 section: names and first sentences, measured in terminal columns."""
    found = [(n, group.get_command(ctx, n)) for n in group.list_commands(ctx)]
    found = [(n, c) for n, c in found if c is not None and not c.hidden]
    if not found:
        return
    width = formatter.width - (min(max(_columns(n) for n, _ in found), 30) + 2) - 2
    with formatter.section(_click_text("Commands")):
        formatter.write_dl([(n, short_help(c, width)) for n, c in found])
