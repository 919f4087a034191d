"""The command line in the reader's language: its help texts and Typer's and Click's own words.

* Help texts (command docstrings, ``help=N_("...")`` of groups, options and arguments) are written in
  English in the code. ``HeritraceGroup.main`` chooses the language of the run
  (``core.i18n.environment_locale``) before anything is parsed, translates the help texts of the whole
  command tree for the run and puts the English back after it, so that each run has its own language
  (the tests run several in one process). ``extract_help`` extracts the commands' docstrings
  (``babel.cfg``).
* Typer's own words are of three kinds. Those of ``typer.core`` ("Missing command.", "No such command",
  "[required]"-like notes) go through the standard library's ``gettext.gettext``, bound as ``_`` in the
  module and called when the text is written: that name is pointed at Heritrace's catalogues
  (``install_gettext``; any Click module that does the same is treated alike). The help titles and
  notes of ``typer.rich_utils`` ("Options", "Commands", "Arguments", "Error", "Try ... for help.") are
  constants computed when it is imported: they are set for the run. The Click that Typer ships
  (``typer._click``) writes plain English strings without gettext: "Usage:" is given by the help
  formatter (the ``formatter_class`` of the commands' ``context_class``, set for the run), the help
  option's text is translated when help is shown, and a usage error's message is translated when it
  is shown, by matching it against ``USAGE_ERRORS`` (a message that matches none stays English).

English runs load no catalogue and change nothing: ``heritrace --help`` starts as fast as before.
"""

from __future__ import annotations

import ast
import gettext as stdlib_gettext
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from typer.core import TyperGroup

from heritrace.core.i18n import (
    DEFAULT_LOCALE,
    N_,
    current_locale,
    environment_locale,
    gettext,
    ngettext,
    ntranslate,
    translate,
    use_locale,
)

# the attributes of a command or a parameter that are shown in its help
HELP_ATTRIBUTES = ("help", "short_help", "epilog", "rich_help_panel")
# typer.rich_utils's texts, fixed when it is imported: set for each run
RICH_TEXTS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
# Typer's words written through gettext (typer.core), the help option's text and Typer's completion
# options (shown by every `heritrace --help`), as Typer writes them (tests/i18n/test_cli_help_language.py
# checks that it still does)
TYPER_MESSAGES = (
    N_("Usage:"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("(dynamic)"),
)
EXTRA_ARGUMENTS = "extra arguments"
# usage errors of Typer's Click, as it writes them in English (a regular expression of the whole
# message) and as Heritrace's catalogues translate them; a `reason` is itself translated when it is one
USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"Missing argument (?P<name>.+?)\.(?: (?P<reason>.+))?", N_("Missing argument %(name)s.")),
        (r"Missing option (?P<name>.+?)\.(?: (?P<reason>.+))?", N_("Missing option %(name)s.")),
        (r"Missing parameter:? (?P<name>.+?)\.?", N_("Missing parameter: %(name)s")),
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: %(name)s (possible options: %(options)s)"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: %(name)s")),
        (r"Invalid value for (?P<name>.+?): (?P<reason>.+)", N_("Invalid value for %(name)s: %(reason)s")),
        (r"Invalid value: (?P<reason>.+)", N_("Invalid value: %(reason)s")),
        (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", EXTRA_ARGUMENTS),
        (r"Option (?P<name>.+) does not take a value\.", N_("Option %(name)s does not take a value.")),
        (r"Option (?P<name>.+) requires an argument\.", N_("Option %(name)s requires an argument.")),
        (r"Value (?P<value>.+) is not a valid (?P<kind>[\w ]+)\.", N_("%(value)s is not a valid %(kind)s.")),
        (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("%(value)s is not one of %(choices)s.")),
        # the reasons Typer's pydantic checks give, in the words of core/validation.py
        (r"Input should be a valid integer\b.*", N_("a whole number is expected")),
        (r"Input should be a valid number\b.*", N_("a number is expected")),
        (r"Input should be a valid boolean\b.*", N_("yes or no is expected")),
        (r"Input should be greater than or equal to (?P<limit>.+)", N_("at least %(limit)s")),
        (r"Input should be less than or equal to (?P<limit>.+)", N_("at most %(limit)s")),
        (r"(?P<label>\w+) (?P<name>'.+') does not exist\.", N_("%(name)s does not exist.")),
        (r"(?P<label>\w+) (?P<name>'.+') is a file\.", N_("%(name)s is a file.")),
        (r"(?P<label>\w+) (?P<name>'.+') is a directory\.", N_("%(name)s is a directory.")),
        (r"(?P<label>\w+) (?P<name>'.+') is not readable\.", N_("%(name)s is not readable.")),
        (r"(?P<label>\w+) (?P<name>'.+') is not writable\.", N_("%(name)s is not writable.")),
    )
)


def usage_error(message: str) -> str:
    """A usage error of Typer's Click in the current language (as written when no pattern matches)."""
    for pattern, translated in USAGE_ERRORS:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        parts = {k: v for k, v in found.groupdict().items() if v is not None}
        reason = parts.pop("reason", None)
        if translated == EXTRA_ARGUMENTS:  # a plural message: its form depends on how many
            count = len(parts["args"].split())
            text = ngettext(
                "Got an unexpected extra argument (%(args)s)",
                "Got %(num)d unexpected extra arguments (%(args)s)",
                count,
                args=parts["args"],
            )
        elif "%(reason)s" in translated:
            text = gettext(translated, reason=usage_error(reason or ""), **parts)
        else:
            text = gettext(translated, **parts)
            if reason:
                text = f"{text} {usage_error(reason)}"
        return text
    return message


