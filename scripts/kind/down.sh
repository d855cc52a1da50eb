#!/usr/bin/env bash
# Deletes the kind cluster `judix` and everything in it (the release, its volumes, loaded images).
set -euo pipefail
kind delete cluster --name judix
