"""Options and arguments declared without importing Typer, made into Typer's when Typer runs.

A command line that :mod:`mlprog.direct` can read on its own runs its
command without Typer (whose import is about two thirds of a run's start-up),
so the command's module must import without it. Its options are declared with
:func:`Option` and :func:`Argument`, which take what ``typer.Option`` and
``typer.Argument`` take and only record it; :func:`for_typer` makes the real
declarations when Typer builds the command (help, completion, a usage error,
anything :mod:`mlprog.direct` leaves to Typer).

A value an option's own parser or a command refuses is
:class:`~mlprog.errors.BadOptionValue`, which says the same, in the same
words, as Typer's ``BadParameter`` did.
"""

from typing import TYPE_CHECKING, Annotated, Any

from ..errors import BadOptionValue

if TYPE_CHECKING:
    import inspect
    from collections.abc import Callable


class Declared:
    """What ``typer.Option`` or ``typer.Argument`` would make, kept to be made when Typer runs.

    ``default`` and ``param_decls`` are named as on Typer's records: in
    ``Annotated``, an option's first name is its ``default``
    (see :func:`mlprog.commands.selecting._without`).
    """

    __slots__ = ("_made", "argument", "default", "param_decls", "settings")

    def __init__(self, argument: bool, default: Any, param_decls: tuple[str, ...], settings: dict[str, Any]):
        self.argument = argument
        self.default = default
        self.param_decls = param_decls
        self.settings = settings
        self._made: Any = None

    def __copy__(self) -> "Declared":
        return Declared(self.argument, self.default, self.param_decls, dict(self.settings))

    def made(self) -> Any:
        """Typer's own declaration of this option or argument, made once."""
        if self._made is None:
            import typer

            settings = dict(self.settings)
            if "parser" in settings:
                settings["parser"] = _refusing_as_typer(settings["parser"])
            if self.argument:
                self._made = typer.Argument(**settings)
            else:
                self._made = typer.Option(self.default, *self.param_decls, **settings)
        return self._made


def Option(*param_decls: str, **settings: Any) -> Any:  # noqa: N802 - named as Typer's, which it stands for
    """An option, declared as ``typer.Option`` is inside ``Annotated``: its names, then settings."""
    first = param_decls[0] if param_decls else ...
    return Declared(False, first, param_decls[1:], settings)


def Argument(**settings: Any) -> Any:  # noqa: N802
    """An argument, declared as ``typer.Argument`` is inside ``Annotated``."""
    return Declared(True, ..., (), settings)


def for_typer(annotation: Any) -> Any:
    """The annotation with Typer's declarations in place of :class:`Declared` records."""
    metadata = getattr(annotation, "__metadata__", None)
    if not metadata or not any(isinstance(meta, Declared) for meta in metadata):
        return annotation
    made = tuple(meta.made() if isinstance(meta, Declared) else meta for meta in metadata)
    return Annotated[(annotation.__origin__, *made)]


def typer_signature(signature: "inspect.Signature") -> "inspect.Signature":
    """A command's signature as Typer reads it: every option declared Typer's way."""
    parameters = [p.replace(annotation=for_typer(p.annotation)) for p in signature.parameters.values()]
    return signature.replace(parameters=parameters)


def ready_for_typer(command: "Callable[..., Any]") -> "Callable[..., Any]":
    """The command, with a signature Typer reads if its own declares an option with
    :func:`Option` (a decorated command's is made so already)."""
    if hasattr(command, "__code__"):
        import inspect

        signature = inspect.signature(command)
        if any(declared_in(p.annotation) for p in signature.parameters.values()):
            command.__signature__ = typer_signature(signature)  # type: ignore[attr-defined]
    return command


def declared_in(annotation: Any) -> "Declared | None":
    """The :class:`Declared` record in an ``Annotated`` type, if it has one."""
    return next((m for m in getattr(annotation, "__metadata__", ()) if isinstance(m, Declared)), None)


def _refusing_as_typer(parser: "Callable[[str], Any]") -> "Callable[[str], Any]":
    """An option's parser whose refusal Click reports as its own (``--max-tuition: ...``)."""

    def parse(value: str) -> Any:
        try:
            return parser(value)
        except BadOptionValue as exc:
            import typer

            raise typer.BadParameter(exc.message, param_hint=exc.param_hint) from None

    parse.__name__ = getattr(parser, "__name__", "parse")
    parse.__wrapped__ = parser  # type: ignore[attr-defined]  # read by scripts/direct_table.py
    return parse
