#!/usr/bin/env bash
# Whole-build comparison of minhbach with Hugo (and Zola when installed) on
# the same generated portal, plus a floor: reading every input file and
# writing the same files and bytes with `cp`. Prints a Markdown table.
#
#   bench/compare.sh                 # 1,000 news + 300 procedures, 10,000 + 2,000
#   RUNS=3 bench/compare.sh 1000:300 # one size, three runs each
#   PAGEFIND="npx --prefix /tmp/pf pagefind" bench/compare.sh 1000:300 10000:2000 100000:20000 200000:40000
#
# PAGEFIND, when set, is run once on Hugo's output of each size: the row
# "hugo + pagefind" is what a Hugo portal with search costs. Hugo is not run
# above HUGO_MAX_NEWS news items (default 100000: at 100,000 it needs 9.5 GB).
#
# Needs python3, hugo (Debian's package), GNU time (/usr/bin/time).
#
# File system: ext4 without a journal (this project's VMs) skips every inode
# freed in the last one to five minutes when it allocates one, scanning past
# them one by one (fs/ext4/ialloc.c, recently_deleted). Deleting the previous
# output and building again at once, as this script does, then spends most of
# a build in that scan, for every tool, and more the more recently deleted.
# So when the disk has no journal and we are root, the runs happen on a
# fresh journaled ext4 image mounted by loop (as on a CI runner's disk);
# BENCH_FS=here runs where BENCH_DIR is, whatever it is.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${RUNS:-5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000:300 10000:2000)
work=${BENCH_DIR:-$repo/bench/out}
generator=${GENERATOR:-$repo/bench/gen_corpus.py}
mkdir -p "$work"

journal_less() { # true when the ext4 holding $1 has no journal
  local dev
  dev=$(basename "$(df --output=source "$1" | tail -1)")
  [ -d "/proc/fs/ext4/$dev" ] && ! compgen -G "/proc/fs/jbd2/$dev-*" >/dev/null
}
fs_note="$(df --output=fstype "$work" | tail -1 | tr -d ' ') at $work"
if [ "${BENCH_FS:-auto}" != here ] && journal_less "$work" && [ "$(id -u)" = 0 ]; then
  image=$work/fs.img
  mnt=$work/fs
  umount "$mnt" 2>/dev/null || true
  rm -f "$image"
  truncate -s 16G "$image"
  mkfs.ext4 -q -F "$image"
  mkdir -p "$mnt"
  mount -o loop "$image" "$mnt"
  trap 'cd /; umount "$mnt" 2>/dev/null; rm -f "$image"' EXIT
  work=$mnt
  fs_note="a fresh journaled ext4 image (loop), because the disk's ext4 has no journal"
fi

command -v hugo >/dev/null || { echo "hugo not found: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 2; }
cargo build --release --quiet
minhbach=$repo/target/release/minhbach

# One timed run: prints "wall_seconds peak_rss_kb".
timed() {
  local out
  out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; cat "$out" >&2; exit 1; }
  cat "$out"
  rm -f "$out"
}

# Runs "$@" $runs times after removing $clean each time; prints all "wall rss" lines.
series() {
  local clean=$1; shift
  for _ in $(seq "$runs"); do
    rm -rf "$clean"
    timed "$@"
  done
}

summary() { # stdin: lines "wall rss" -> "median min max rss_median"
  python3 -c '
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
w = sorted(r[0] for r in rows); m = sorted(r[1] for r in rows)
print(f"{statistics.median(w):.2f} {w[0]:.2f} {w[-1]:.2f} {statistics.median(m)/1024:.0f}")'
}

tree_stats() { # files and MB under a folder
  python3 -c '
import os, sys
n = b = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        n += 1; b += os.path.getsize(os.path.join(d, f))
print(n, f"{b/1e6:.1f}")' "$1"
}

