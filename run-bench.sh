#!/usr/bin/env bash
# Builds the load tool and runs it. Without options: the quick version (about 13 minutes, embedded
# PostgreSQL). Options go to the tool: ./run-bench.sh --full, ./run-bench.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

# The embedded PostgreSQL runs initdb with this locale; only C locales exist on minimal machines.
export LC_ALL="${LC_ALL:-C.UTF-8}" LANG="${LANG:-C.UTF-8}"

mvn -B -q -pl memory-bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
exec java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} \
    -cp "memory-bench/target/classes:$(cat memory-bench/target/bench.classpath)" \
    dev.memorysdk.bench.BenchCommand "$@"
