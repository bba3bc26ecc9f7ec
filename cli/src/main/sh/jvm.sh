# Sourced by the kyso launcher (bash): which Java runs kyso, and the JIT mode for this command line.
#
# kyso_java sets KYSO_JAVA_BIN to the java command, the first of:
#   1. KYSO_JAVA: a java binary, or a Java home (a folder with bin/java);
#   2. JAVA_HOME: $JAVA_HOME/bin/java;
#   3. the java on PATH.
# The first one set is the one used: a KYSO_JAVA or JAVA_HOME that names no runnable java, or a Java older than 17
# (read from the Java home's release file), is one sentence on standard error and status 127, not a silent fall-back
# to another Java. Nothing is run to find out: no JVM is started.
#
# kyso_jit_options ARG... adds -XX:TieredStopAtLevel=1 (the quick C1 compiler only, no C2) to KYSO_JAVA_OPTS when the
# command is a short one on small inputs: `verify`, `sign pdf`, `sign xml`, `timestamp` (or help and version alone),
# at most 8 existing files named on the command line (a `--name=value` counts as its value), 16 MiB at most in all
# (32 MiB for `verify`),
# and no folder. C2 costs about 0.5 s of CPU in a one-document run and pays back only on large inputs (SHA-256 in C1
# code runs about 10 times slower than C2's intrinsic): batches, folders, `serve`, `register`, `demo` and everything
# else keep the full tiered compilers. KYSO_JIT=quick always adds it, KYSO_JIT=full never; options in KYSO_JAVA_OPTS
# come later on the java command line and win.

kyso_java() {
  local java="" from version feature release
  if [ -n "${KYSO_JAVA:-}" ]; then
    from="KYSO_JAVA"
    java="$KYSO_JAVA"
    [ -d "$java" ] && java="$java/bin/java"
  elif [ -n "${JAVA_HOME:-}" ]; then
    from="JAVA_HOME"
    java="$JAVA_HOME/bin/java"
  else
    from="PATH"
    java="$(command -v java 2>/dev/null || true)"
    if [ -z "$java" ]; then
      echo "kyso: no Java found: install Java 17 or newer, or name it with KYSO_JAVA=/path/to/java or JAVA_HOME." >&2
      return 127
    fi
  fi
  if [ ! -f "$java" ] || [ ! -x "$java" ]; then
    echo "kyso: $from names no runnable Java ($java): set it to a Java 17 or newer (KYSO_JAVA=/path/to/java)." >&2
    return 127
  fi
  # the Java home's release file says the version without starting a JVM; a java without one is let through
  release="$(readlink -f "$java" 2>/dev/null || printf '%s' "$java")"
  release="${release%/bin/java}/release"
  if [ -r "$release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")"
    feature="${version%%[.+-]*}"
    case "$feature" in 1) feature="${version#1.}"; feature="${feature%%[.+-]*}" ;; esac
    case "$feature" in
      ''|*[!0-9]*) ;;
      *)
        if [ "$feature" -lt 17 ]; then
          echo "kyso: kyso needs Java 17 or newer; $java (from $from) is Java $version: set KYSO_JAVA=/path/to/java." >&2
          return 127
        fi
        ;;
    esac
  fi
  KYSO_JAVA_BIN="$java"
}

kyso_jit_options() {
  local mode="${KYSO_JIT:-auto}" a v cmd="" sub="" files=() n=0 size total=0 seen_cmd=0 limit
  case "$mode" in
    full) return 0 ;;
    quick) KYSO_JAVA_OPTS="-XX:TieredStopAtLevel=1 ${KYSO_JAVA_OPTS:-}"; return 0 ;;
  esac
  for a in "$@"; do
    if [ "$seen_cmd" = 0 ]; then
      case "$a" in
        --) return 0 ;;
        -*) continue ;;
      esac
      cmd="$a"
      seen_cmd=1
      continue
    fi
    if [ "$cmd" = "sign" ] && [ -z "$sub" ]; then
      case "$a" in
        -*) ;;
        *) sub="$a"; continue ;;
      esac
    fi
    v="$a"
    case "$v" in --*=*) v="${v#*=}" ;; esac
    [ -n "$v" ] || continue
    if [ -d "$v" ]; then
      return 0
    elif [ -f "$v" ]; then
      files+=("$v")
      n=$((n + 1))
      [ "$n" -le 8 ] || return 0
    fi
  done
  case "$cmd" in
    ""|verify|timestamp) ;;
    sign) case "$sub" in pdf|xml) ;; *) return 0 ;; esac ;;
    *) return 0 ;;
  esac
  if [ "$n" -gt 0 ]; then
    for size in $(stat -L -c %s -- "${files[@]}" 2>/dev/null || echo 999999999999); do
      case "$size" in ''|*[!0-9]*) return 0 ;; esac
      total=$((total + size))
    done
    # verify hashes each byte about once (issue 20: one pass for all signed revisions), so C1's slower SHA-256
    # (~70 MB/s against C2's ~350) costs at most what C2's compilation does up to 32 MiB; signing stays at 16 MiB
    limit=16
    [ "$cmd" = "verify" ] && limit=32
    [ "$total" -le $((limit * 1024 * 1024)) ] || return 0
  fi
  KYSO_JAVA_OPTS="-XX:TieredStopAtLevel=1 ${KYSO_JAVA_OPTS:-}"
}

# kyso_gc_options ARG... adds -XX:+UseSerialGC to KYSO_JAVA_OPTS for `sign batch`: a batch allocates little that
# lives (each document's bytes die with it), and G1's own threads and the larger code its write barriers make C2
# compile cost about 0.6 ms of processor time per document in a fresh JVM of 1,000 (issue 19), processor time a
# `--jobs 2` batch needs for its second working thread. Not added when KYSO_JAVA_OPTS already names a collector
# (-XX:+Use...GC): the JVM refuses two, and the user's choice wins.
kyso_gc_options() {
  local a cmd="" sub=""
  case " ${KYSO_JAVA_OPTS:-} " in *" -XX:+Use"*GC" "*) return 0 ;; esac
  for a in "$@"; do
    case "$a" in
      --) return 0 ;;
      -*) continue ;;
    esac
    if [ -z "$cmd" ]; then
      cmd="$a"
    else
      sub="$a"
      break
    fi
  done
  if [ "$cmd" = "sign" ] && [ "$sub" = "batch" ]; then
    KYSO_JAVA_OPTS="-XX:+UseSerialGC ${KYSO_JAVA_OPTS:-}"
  fi
}
