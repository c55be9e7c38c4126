"""The mlprog command line: the Typer app, where every command is registered, and the entry point.

Commands live in :mod:`mlprog.commands`, one module per subject; each parses
its options, asks the core one question (:mod:`mlprog.answers`), and hands the
answer to :func:`mlprog.output.emit`. Shared options are in :mod:`mlprog.commands.options`.

Start-up time matters here (see benchmarks/startup.py):

- Rich is imported only by the code paths that draw tables and cards.
- No command module uses ``from __future__ import annotations``: Typer would
  then ``eval`` every annotation of every command on each run.
- :func:`main` builds only the command being run (see :func:`_app_for`).
"""

import copy
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer._click import _textwrap
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperCommand, TyperGroup

from .commands.declare import ready_for_typer
from .errors import MlprogError
from .text.said import DEBUG_ENV, error, internal_error, report
from .version import __version__


class _Group(TyperGroup):
    """Speaks every error in one voice: ``Error: ...`` on stderr, a hint, and the exit code.

    mlprog's own errors come out of :meth:`invoke`; the usage errors that Click
    raises itself (a bad value, an unknown option or command, a missing
    argument) out of :meth:`main`, which would otherwise print them in Click's
    words, after a usage line.
    """

    # ctx is click's Context, which Typer vendors privately; Any avoids importing it.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MlprogError as exc:  # caught by the innermost group: `mlprog apply set`, not `mlprog apply`
            report(exc, " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand))))
            raise typer.Exit(exc.exit_code) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args=windows_expand_args, **extra
            )
        except NoArgsIsHelpError as exc:
            if not standalone_mode:
                raise
            if exc.ctx is not None and exc.ctx.parent is None:  # a bare `mlprog`: its help, asked for
                sys.stdout.write(exc.message + "\n")
                sys.exit(0)
            exc.show()  # `mlprog shortlist` alone: its help, as Click shows it, on stderr
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            sys.stderr.write("Aborted.\n")
            sys.exit(1)
        except typer.TyperException as exc:  # Click's usage errors
            if not standalone_mode:
                raise
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else _command_named(args)
            error(_usage_message(exc, command), f"Try '{command} --help'.")
            sys.exit(exc.exit_code)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The top-level help on one screen, from the table of commands; a group's with examples."""
        from .commands import helptext

        if ctx.parent is not None:
            helptext.write_command_help(self, ctx, formatter)
            return
        from typer._click.formatting import join_options

        # -h, --help first (Click lists it last), then the others as declared.
        params = sorted(self.get_params(ctx), key=lambda param: param.name != "help")
        options = [join_options(param.opts)[0] for param in params if not getattr(param, "hidden", False)]
        panels = [(title, [(name, _SUMMARIES[name]) for name in names]) for title, names in _PANELS]
        helptext.write_top_help(_DESCRIPTION, panels, options, formatter)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Shell completion that never troubles the shell: a request it cannot make sense of
        (a word number that is not one of the words) completes nothing, and so does one that
        fails, quietly, with success, rather than printing a traceback at the prompt."""
        variable = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        instruction = os.environ.get(variable, "")
        if not instruction:  # not a completion request: the command runs (nothing imported for it)
            return
        if instruction not in _COMPLETION_REQUESTS:  # a person's typo, not a shell's
            from .errors import shown

            error(
                f"{variable}={shown(instruction)} is not a completion request: "
                f"source_bash, source_zsh or source_fish print a shell's script",
                "Try 'mlprog --install-completion' to set completion up.",
            )
            sys.exit(2)
        if not _completion_request_usable(instruction):
            sys.exit(0)
        from .commands.completion import complete_whole_words_in_bash

        complete_whole_words_in_bash()
        try:
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except Exception:  # a completion is a convenience: whatever goes wrong, offer nothing
            if os.environ.get(DEBUG_ENV):
                raise
            sys.exit(0)


#: What a shell's completion script (or a person setting it up) puts in _MLPROG_COMPLETE.
_COMPLETION_REQUESTS = frozenset(
    f"{request}_{shell}"
    for request in ("source", "complete")
    for shell in ("bash", "zsh", "fish", "powershell", "pwsh")
)


class _Command(TyperCommand):
    """A command whose help ends with the examples of its docstring, in plain words (see
    :mod:`mlprog.commands.helptext`, imported only when help is shown)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from .commands import helptext

        helptext.write_command_help(self, ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        from .commands.helptext import usage_pieces

        return usage_pieces(super().collect_usage_pieces(ctx))


def _completion_request_usable(instruction: str) -> bool:
    """Whether a bash completion request names a word that is there (zsh and fish send the words
    alone, which are always usable). Typer would take ``COMP_CWORD=-5`` as counting from the end,
    ``99`` as a new word, and fail on ``abc``."""
    if instruction != "complete_bash":
        return True
    from typer._click.shell_completion import split_arg_string

    words, number = os.environ.get("COMP_WORDS"), os.environ.get("COMP_CWORD", "")
    if words is None or not (number.isascii() and number.isdigit()):
        return False
    return 1 <= int(number) <= len(split_arg_string(words))


def _usage_message(exc: typer.TyperException, command: str) -> str:
    """Click's message for a usage error, in mlprog's words (with "did you mean")."""
    from .commands.usage_errors import in_our_words

    return in_our_words(exc, command)  # type: ignore[arg-type]  # Click's UsageError, which Typer vendors


def _command_named(args: Sequence[str] | None) -> str:
    """The command a command line names (``mlprog apply set``), for an error Click raised without
    saying where (an option with no value): its help is the one to try."""
    words = [arg for arg in (sys.argv[1:] if args is None else args) if not arg.startswith("-")]
    path = ["mlprog"]
    if words and words[0] in _NAMES:
        path.append(words[0])
        subcommands = {name for group, name, _, _ in _COMMANDS if group == words[0]}
        if len(words) > 1 and words[1] in subcommands:
            path.append(words[1])
    return " ".join(path)


class _WholeWords(_textwrap.TextWrapper):
    """Click's help wrapper, but never breaking after a hyphen: ``--include-`` / ``unknown``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("break_on_hyphens", False)
        super().__init__(*args, **kwargs)


_textwrap.TextWrapper = _WholeWords  # type: ignore[misc]  # read by Click's wrap_text when help is drawn


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mlprog {__version__}\n")
        raise typer.Exit()


_SUBAPP_SETTINGS: dict[str, Any] = {
    "cls": _Group,
    "no_args_is_help": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    # Help and errors as plain text: formatting them with Rich doubles their start-up time.
    "rich_markup_mode": None,
}

_DESCRIPTION = "Explore master's programs in machine learning: rank, filter, compare, show."

_root_app = typer.Typer(
    name="mlprog",
    help=_DESCRIPTION,
    add_completion=True,
    pretty_exceptions_enable=False,
    **_SUBAPP_SETTINGS,
)


@_root_app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Explore master's programs in machine learning."""


# --- every command, registered here and only here -----------------------------------

#: Every command, in the order help lists them: (group or None, name, module in
#: mlprog.commands, function). A run imports the module of its own command only.
_COMMANDS: tuple[tuple[str | None, str, str, str], ...] = (
    (None, "rank", "explore", "rank"),
    (None, "filter", "explore", "filter_command"),
    (None, "compare", "explore", "compare"),
    (None, "show", "show", "show"),
    (None, "chart", "explore", "chart"),
    (None, "browse", "browse", "browse"),
    (None, "profiles", "plan", "profiles"),
    (None, "cost", "plan", "cost"),
    (None, "payoff", "plan", "payoff"),
    (None, "fields", "data", "fields"),
    (None, "schema", "data", "schema"),
    (None, "validate", "data", "validate"),
    (None, "sources", "data", "sources"),
    (None, "careers", "page", "careers"),
    (None, "states", "page", "states"),
    (None, "guide", "page", "guide"),
    (None, "note", "user", "note"),
    (None, "paths", "user", "paths"),
    ("shortlist", "add", "user", "shortlist_add"),
    ("shortlist", "remove", "user", "shortlist_remove"),
    ("shortlist", "list", "user", "shortlist_list"),
    ("shortlist", "clear", "user", "shortlist_clear"),
    ("apply", "set", "apply", "apply_set"),
    ("apply", "remove", "apply", "apply_remove"),
    ("apply", "show", "apply", "apply_show"),
    ("apply", "list", "apply", "apply_list"),
    ("apply", "export", "apply", "apply_export"),
    ("import", "scorecard", "data", "import_scorecard"),
    ("config", "show", "user", "config_show"),
)
_GROUPS = {
    "shortlist": (
        "Keep a shortlist of programs: add, remove, list, clear.\n\n"
        "Examples:\n  mlprog shortlist add cmu uw\n  mlprog shortlist list\n  mlprog compare --shortlist"
    ),
    "apply": (
        "Your applications: deadlines, status, fees, letters, tests; a calendar of the deadlines.\n\n"
        "Examples:\n  mlprog apply set cmu --deadline 2026-12-10 --fee 75\n  mlprog apply list\n"
        "  mlprog apply export --output deadlines.ics"
    ),
    "import": (
        "Bring in data from elsewhere, kept beside the page's with its own source.\n\n"
        "Examples:\n  mlprog import scorecard ~/Downloads/fos.csv\n  mlprog rank --sort earnings_1yr"
    ),
    "config": (
        "Your settings: see what is in force and where it comes from.\n\n"
        "Examples:\n  mlprog config show\n  mlprog paths"
    ),
}
#: The top-level help's panels, by task, each with its commands and groups in the order listed.
_PANELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Explore", ("rank", "filter", "compare", "show", "chart", "browse")),
    ("Decide", ("profiles", "cost", "payoff", "careers", "states", "guide")),
    ("Your lists", ("shortlist", "note", "apply", "paths")),
    ("Data and settings", ("sources", "fields", "schema", "validate", "import", "config")),
)
#: Each command's or group's summary in the top-level help: whole on one line at 80 columns,
#: two to a line (at most 26 characters; tests/test_help.py checks).
_SUMMARIES = {
    "rank": "Programs in ranking order",
    "filter": "Find programs by criteria",
    "compare": "Programs side by side",
    "show": "One program's full card",
    "chart": "Tuition against score",
    "browse": "Full screen, by keyboard",
    "profiles": "Ready-made rankings",
    "cost": "What a degree costs you",
    "payoff": "Will it pay off, all in",
    "careers": "Career paths and salaries",
    "states": "Top states, with programs",
    "guide": "How to choose a program",
    "sources": "Where the data comes from",
    "shortlist": "Programs you keep",
    "note": "A note on a program",
    "apply": "Applications and deadlines",
    "paths": "Where your files live",
    "fields": "The fields, for --fields",
    "schema": "JSON Schema of the output",
    "validate": "Check data and your files",
    "import": "College Scorecard figures",
    "config": "Your settings",
}
_PANEL_OF = {name: title for title, names in _PANELS for name in names}
#: What a command line may name first: a command or a group.
_NAMES = frozenset(group or name for group, name, _, _ in _COMMANDS)


