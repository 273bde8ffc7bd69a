"""Throttles whose counts every process shares: a small table, counted by one statement."""
