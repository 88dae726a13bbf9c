#!/bin/sh
# run.sh: run every benchmark and print one table (make bench).
# Figures are medians or rates of this run; each sits next to a baseline
# measured in the same run on the same machine, and the ratio is what to
# compare with DESIGN section 11's target.
set -eu
bindir=${1:-.}
export SITREP_BIN="$bindir/sitrep"
printf '%-44s %14s %14s %7s  %s\n' figure value baseline ratio target
for b in "$bindir"/bench/bench-*; do
	case $b in *.c|*.h|*.o) continue ;; esac
	[ -x "$b" ] && "$b"
done