echo "| portal | tool | wall s (median) | min | max | peak RSS MB | files | MB | wall ratio minhbach/x | RSS ratio minhbach/x |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  news=${size%%:*}; procedures=${size##*:}
  for flavor in minhbach hugo zola; do
    [ "$flavor" = zola ] && ! command -v zola >/dev/null && continue
    python3 "$generator" --flavor "$flavor" --news "$news" --procedures "$procedures" \
      --out "$work/$flavor-$news" --force >/dev/null 2>&1
  done
  site=$work/minhbach-$news
  timed "$minhbach" build --root "$site" >/dev/null # warm-up: page cache, first inode allocation
  mb=$(series "$site/public" "$minhbach" build --root "$site" | summary)
  read -r mb_med mb_min mb_max mb_rss <<<"$mb"
  read -r mb_files mb_bytes <<<"$(tree_stats "$site/public")"

  hsite=$work/hugo-$news
  with_hugo=$([ "$news" -le "${HUGO_MAX_NEWS:-100000}" ] && echo yes || echo no)
  if [ "$with_hugo" = yes ]; then
    timed hugo --source "$hsite" --quiet >/dev/null
    hu=$(series "$hsite/public" hugo --source "$hsite" --quiet | summary)
    read -r hu_med hu_min hu_max hu_rss <<<"$hu"
    read -r hu_files hu_bytes <<<"$(tree_stats "$hsite/public")"
    if [ -n "${PAGEFIND:-}" ]; then
      # shellcheck disable=SC2086 # PAGEFIND is a command line
      read -r pf_wall pf_kb <<<"$(timed $PAGEFIND --site "$hsite/public")"
      read -r pf_files pf_bytes <<<"$(tree_stats "$hsite/public")"
    fi
  fi

  # Floor: read every input file, then write the same files and bytes (cp of minhbach's output).
  cp -r "$site/public" "$work/floor-src"
  fl=$(series "$work/floor-out" sh -c "find '$site/content' -type f -exec cat {} + >/dev/null && cp -r '$work/floor-src' '$work/floor-out'" | summary)
  read -r fl_med fl_min fl_max fl_rss <<<"$fl"
  rm -rf "$work/floor-src" "$work/floor-out"

  ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
  label="$news news + $procedures procedures"
  echo "| $label | minhbach | $mb_med | $mb_min | $mb_max | $mb_rss | $mb_files | $mb_bytes | | |"
  if [ "$with_hugo" = yes ]; then
    echo "| $label | hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | $hu_med | $hu_min | $hu_max | $hu_rss | $hu_files | $hu_bytes | $(ratio "$mb_med" "$hu_med") | $(ratio "$mb_rss" "$hu_rss") |"
    if [ -n "${PAGEFIND:-}" ]; then
      both=$(python3 -c "print(f'{$hu_med + $pf_wall:.2f}')")
      pf_rss=$(python3 -c "print(f'{max($hu_rss, $pf_kb / 1024):.0f}')")
      echo "| $label | hugo + pagefind (once) | $both | | | $pf_rss | $pf_files | $pf_bytes | $(ratio "$mb_med" "$both") | $(ratio "$mb_rss" "$pf_rss") |"
    fi
  fi
  if command -v zola >/dev/null; then
    zsite=$work/zola-$news
    zo=$(cd "$zsite" && series "$zsite/public" zola build | summary)
    read -r zo_med zo_min zo_max zo_rss <<<"$zo"
    read -r zo_files zo_bytes <<<"$(tree_stats "$zsite/public")"
    echo "| $label | zola | $zo_med | $zo_min | $zo_max | $zo_rss | $zo_files | $zo_bytes | $(ratio "$mb_med" "$zo_med") | $(ratio "$mb_rss" "$zo_rss") |"
  fi
  echo "| $label | floor (read inputs, write the same files) | $fl_med | $fl_min | $fl_max | | $mb_files | $mb_bytes | $(ratio "$mb_med" "$fl_med") | |"
done
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, minhbach $("$minhbach" --version | cut -d' ' -f2), runs=$runs, clean output folder before every run, on $fs_note"
