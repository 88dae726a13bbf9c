#!/bin/sh
# quickstart.sh: ./quickstart says what it is doing, one line a step
# (packages, configure, build), and where the manual pages are after the
# first build; a second run, with nothing to do, says nothing. The tools
# it runs (dpkg-query, apt-get, autoreconf, configure, make, id) are stubs
# here, so nothing is installed or built.
. "$TEST_SRCDIR/lib.sh"

SRC="$T/src" STUB="$T/stub"
mkdir -p "$SRC/src" "$SRC/ui" "$SRC/schema" "$SRC/man" "$STUB"
cp "$TEST_SRCDIR/../quickstart" "$SRC/quickstart"
touch "$SRC/configure.ac" "$SRC/Makefile.am"

# stub NAME BODY: a command of the stubs' PATH.
stub() {
	printf '#!/bin/sh\n%s\n' "$2" >"$STUB/$1"
	chmod +x "$STUB/$1"
}
stub id 'echo 0'
stub dpkg-query 'case "$*" in
*libcmocka-dev*) [ -f "'"$T"'/installed" ] || exit 1 ;;
esac
echo "install ok installed"'
stub apt-get 'touch "'"$T"'/installed"'
stub autoreconf 'printf "#!/bin/sh\ntouch Makefile\n" >configure && chmod +x configure'
stub make 'while [ $# -gt 0 ]; do [ "$1" = -C ] && dir=$2; shift; done
printf "#!/bin/sh\necho \"sitrep ran: \$*\"\n" >"$dir/sitrep"
chmod +x "$dir/sitrep"'

step "the first run says what it does, one line a step"
PATH="$STUB:$PATH" sh "$SRC/quickstart" show INC-1 >"$T/out" 2>"$T/err"
expect_grep "the verb ran" "sitrep ran: show INC-1" "$T/out"
expect_eq "the steps, in order" "installing packages with apt-get
generating configure (autoreconf)
configuring in $SRC/build
building in $SRC/build
built; the manual pages: man -l $SRC/man/sitrep.1, man -l $SRC/man/sitrep-attach.1 (the terminal)" \
    "$(sed -e 's/^quickstart: //' -e 's/ (a minute or two).*//' \
    -e 's/ (make -j[0-9]*)//' "$T/err")"

step "a second run with nothing to do says nothing"
PATH="$STUB:$PATH" sh "$SRC/quickstart" ls >"$T/out" 2>"$T/err"
expect_grep "the verb ran" "sitrep ran: ls" "$T/out"
expect_eq "nothing said" "" "$(cat "$T/err")"

step "README says how to read the manual pages from the checkout"
expect_grep "README" "man -l man/sitrep-attach.1" "$TEST_SRCDIR/../README.md"
finish
