#!/usr/bin/env bash
# Placeholder: the benchmarks are being written; this file will be replaced.
echo "bench not implemented yet" >&2
exit 1
