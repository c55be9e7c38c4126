"""``python -m mlprog``: the same as the ``mlprog`` command."""

from mlprog.cli import main

if __name__ == "__main__":
    main()
