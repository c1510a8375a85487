#!/bin/bash
# Whole-file forms of real nftables.conf files: `table NAME` declared with no
# block (nft's idiom before `delete table`, so that the delete cannot fail),
# `comment` in a table.  Checked through the IR (commands and tables) and
# nft-format diagnostics.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

body='	cgroup "x"
	chain c { type filter hook ingress priority 0; tcp dport 22 accept; }'

# nft: `table inet filter` + `delete table inet filter` always succeeds
printf 'table cgroup t\ndelete table cgroup t\ntable cgroup t {\n%s\n}\n' "$body" >decl.nft
out=$("$CGNFT" compile decl.nft --emit ir 2>err)
check "declared table, then delete: compiles, no diagnostics" test $? = 0 -a ! -s err
check "the delete of a table declared here is a destroy (cannot fail at apply)" \
	grep -qx 'command destroy table t' <<<"$out"
check "the table after it is the one built" grep -q '^chain t/c hook ingress' <<<"$out"

# without the declaration the delete stays a delete (fails if t is not applied)
printf 'delete table cgroup t\ntable cgroup t {\n%s\n}\n' "$body" >nodecl.nft
out=$("$CGNFT" compile nodecl.nft --emit ir 2>/dev/null)
check "delete without a declaration stays a delete" grep -qx 'command delete table t' <<<"$out"

# a declaration alone adds nothing; a block after it is no duplicate
printf 'table cgroup t;\ntable cgroup t {\n%s\n}\n' "$body" >declfill.nft
out=$("$CGNFT" compile declfill.nft --emit ir 2>err)
check "declaration then block: one table, no 'already exists'" \
	test "$(grep -c '^table t$' <<<"$out")" = 1 -a ! -s err

# two blocks are still a duplicate, as before
printf 'table cgroup t {\n%s\n}\ntable cgroup t {\n%s\n}\n' "$body" "$body" >dup.nft
"$CGNFT" compile dup.nft -o /dev/null 2>err
check "two blocks of one table: still 'already exists'" grep -q "dup.nft:5:14-14: Error: table 't' already exists" err

# a declared table of another family: nft's format, at the family
printf 'table inet filter\n' >fam.nft
"$CGNFT" compile fam.nft -o /dev/null 2>err
rc=$?
check "declared inet table: exit 1, error at the family" test $rc = 1 -a \
	"$(cat err)" = 'fam.nft:1:7-10: Error: table family "inet" is not available: cgnft tables are `table cgroup NAME`
table inet filter
      ^^^^'

# `comment "..."` in a table, as nft takes it
printf 'table cgroup t {\n\tcomment "the host firewall"\n%s\n}\n' "$body" >comment.nft
"$CGNFT" compile comment.nft -o /dev/null 2>err
check "table comment: compiles" test $? = 0 -a ! -s err

# -o a device or a pipe writes to it: the atomic rename would have put a
# regular file in its place (as root, /dev/null itself)
# (opened read-write first: neither side blocks, the object fits the
# pipe's buffer)
mkfifo pipe
exec 5<>pipe
"$CGNFT" compile comment.nft -o pipe 2>err
rc=$?
read -r -t 0 -u 5
check "-o a pipe: written through, still a pipe" test $rc = 0 -a $? = 0 -a -p pipe
exec 5>&-
# a device node of our own (/dev/null is shared with whatever else runs)
if mknod nulldev c 1 3 2>/dev/null; then
	"$CGNFT" compile comment.nft -o nulldev 2>err
	check "-o a character device: written, still a device" test $? = 0 -a -c nulldev
else
	skip "cannot make a device node here"
fi

# --emit tree shows the declaration as written
out=$("$CGNFT" compile decl.nft --emit tree)
check "--emit tree prints the declaration" grep -qx 'table cgroup t' <<<"$out"
done_testing
