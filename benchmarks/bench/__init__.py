"""The benchmark runner's parts: measured child jobs, the benchmarks, quality scoring, report."""
