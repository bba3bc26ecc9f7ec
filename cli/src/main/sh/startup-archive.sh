# Sourced by the kyso launcher (bash): start-up help from the JVM for `java -jar kyso.jar`.
#
# kyso_startup_archive JAR [ARG...] adds to KYSO_JAVA_OPTS the options that make the JVM map a ready-made archive of the
# classes the everyday commands load, instead of reading, verifying and linking thousands of classes on each start:
#   - JDK 25 and later: the ahead-of-time cache (-XX:AOTCache), made by a training run with -XX:AOTCacheOutput;
#   - JDK 17 to 24: a static class-data-sharing archive (-XX:SharedArchiveFile), made from the class list of a
#     training run (-XX:DumpLoadedClassList, then -Xshare:dump). A static archive, not a dynamic one: JDK 17's
#     dynamic archive leaves out picocli, whose class files are Java 5.
# The training run is org.kyso.cli.StartupTraining (the everyday commands on throw-away files); it runs once per
# jar and JVM, in the background (niced, one at a time) after the first start with them, which itself runs without
# an archive, so no command ever waits for it (KYSO_STARTUP_TRAIN=foreground: the first start waits and uses it). The archive's name holds the JVM's
# version, the jar's size and time and a checksum of both paths, so a rebuilt jar or another JVM gets its own;
# older archives of the same JVM are removed. A missing, foreign, damaged or stale archive is never an error: the
# JVM checks the archive's checksums before mapping it (-XX:+VerifySharedSpaces, about 10 ms: JDK 17 crashes on an
# archive whose header was damaged without it), is told to stay silent about one it refuses (-Xlog:cds*=off,
# aot*=off; -Xshare:auto) and starts without it; an archive whose header is not an archive's is made again.
#
# Settings: KYSO_STARTUP_ARCHIVE=off disables all of this; KYSO_STARTUP_DIR is where archives are kept (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/kyso/startup). KYSO_STARTUP_JAVA names the java to inspect (default: the java on
# PATH, which the launcher runs); KYSO_STARTUP_TRAINING the training's main class (for tests).

kyso_startup_archive() {
  local jar="$1" java release version feature dir stamp sum base archive use magic
  [ "${KYSO_STARTUP_ARCHIVE:-on}" != "off" ] || return 0
  # "kyso --version" alone loads a few dozen classes: the JDK's own archive serves it better than a large one
  if [ "$#" -eq 2 ] && { [ "$2" = "--version" ] || [ "$2" = "-V" ]; }; then return 0; fi
  java="${KYSO_STARTUP_JAVA:-$(command -v java 2>/dev/null)}" || return 0
  [ -n "$java" ] && java="$(readlink -f "$java" 2>/dev/null)" && [ -x "$java" ] || return 0
  release="${java%/bin/java}/release"
  [ -r "$release" ] || return 0
  version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")"
  feature="${version%%[.+-]*}"
  case "$feature" in ''|*[!0-9]*) return 0 ;; esac
  [ "$feature" -ge 17 ] || return 0
  dir="${KYSO_STARTUP_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/kyso/startup}"
  # the options travel in KYSO_JAVA_OPTS, which the launcher splits on spaces
  case "$dir$jar" in *[[:space:]]*) return 0 ;; esac
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  stamp="$(stat -c '%s-%Y' "$jar" 2>/dev/null)" || return 0
  sum="$(printf '%s|%s' "$java" "$jar" | cksum)"
  sum="${sum%% *}"
  base="kyso-jdk${version//[^0-9A-Za-z.]/_}-$sum"
  if [ "$feature" -ge 25 ]; then
    archive="$dir/$base-$stamp.aot"
    use="-XX:AOTCache=$archive -XX:+VerifySharedSpaces -Xlog:aot*=off -Xlog:cds*=off"
  else
    archive="$dir/$base-$stamp.jsa"
    use="-Xshare:auto -XX:SharedArchiveFile=$archive -XX:+VerifySharedSpaces -Xlog:cds*=off"
  fi
  if [ -s "$archive" ]; then
    magic="$(od -An -tx4 -N4 "$archive" 2>/dev/null || true)"
    if [ "${magic// /}" != "f00baba2" ]; then
      rm -f "$archive"
    fi
  fi
  if [ ! -s "$archive" ] && [ ! -e "$archive.failed" ]; then
    if [ "${KYSO_STARTUP_TRAIN:-background}" = "foreground" ]; then
      _kyso_startup_train "$java" "$jar" "$archive" "$feature" "$dir" "$base" || return 0
    else
      # the command asked for runs now, without an archive; one training at a time makes it for the next runs
      # (a lock older than 15 minutes is a training that was killed)
      find "$dir" -maxdepth 1 -name "${archive##*/}.lock" -mmin +15 -exec rmdir {} + 2>/dev/null || true
      if mkdir "$archive.lock" 2>/dev/null; then
        # in a session of its own (setsid, where there is one): whatever stops this command's process group (a
        # Ctrl-C, a timing tool, a CI step ending) does not kill the training half-way and leave its lock behind
        local detach=()
        command -v setsid >/dev/null 2>&1 && detach=(setsid)
        ${detach[@]+"${detach[@]}"} nice -n 10 bash -c "$(declare -f _kyso_startup_train)
          trap 'rmdir \"\$3.lock\" 2>/dev/null' EXIT
          _kyso_startup_train \"\$@\"" _ \
          "$java" "$jar" "$archive" "$feature" "$dir" "$base" </dev/null >/dev/null 2>&1 &
        disown 2>/dev/null || true
      fi
      return 0
    fi
  fi
  [ -s "$archive" ] || return 0
  KYSO_JAVA_OPTS="$use ${KYSO_JAVA_OPTS:-}"
}

# Makes ARCHIVE from a training run; on failure leaves ARCHIVE.failed, so that kyso does not retry on every start.
_kyso_startup_train() {
  local java="$1" jar="$2" archive="$3" feature="$4" dir="$5" base="$6" tmp main ok=1
  main="${KYSO_STARTUP_TRAINING:-org.kyso.cli.StartupTraining}"
  tmp="$archive.$$.tmp"
  if [ "$feature" -ge 25 ]; then
    "$java" -XX:AOTCacheOutput="$tmp" -Xlog:aot*=off -Xlog:cds*=off -cp "$jar" "$main" >/dev/null 2>&1 || ok=0
  else
    "$java" -Xshare:auto -XX:DumpLoadedClassList="$tmp.classes" -cp "$jar" "$main" >/dev/null 2>&1 \
      && "$java" -Xshare:dump -XX:SharedClassListFile="$tmp.classes" -XX:SharedArchiveFile="$tmp" \
        -Xlog:cds*=off -cp "$jar" >/dev/null 2>&1 || ok=0
    rm -f "$tmp.classes"
  fi
  rm -f "$tmp.config"
  if [ "$ok" = 1 ] && [ -s "$tmp" ] && mv -f "$tmp" "$archive"; then
    # archives of this JVM for other builds of the jar are of no further use
    find "$dir" -maxdepth 1 -name "$base-*" ! -name "${archive##*/}" -delete 2>/dev/null || true
    return 0
  fi
  rm -f "$tmp"
  : >"$archive.failed" 2>/dev/null || true
  return 1
}
