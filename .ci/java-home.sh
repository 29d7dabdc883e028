# Finds a JDK 21 or newer, exports JAVA_HOME and puts its bin first on PATH. The one lookup of the
# repository: sourced by ./mvnw, .ci/run, ./run-demo and ./qualigate-oq. Plain POSIX sh (./mvnw is sh and
# runs with `set -euf`), so it works under sh, dash and bash alike.
#
# Order: $JAVA_HOME if it is 21 or newer; then the JDK whose javac is on PATH; then the usual install
# folders (Debian/Ubuntu /usr/lib/jvm, the Temurin container image, SDKMAN, macOS). A JAVA_HOME older
# than 21 is not used: the lookup says so and takes the next JDK found (decision 0022). It prints the JDK
# it chose on stderr, so every build log names it.
qualigate_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}
qualigate_find_jdk() {
  _qg_noglob=false
  case $- in *f*) _qg_noglob=true; set +f ;; esac
  _qg_path_jdk=""
  _qg_javac=$(command -v javac 2>/dev/null || true)
  if [ -n "$_qg_javac" ]; then
    _qg_javac=$(readlink -f "$_qg_javac" 2>/dev/null || printf %s "$_qg_javac")
    _qg_path_jdk=$(dirname "$(dirname "$_qg_javac")")
  fi
  _qg_found=""
  _qg_refused=""
  for _qg_candidate in "${JAVA_HOME:-}" "$_qg_path_jdk" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/temurin-*-jdk-* \
    /usr/lib/jvm/java-2[1-9]-* /usr/lib/jvm/* /opt/java/openjdk "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$_qg_candidate" ] && [ -x "$_qg_candidate/bin/java" ] && [ -x "$_qg_candidate/bin/javac" ] || continue
    _qg_major=$(qualigate_java_major "$_qg_candidate")
    _qg_major=${_qg_major%%.*}
    case "$_qg_major" in '' | *[!0-9]*) continue ;; esac
    if [ "$_qg_major" -ge 21 ]; then
      _qg_found="$_qg_candidate"
      break
    fi
    if [ "$_qg_candidate" = "${JAVA_HOME:-}" ] && [ -z "$_qg_refused" ]; then
      _qg_refused="JAVA_HOME=$JAVA_HOME is a JDK $_qg_major; Qualigate needs 21 or newer"
    fi
  done
  if [ "$_qg_noglob" = true ]; then set -f; fi
  if [ -z "$_qg_found" ]; then
    echo "No JDK 21 or newer found (looked at \$JAVA_HOME, the javac on PATH, /usr/lib/jvm, /opt/java/openjdk," >&2
    echo "~/.sdkman and /Library/Java). Install one, e.g. Temurin 25 or 'apt-get install openjdk-21-jdk-headless'," >&2
    echo "or set JAVA_HOME to it.${_qg_refused:+ ($_qg_refused.)}" >&2
    return 1
  fi
  if [ -n "$_qg_refused" ]; then
    echo "$_qg_refused: using $_qg_found instead." >&2
  fi
  JAVA_HOME="$_qg_found"
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
  echo "Qualigate: JDK $_qg_major at $JAVA_HOME" >&2
  return 0
}
