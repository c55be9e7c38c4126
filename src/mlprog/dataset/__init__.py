"""The data set: every field declared and validated, built from a file, the overlay, loading, the cache."""
