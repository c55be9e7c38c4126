"""mlprog's version, in a module of its own: the cache key reads it without importing the public API."""

__version__ = "0.1.0"
