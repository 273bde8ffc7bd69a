"""Benchmarks: each runs the real code beside a floor in the same run and prints the ratio."""