def typer_gettext(message: str) -> str:
    """What ``_`` does in Typer's (and Click's) modules: Heritrace's catalogue, or the standard
    library's in English, as before."""
    if current_locale() == DEFAULT_LOCALE:
        return stdlib_gettext.gettext(message)
    return translate(message)


def typer_ngettext(singular: str, plural: str, n: int) -> str:
    if current_locale() == DEFAULT_LOCALE:
        return stdlib_gettext.ngettext(singular, plural, n)
    return ntranslate(singular, plural, n)


def install_gettext() -> None:
    """Point the ``_`` and ``ngettext`` of Typer's and Click's loaded modules at Heritrace's
    catalogues; only names bound to the standard library's functions are replaced."""
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in ("typer", "click"):
            continue
        if getattr(module, "_", None) is stdlib_gettext.gettext:
            module._ = typer_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is stdlib_gettext.ngettext:
            module.ngettext = typer_ngettext  # type: ignore[attr-defined]


def commands_of(command: Any) -> Iterator[Any]:
    """``command`` and every command under it."""
    yield command
    for sub in (getattr(command, "commands", None) or {}).values():
        yield from commands_of(sub)


def help_texts(command: Any) -> Iterator[tuple[Any, str, str]]:
    """(object, attribute, English text) of every help text of the tree under ``command``."""
    for cmd in commands_of(command):
        for holder in (cmd, *cmd.params):
            for attribute in HELP_ATTRIBUTES:
                text = getattr(holder, attribute, None)
                if isinstance(text, str) and text:
                    yield holder, attribute, text


@contextmanager
def _restored(changes: list[tuple[Any, str, Any]]) -> Iterator[None]:
    """Sets each (object, attribute, value) for the block, then puts the old values back."""
    old = [(holder, attribute, getattr(holder, attribute)) for holder, attribute, _value in changes]
    try:
        for holder, attribute, value in changes:
            setattr(holder, attribute, value)
        yield
    finally:
        for holder, attribute, value in reversed(old):
            setattr(holder, attribute, value)


def _usage_formatter(base: type) -> type:
    class UsageFormatter(base):  # type: ignore[valid-type, misc]
        """Click's help formatter with "Usage:" in the current language."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, f"{translate('Usage:')} " if prefix is None else prefix)

    return UsageFormatter


def _help_with_translated_option(format_help: Callable[..., Any]) -> Callable[..., Any]:
    def rich_format_help(*, obj: Any, ctx: Any, **kwargs: Any) -> Any:
        option = obj.get_help_option(ctx)  # created by Click when it is first asked for
        if option is None or option.help != "Show this message and exit.":
            return format_help(obj=obj, ctx=ctx, **kwargs)
        with _restored([(option, "help", translate(option.help))]):
            return format_help(obj=obj, ctx=ctx, **kwargs)

    return rich_format_help


def _error_translated(format_error: Callable[[Any], None]) -> Callable[[Any], None]:
    def rich_format_error(error: Any) -> None:
        english = error.format_message
        error.format_message = lambda: usage_error(english())
        try:
            format_error(error)
        finally:
            del error.format_message

    return rich_format_error


@contextmanager
def translated_cli(command: Any) -> Iterator[None]:
    """The help texts of ``command``'s tree and Typer's own words in the current language for the
    block (nothing changes in English)."""
    if current_locale() == DEFAULT_LOCALE:
        yield
        return
    from typer import rich_utils

    changes: list[tuple[Any, str, Any]] = [(h, a, translate(text)) for h, a, text in help_texts(command)]
    changes += [(rich_utils, name, translate(text)) for name, text in RICH_TEXTS.items()]
    changes += [
        (
            TyperGroup.context_class,
            "formatter_class",
            _usage_formatter(TyperGroup.context_class.formatter_class),
        ),
        (rich_utils, "rich_format_help", _help_with_translated_option(rich_utils.rich_format_help)),
        (rich_utils, "rich_format_error", _error_translated(rich_utils.rich_format_error)),
    ]
    with _restored(changes):
        yield


class HeritraceGroup(TyperGroup):
    """The root command: the whole run (parsing, help, usage errors, the command) in the language of
    ``HERITRACE_LANG`` or the POSIX locale."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        install_gettext()
        with ExitStack() as stack:
            stack.enter_context(use_locale(environment_locale()))
            stack.enter_context(translated_cli(self))
            return super().main(*args, **kwargs)


def _declares_typer_parameters(node: ast.FunctionDef) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in ("Option", "Argument") for n in ast.walk(node.args))


def _is_command(node: ast.FunctionDef) -> bool:
    decorated = any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in ("command", "callback")
        for d in node.decorator_list
    )
    return decorated or (not node.decorator_list and _declares_typer_parameters(node))


def extract_help(fileobj, keywords, comment_tags, options):  # noqa: ANN001, ANN201
    """Babel extractor for the CLI's modules (``babel.cfg``): the messages marked in the code, plus
    the docstring of each command (a function decorated with ``.command()``/``.callback()``, or one
    registered elsewhere that declares Typer options or arguments), which Typer shows as its help."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    encoding = options.get("encoding", "utf-8")
    tree = ast.parse(source.decode(encoding) if isinstance(source, bytes) else source)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and _is_command(node):
            docstring = ast.get_docstring(node, clean=True)
            if docstring:
                yield node.body[0].lineno, "N_", docstring, []
