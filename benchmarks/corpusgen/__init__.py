"""Pieces of the synthetic corpus generator (see :mod:`benchmarks.corpus` for the entry point).

``words`` holds the word lists, ``names`` people and their spellings, ``texts`` titles,
abstracts and biographies, ``world`` who wrote what, ``profile``/``aggregator`` the two page
formats, and ``truth`` the ground-truth records.
"""
