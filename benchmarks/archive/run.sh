#!/usr/bin/env bash
# Builds image-archive and runs the archive benchmark under a 64 MiB heap.
# Usage: benchmarks/archive/run.sh [GiB (default 2)] [work dir (default /var/tmp/c4j-archive-bench)]
# Needs free disk of about 4x the size. Prints a Markdown report; docs/performance.md records one run.
# BENCH_OPTS passes system properties: -Drepeats=N (runs of the copy, write and read rows; default 3),
# -Dsection=gzip (only 1- vs 2-thread gzip of one layer, to see whether a free core helps).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -q -B -o -pl image-archive -am install -DskipTests
# private copies of the jars: other builds re-install image-archive into ~/.m2 while this runs for minutes
rm -rf "$here/target/lib"
mvn -q -B -o -f benchmarks/archive/pom.xml package dependency:copy-dependencies -DoutputDirectory=target/lib
cp="$here/target/classes:$here/target/lib/*"
exec java -Xmx64m -XX:+UseSerialGC ${BENCH_OPTS:-} -cp "$cp" dev.containerd4j.bench.archive.ArchiveBenchmark "${1:-2}" "${2:-/var/tmp/c4j-archive-bench}"
