"""rank and filter, and every command that picks programs: one selection, two default orders.

A selection applies criteria (:mod:`mlprog.criteria`), an optional profile and
weights (:mod:`mlprog.weights`), a sort and a limit. ``rank`` orders by rank, or
by the personal score when weighted; ``filter`` puts the programs checked on
every criterion first. Programs that fail no criterion but could not be checked
on one (the source does not give what it looks at) are left out and counted,
or listed and marked with ``include_unknown``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypedDict, Unpack, overload

from ..criteria import Criteria, Evaluation, missing_words, screen, unknown_words
from ..dataset.schema import SUMMARY_FIELDS
from ..errors import UsageError
from ..model import Dataset, Meta, Profile, Program
from ..query import sort_programs
from . import Listing, no_match_note

if TYPE_CHECKING:
    from ..dataset.cache_table import CachedPrograms, Query
    from ..weights import PersonalScore, Weights
    from .in_database import Path


class Choosing(TypedDict, total=False):
    """How a selection chooses and orders, besides its criteria: the keywords of :func:`choose`,
    :func:`~mlprog.answers.rank.rank_programs` and :func:`~mlprog.answers.filtering.select_programs`.

    Every key may be left out; the default follows each.
    """

    #: A profile's id: its weights, and its filters for what the criteria leave unset (None).
    profile: str | None
    #: Personal weights, (field, weight) pairs, over the profile's field by field (none).
    weights: Weights
    #: Also list the programs a criterion could not be checked on, marked (False: counted).
    include_unknown: bool
    #: Sort by this field, best first (None: rank, or the personal score when weighted).
    sort: str | None
    #: Reverse the order (False).
    reverse: bool
    #: At most this many programs (None: all).
    limit: int | None
    #: Only these programs are considered, such as a shortlist (None: all).
    pool: Sequence[Program] | None
    #: Give each weighted field's part of the personal score; needs weights (False).
    explain: bool
    #: Keep only the value frontier: no other selected program beats one on tuition and score (False).
    frontier: bool


class Selection(Listing):
    """Programs chosen by criteria, in order, with what matched and any personal scores."""

    __slots__ = (
        "considered",
        "criteria",
        "explain",
        "include_unknown",
        "left_out",
        "matches",
        "meta",
        "path",
        "profile",
        "scores",
        "texts",
        "unranked",
        "weights",
    )

    def __init__(
        self,
        matches: Sequence[Evaluation],
        criteria: Criteria,
        meta: Meta,
        *,
        left_out: tuple[Evaluation, ...] = (),
        include_unknown: bool = False,
        profile: Profile | None = None,
        weights: Weights = (),
        scores: tuple[PersonalScore, ...] = (),
        explain: bool = False,
        considered: int | None = None,
        path: Path | None = None,
        texts: Callable[[], Iterator[str]] | None = None,
        unranked: int | None = None,
    ) -> None:
        self.matches = matches
        #: Where the selection ran (said with --explain); None: in Python, the only way there was.
        self.path = path
        #: The programs' JSON objects, made without building them (a selection in the data cache).
        self.texts = texts
        #: How many of the programs chosen the page does not rank, when counted without them.
        self.unranked = unranked
        self.considered = considered
        self.criteria = criteria
        self.meta = meta
        self.left_out = left_out
        self.include_unknown = include_unknown
        self.profile = profile
        self.weights = weights
        self.scores = scores
        self.explain = explain

    @property
    def programs(self) -> tuple[Program, ...]:
        """The programs, in the order chosen."""
        return tuple(e.program for e in self.matches)

    @property
    def unchecked(self) -> tuple[Evaluation, ...]:
        """The programs listed although a criterion could not be checked for them."""
        if not self.include_unknown:  # then every program listed was checked on every criterion
            return ()
        return tuple(e for e in self.matches if e.unknown)

    @property
    def partial(self) -> tuple[PersonalScore, ...]:
        """The personal scores made without a value the source does not give."""
        return tuple(s for s in self.scores if any(c.missing for c in s.contributions))

    @property
    def empty_note(self) -> str:
        """Said when nothing matches: the criteria, in words (and any programs left unchecked)."""
        return no_match_note(self.criteria)

    @property
    def notes(self) -> list[str]:
        """What a person should know about the list: programs not checked, scores on partial data."""
        said = []
        if self.considered is not None:
            said.append(
                f"Value frontier: {len(self.matches)} of the {self.considered} programs selected; no other "
                "of them is cheaper and scores at least as high, or scores higher and costs no more."
            )
        if self.left_out:
            count = len(self.left_out)
            unranked = all(not e.program.ranked for e in self.left_out)
            what = ("institution the page does not rank", "institutions the page does not rank")
            if not unranked:
                what = ("program", "programs")
            missing = unknown_words(self.left_out, self.criteria.bundled_figures)
            said.append(
                f"{count:,} {what[0] + ' was' if count == 1 else what[1] + ' were'} not checked: "
                f"{missing} for {'it' if count == 1 else 'them'}; --include-unknown lists them."
            )
        if self.unchecked:
            ids = [e.program.id for e in self.unchecked]
            which = f" ({', '.join(ids)})" if len(ids) <= 5 else " for these"
            said.append(
                f"? = not checked: {unknown_words(self.unchecked, self.criteria.bundled_figures)}{which}."
            )
        outside = self.unranked
        if outside is None:
            outside = sum(not e.program.ranked for e in self.matches)
        if outside:
            said.append(
                f"{outside:,} of the programs selected "
                f"{'is an institution' if outside == 1 else 'are institutions'} "
                "the page does not rank, from your College Scorecard import."
            )
        if self.partial:
            scored = ", ".join(s.program.id for s in self.partial)
            lacking = dict.fromkeys(c.field for s in self.partial for c in s.contributions if c.missing)
            words = missing_words(lacking, self.criteria.bundled_figures)
            said.append(f"* scored on partial data ({scored}): {words}, counted as the worst.")
        if self.explain and self.path is not None:
            said.append(self.path.note)
        return said

    def json_texts(self, fields: Sequence[str] | None) -> Iterator[str] | None:
        """The JSON objects of :meth:`records` as text (each text one or more, comma-separated),
        when they can be had without building each program (a selection in the data cache,
        every field); None otherwise. See :func:`mlprog.formats.write_json_texts`."""
        if self.texts is None or fields is not None:
            return None
        return self.texts()

    def rows(self) -> list[dict[str, Any]]:
        """Each program's object, with ``matched`` (null where unknown) when there are detail
        criteria, ``unchecked`` when unknown programs are included, and ``personal_score``
        and ``personal`` when weighted."""
        return list(self.iter_rows())

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        """The objects of :meth:`rows`, made one at a time."""
        by_id = {s.program.id: s for s in self.scores}
        for evaluation in self.matches:
            record = evaluation.program.as_dict()
            if self.criteria.details:
                record["matched"] = evaluation.matched
            if self.include_unknown:
                record["unchecked"] = [name for name, _ in evaluation.unknown]
            score = by_id.get(evaluation.program.id)
            if score is not None:
                personal = score.as_dict()
                record["personal_score"] = personal["score"]
                record["personal"] = personal
            yield record

    def columns(self) -> tuple[str, ...]:
        """The summary, what matched when there are detail criteria, the personal score when weighted."""
        extra: tuple[str, ...] = ("matched",) if self.criteria.details else ()
        if self.include_unknown:
            extra += ("unchecked",)
        return (*SUMMARY_FIELDS, *extra, *(("personal_score",) if self.scores else ()))


def choose(
    dataset: Dataset,
    criteria: Criteria | None = None,
    *,
    by_match: bool = False,
    **choice: Unpack[Choosing],
) -> Selection:
    """Choose programs: criteria (with a profile's filters), then order, then limit.

    The order is ``sort`` (a field, best first) if given; else the personal
    score when there are weights; else, with ``by_match``, the programs checked
    on every criterion before the unchecked ones, each in ranking order; else
    ranking order. The other keywords are :class:`Choosing`'s.
    """
    unknown = sorted(choice.keys() - Choosing.__optional_keys__)
    if unknown:  # a typed caller is told by the type checker; any other, here
        raise TypeError(
            f"unexpected keyword argument {unknown[0]!r}; the keywords: {', '.join(Choosing.__annotations__)}"
        )
    criteria = criteria if criteria is not None else Criteria()
    profile, weights = choice.get("profile"), choice.get("weights", ())
    include_unknown, explain = choice.get("include_unknown", False), choice.get("explain", False)
    sort, reverse = choice.get("sort"), choice.get("reverse", False)
    pool, limit = choice.get("pool"), choice.get("limit")
    chosen: Profile | None = None
    combined: Weights = ()
    if profile is not None or weights:
        from ..weights import combine_weights, find_profile, with_profile

        chosen = find_profile(dataset, profile) if profile is not None else None
        combined = combine_weights(chosen.weights if chosen else (), weights)
        criteria = with_profile(criteria, chosen)
    if explain and not combined:
        raise UsageError("--explain shows a personal score's make-up: add --weight or --profile")
    programs = dataset.programs if pool is None else pool
    frontier = choice.get("frontier", False)
    path = None
    # Programs left in the data cache are no tuple (nor a list, as a pool is): the tuple, the
    # common case, is told without importing the database's modules.
    if explain or not isinstance(programs, tuple | list):
        from ..dataset.cache_table import CachedPrograms
        from .in_database import selection_path

        path = selection_path(dataset.programs, pool, criteria, combined, sort=sort, frontier=frontier)
        table = programs
        if isinstance(table, CachedPrograms):
            from ..dataset.cache import Unusable
            from .in_database import narrowed

            try:
                if path.way == "database":
                    return _in_database(
                        table,
                        dataset,
                        criteria,
                        path,
                        by_match=by_match,
                        explain=explain,
                        include_unknown=include_unknown,
                        sort=sort,
                        reverse=reverse,
                        limit=limit,
                    )
                full = bool(criteria.details) or not table.summaries
                programs = narrowed(table, criteria, full=full)
            except Unusable:  # damaged since it was opened: every program, from the files if need be
                programs = table.loaded()
    matching, undecided = screen(programs, criteria)
    kept = {e.program.id: e for e in matching + (undecided if include_unknown else [])}
    candidates = [e.program for e in kept.values()]
    considered = None
    if frontier:
        from ..frontier import value_frontier

        considered = len(candidates)
        candidates = value_frontier(candidates)
    scores: list[PersonalScore] = []
    if combined:
        from ..weights import personal_scores

        scores = personal_scores(candidates, combined)
    if sort is not None or not scores:
        ordered = sort_programs(candidates, sort or "rank", reverse)
        if by_match and sort is None:
            ordered.sort(key=lambda p: bool(kept[p.id].unknown))  # stable: checked first
    else:
        ordered = [s.program for s in (reversed(scores) if reverse else scores)]
    shown = ordered[:limit]
    by_id = {s.program.id: s for s in scores}
    return Selection(
        tuple(kept[p.id] for p in shown),
        criteria,
        dataset.meta,
        left_out=() if include_unknown else tuple(undecided),
        include_unknown=include_unknown,
        profile=chosen,
        weights=combined,
        scores=tuple(by_id[p.id] for p in shown) if scores else (),
        explain=explain,
        considered=considered,
        path=path,
    )


def _in_database(
    programs: CachedPrograms,
    dataset: Dataset,
    criteria: Criteria,
    path: Path,
    *,
    by_match: bool,
    explain: bool,
    include_unknown: bool,
    sort: str | None,
    reverse: bool,
    limit: int | None,
) -> Selection:
    """The selection made in SQLite (see :mod:`mlprog.answers.in_database`): nothing weighted,
    no frontier, no details, so that only the programs shown need building."""
    from .in_database import chosen, json_query

    if not include_unknown and programs.attach is None:
        # Every program shown is checked on every criterion and is its card alone: its JSON is
        # in the cache as written, and nothing need be built unless something reads them.
        query = json_query(criteria, sort=sort, reverse=reverse, limit=limit)
        left_out = chosen(
            programs, criteria, by_match=by_match, include_unknown=False, sort=sort, reverse=reverse, limit=0
        ).left_out
        return Selection(
            _Built(programs, query),
            criteria,
            dataset.meta,
            left_out=tuple(left_out),
            explain=explain,
            path=path,
            texts=lambda: programs.json_texts(query),
            unranked=programs.unranked(query),
        )
    made = chosen(
        programs,
        criteria,
        by_match=by_match,
        include_unknown=include_unknown,
        sort=sort,
        reverse=reverse,
        limit=limit,
    )
    return Selection(
        tuple(made.matches),
        criteria,
        dataset.meta,
        left_out=tuple(made.left_out),
        include_unknown=include_unknown,
        explain=explain,
        path=path,
    )


def _passed(program: Program) -> Evaluation:
    return Evaluation(program, (), {})


class _Built(Sequence[Evaluation]):
    """The evaluations of the programs a query finds, built on first use (a JSON writer that
    takes the programs' texts never builds them)."""

    def __init__(self, programs: CachedPrograms, query: Query) -> None:
        self._programs, self._query = programs, query
        self._made: tuple[Evaluation, ...] | None = None

    def _all(self) -> tuple[Evaluation, ...]:
        if self._made is None:
            # Every program found meets every criterion, each checked, and none looks at details:
            # evaluate() would find nothing to say, 100,000 times over.
            from ..dataset.cache import Unusable

            try:
                self._made = tuple(map(_passed, self._programs.rows(self._query)))
            except Unusable as exc:  # damaged since the selection was made
                raise self._programs.damaged(exc) from None
        return self._made

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> Evaluation: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Evaluation]: ...

    def __getitem__(self, index: int | slice) -> Evaluation | Sequence[Evaluation]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Evaluation]:
        return iter(self._all())
