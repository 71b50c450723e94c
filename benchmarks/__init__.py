"""Benchmarks: synthetic content trees and the timing table of `make bench`."""
