#!/usr/bin/env bash
# Placeholder: the demo is being written; this file will be replaced.
echo "demo not implemented yet" >&2
exit 1