def _built(only: str | None = None, completion: bool = True) -> typer.Typer:
    """The app with every command, or with only the command or group named ``only``.

    Typer builds a click command, with every option, for each registered
    command on every run, and each command's module must be imported for it;
    building only the one being run saves most of that.
    """
    from importlib import import_module

    built = copy.copy(_root_app)
    built.registered_commands, built.registered_groups = [], []
    built._add_completion = completion  # --install-completion, --show-completion
    groups: dict[str, typer.Typer] = {}
    for group, name, module, function in _COMMANDS:
        if only is not None and (group or name) != only:
            continue
        command = ready_for_typer(getattr(import_module(f"mlprog.commands.{module}"), function))
        if group is None:
            built.command(name, cls=_Command, short_help=_SUMMARIES[name], rich_help_panel=_PANEL_OF[name])(
                command
            )
            continue
        if group not in groups:
            groups[group] = typer.Typer(help=_GROUPS[group], **_SUBAPP_SETTINGS)
            built.add_typer(
                groups[group], name=group, short_help=_SUMMARIES[group], rich_help_panel=_PANEL_OF[group]
            )
        groups[group].command(name, cls=_Command)(command)
    return built


def __getattr__(name: str) -> typer.Typer:
    """``app``, the whole app (for tests and tools), built on first use: a run builds its own."""
    if name == "app":
        globals()["app"] = whole = _built()
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app_for(argv: list[str]) -> typer.Typer:
    """The app to run for these arguments: with only the named command, if one is.

    An unknown command (which gets "did you mean") and shell completion get
    the whole app; the version and the top-level help (drawn from the table
    of commands above) get no command at all.
    """
    if any(key.startswith("_MLPROG_COMPLETE") for key in os.environ):  # completion: argv is empty
        return _built()
    if argv in ([], ["--version"], ["-V"], ["--help"], ["-h"]):
        return _built(only="")
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None or name not in _NAMES:
        return _built()
    # Named first, a command is followed by no option of mlprog's own: no completion's to build.
    return _built(only=name, completion=argv[0] != name)


def main() -> NoReturn:
    """Run the command line with Typer: :func:`mlprog.direct.main` calls it, with the process
    made ready, for a line it does not run itself; an unforeseen error is one line, not a
    traceback."""
    try:
        # The name is fixed so that `python -m mlprog` speaks and completes as `mlprog`.
        _app_for(sys.argv[1:])(prog_name="mlprog")
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        internal_error(exc)
    sys.exit(0)
