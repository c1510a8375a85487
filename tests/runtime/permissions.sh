#!/bin/bash
# Issue 16, security: what an apply leaves behind (its pins in bpffs, its
# state files under /run/cgnft) is readable and writable by root only.
# Checked by mode bits, and by trying as user nobody: no state file can be
# read, no pin listed or opened.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
BPFFS=$(awk '$9 == "bpf" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v setpriv >/dev/null || [ "$(id -u)" != 0 ]; then
	skip "needs cgroup2, setpriv and root"; done_testing; exit 0
fi
CG=cgnft-perm-$$ TABLE=permtest_$$
mkdir -p "$CGM/$CG"
cleanup() {
	"$CGNFT" delete table "$TABLE" >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
chmod 755 "$TMPD"
cat > "$TMPD/p.nft" <<EOF
table cgroup $TABLE {
	cgroup "$CG"
	set seen { type ipv4_addr . inet_service; flags dynamic; }
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7990 add @seen { ip daddr . udp dport } counter drop
	}
}
EOF
touch "$TMPD/stamp"; sleep 1	# mtimes: what this apply wrote is newer
check "apply a table with a dynamic set" "$CGNFT" apply "$TMPD/p.nft"
pins=$BPFFS/cgnft/tables/$TABLE
state=/run/cgnft
check "its pins exist ($pins)" test -d "$pins"
check "its state exists ($state)" test -n "$(ls -A "$state" 2>/dev/null)"

# Anything group or others may read, write or enter: mode & 077.
open_modes() { find "$@" -perm /077 ! -type l 2>/dev/null; }
# (other tables' files may be older cgnft's: only what this apply wrote)
written=$(find "$state" -newer "$TMPD/stamp" ! -type d)
check "the apply wrote state files (${written//$'\n'/ })" test -n "$written"
bad=$(open_modes "$state" "$state/tables" -maxdepth 0; open_modes $written "$pins")
check "no state file or pin is open to group or others (mode & 077 = 0)" test -z "$bad"
[ -z "$bad" ] || ls -ld $bad | diag
check "the pin directory cgnft/ is root's only (mode 0700)" \
	test "$(stat -c %a "$BPFFS/cgnft")" = 700
check "the state directory is root's only (mode 0700)" test "$(stat -c %a "$state")" = 700

# refused_as_nobody DESC CMD...: ok when CMD fails as user nobody, no
# capabilities
refused_as_nobody() {
	local d=$1; shift
	if setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all "$@" >/dev/null 2>&1; then not_ok "$d"; else ok "$d"; fi
}
f=$(head -1 <<<"$written")
refused_as_nobody "user nobody cannot read a state file (${f:-none found})" cat "${f:-/nonexistent}"
refused_as_nobody "user nobody cannot list the pins" ls "$pins"
refused_as_nobody "user nobody cannot list the table with cgnft" "$CGNFT" list table "$TABLE"
check "delete the table" "$CGNFT" delete table "$TABLE"
done_testing
