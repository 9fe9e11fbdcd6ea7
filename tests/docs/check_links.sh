#!/usr/bin/env bash
# The repository stands alone, and its references into docs/ resolve.
#
#   check_links.sh ROOT
#
# Fails when a file of the repository (tracked or new, not ignored)
# - names a document that is not in it: the design page, the server
#   contract, the workload list, the probe and nginx specifications or the
#   style notes the project started from, or a path into a folder beside
#   the repository;
# - refers to docs/NAME.md (or NAME.md, from inside docs/) that does not
#   exist, or to a #heading of it that none of its headings slugs to (the
#   way GitHub slugs headings: lower case, punctuation dropped, spaces to
#   hyphens).
set -u
root=$1
cd "$root" || exit 2

if git rev-parse --git-dir >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard |
    while read -r f; do [ -f "$f" ] && echo "$f"; done)
else
  mapfile -t files < <(find . -type f -not -path './build*' \
    -not -path './.git/*' | sed 's|^\./||')
fi

status=0

# The names are split so that this file does not match itself.
outside="DES""IGN|SERVER_""CONTRACT|PERF_""WORKLOADS|\.\./sha""red"
outside="$outside|PRO""BE\.md|NGI""NX\.md|STY""LE\.md|STY""LE rule"
if grep -nIE "$outside" -- "${files[@]}"; then
  echo "the lines above refer to documents outside the repository"
  status=1
fi

# slugs FILE: the GitHub anchors of FILE's headings, one per line.
slugs() {
  awk '/^```/ { code = !code } !code && /^#+ / {
      sub(/^#+ +/, ""); s = tolower($0)
      gsub(/[^a-z0-9 _-]/, "", s); gsub(/ /, "-", s); print s }' "$1"
}

# Every docs/NAME.md#anchor (anywhere) and NAME.md#anchor or (#anchor)
# inside docs/*.md and README.md.
refs=$(grep -oHIE '(docs/)?[a-z][a-z0-9_-]*\.md(#[A-Za-z0-9_-]+)?' \
  -- "${files[@]}" | grep -v '^[^:]*:\(\.\./\)')
while IFS=: read -r file ref; do
  [ -n "$ref" ] || continue
  doc=${ref%%#*}
  anchor=
  [ "$ref" != "$doc" ] && anchor=${ref#*#}
  case $file:$doc in
  docs/*:docs/*.md | *:docs/*.md) target=$doc ;;
  docs/*.md:*.md) target=docs/$doc ;;
  *) continue ;; # README.md, LICENSE.md... of the root, or other files
  esac
  case $doc in docs/*) ;; *) [ -e "docs/$doc" ] || continue ;; esac
  if [ ! -e "$target" ]; then
    echo "$file: refers to $target, which does not exist"
    status=1
  elif [ -n "$anchor" ] && ! slugs "$target" | grep -qx -- "$anchor"; then
    echo "$file: refers to $target#$anchor, which no heading of $target has"
    status=1
  fi
done <<<"$refs"

for file in docs/*.md README.md; do
  [ -e "$file" ] || continue
  for anchor in $(grep -oE '\]\(#[A-Za-z0-9_-]+\)' "$file" |
    sed 's/^](#//; s/)$//'); do
    slugs "$file" | grep -qx -- "$anchor" ||
      { echo "$file: link to #$anchor, which no heading has"; status=1; }
  done
done

[ "$status" -eq 0 ] && echo "ok: no reference leaves the repository; every docs/ reference resolves"
exit "$status"
