#!/bin/sh
# Builds the native logger into the module's classes so it ships in the jar:
#   build.sh <source dir> <output dir> <arch>
# Static so the one binary runs on any Linux of that architecture (the shim execs it outside our control).
set -eu
src="$1"; out="$2/dev/containerd4j/containerd/internal/logging/$3"
mkdir -p "$out"
${CC:-gcc} -O2 -Wall -Wextra -Werror -static -s -o "$out/c4j-logger.tmp" "$src/c4j-logger.c"
mv -f "$out/c4j-logger.tmp" "$out/c4j-logger"
