"""The commands, one module per subject; :mod:`mlprog.cli` registers them on the app.

- :mod:`.explore`: rank, filter, compare, chart.
- :mod:`.show`: show.
- :mod:`.plan`: profiles, cost.
- :mod:`.data`: fields, schema, validate.
- :mod:`.user`: shortlist, note, paths, config.

A command parses its options, asks one question of the core
(:mod:`mlprog.answers`), and hands the answer to :func:`mlprog.output.emit`.
"""
