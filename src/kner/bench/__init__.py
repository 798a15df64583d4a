"""Measurements that the benchmark scripts and the tests share."""
