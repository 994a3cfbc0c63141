# Sourced by ./bert4j, ./test and .ci/run: finds a JDK 25 or newer and sets BERT4J_JAVA_HOME.
# Looks at JAVA_HOME, then `java` on PATH, then the usual install folders.

bert4j_java_version() { # prints the feature version of a java binary, e.g. 25
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

bert4j_find_jdk25() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java /opt/jdk*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java \
           "$HOME"/.jdks/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -x "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    # javac must be there too: the first run builds bert4j
    [ -x "$(dirname "$c")/javac" ] || continue
    v=$(bert4j_java_version "$c")
    case "$v" in ''|1.*) continue ;; esac
    if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      BERT4J_JAVA_HOME=$(cd "$(dirname "$c")/.." && pwd -P)
      return 0
    fi
  done
  return 1
}

bert4j_require_jdk25() {
  if ! bert4j_find_jdk25; then
    cat >&2 <<'MSG'
bert4j needs a JDK 25 or newer (for the Vector API and the final Foreign Function & Memory API),
and found none: not in JAVA_HOME, not as `java` on PATH, not in /usr/lib/jvm, /opt/java, ~/.sdkman.
Install one, for example Eclipse Temurin 25 (https://adoptium.net, or `sdk install java 25-tem`),
then run again, or point JAVA_HOME at it:  JAVA_HOME=/path/to/jdk-25 ./bert4j --help
MSG
    return 1
  fi
}
