"""Benchmarks for scholargraph: a synthetic corpus generator and the scale benchmarks.

``python -m benchmarks.corpus OUT --researchers N`` writes a corpus with its ground truth;
``python -m benchmarks.run`` runs the benchmarks and prints a table (see ``benchmarks/README.md``).
"""
