#!/usr/bin/env bash
# Runs the orchestrator example, building it first when the sources changed since the last build.
#   ./run-example.sh demo            scripted conversation on an embedded PostgreSQL
#   ./run-example.sh chat --session me
#   ./run-example.sh serve --port 8080
#   ./run-example.sh --help
# Needs Java 17+ and Maven 3.8+. Set DATABASE_URL to use your own PostgreSQL instead of the embedded one.
set -euo pipefail
# Relative paths in the arguments (--data-dir, --checkpoint) mean the directory the user is in.
export MEMORY_EXAMPLE_USER_DIR="$PWD"
cd "$(dirname "$0")"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-example.sh: '$tool' is not on the PATH; the example needs Java 17+ and Maven 3.8+." >&2
    exit 1
  fi
done

jar=orchestrator-example/target/orchestrator-example.jar
if [[ ! -f "$jar" || ! -d orchestrator-example/target/lib ]] \
   || [[ -n "$(find pom.xml memory-sdk/pom.xml memory-sdk/src orchestrator-example/pom.xml orchestrator-example/src sql \
                 -newer "$jar" -type f -print -quit)" ]]; then
  echo "Building the example (first run, or sources changed; the very first build downloads dependencies)..." >&2
  log=$(mktemp)
  if ! mvn -q -B -DskipTests package -pl orchestrator-example -am >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi

exec java -jar "$jar" "$@"
