"""Benchmarks against floors and peers: ``nox -s bench`` (see docs/performance.md)."""
