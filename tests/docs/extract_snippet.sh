#!/usr/bin/env bash
# extract_snippet.sh README NAME OUT
# Writes the fenced C block right below the `<!-- snippet: NAME -->` line
# of README to OUT, so that a test compiles the snippet exactly as
# printed. Fails, naming the marker, when it or its block is missing.
set -euo pipefail
readme=$1 name=$2 out=$3
awk -v name="$name" '
  $0 == "<!-- snippet: " name " -->" { marker = NR; next }
  marker && NR == marker + 1 {
    if ($0 != "```c") { bad = 1; exit }
    inside = 1
    next
  }
  inside && /^```$/ { done = 1; exit }
  inside { print }
  END {
    if (!done) {
      print "no C block right below <!-- snippet: " name " --> in " \
        FILENAME > "/dev/stderr"
      exit 1
    }
  }
' "$readme" >"$out.tmp" || { rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
