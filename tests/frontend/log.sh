#!/bin/bash
# The log statement's options (issue 17) against nft 1.0.6 itself: for
# every case, `cgnft check` gives nft's message at nft's columns (or, for a
# valid one, nothing), and a valid statement is listed as nft lists it
# (the rule text in `--emit asm` is the canonical text `cgnft list` and
# the importer print).  nft runs in a scratch network namespace.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

if ! command -v nft >/dev/null || ! command -v ip >/dev/null; then
	skip "nft or ip not installed"; done_testing; exit 0
fi
NS=cgnft-logfe-$$
ip netns add "$NS" || { not_ok "create netns $NS"; done_testing; exit 0; }
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMPD"' EXIT

# The same statement in an nft table and a cgroup table, on line 4 at the
# same column, so that both tools' messages must agree byte for byte
# once the file name is the same.
files() {
	printf 'table inet t {\n chain c {\n  type filter hook output priority 0;\n  %s\n }\n}\n' "$1" >nft/x.nft
	printf 'table cgroup t { cgroup "x"\n chain c {\n  type filter hook egress priority 0;\n  %s\n }\n}\n' "$1" >cg/x.nft
}
mkdir -p nft cg

# error STMT: nft refuses it; cgnft must say the same thing, same place
error() {
	local want got
	files "$1"
	want=$(cd nft && ip netns exec "$NS" nft -c -f x.nft 2>&1)
	got=$(cd cg && "$CGNFT" compile x.nft --emit ir 2>&1 >/dev/null)
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		ok "refused as nft refuses it: $1"
	else
		not_ok "refused as nft refuses it: $1"
		diff <(echo "$want") <(echo "$got") | diag
	fi
}

# valid STMT: nft takes it, cgnft too; the canonical text is nft's listing
valid() {
	local want got
	files "$1"
	ip netns exec "$NS" nft flush ruleset
	if ! (cd nft && ip netns exec "$NS" nft -f x.nft 2>&1); then
		not_ok "nft takes: $1"; return
	fi
	want=$(ip netns exec "$NS" nft list chain inet t c | sed -n '4s/^[[:space:]]*//p')
	got=$(cd cg && "$CGNFT" compile x.nft --emit asm 2>&1 | sed -n 's/^; x.nft:4: //p' | head -1)
	if [ "$got" = "$want" ]; then
		ok "listed as nft lists it: $1 -> $want"
	else
		not_ok "listed as nft lists it: $1"
		diff <(echo "$want") <(echo "$got") | diag
	fi
}

valid 'log'
valid 'log prefix "abc" level warn'
valid 'log level warn prefix "abc"'
valid 'log prefix "x" queue-threshold 5 snaplen 3 group 70000'
valid 'log snaplen 10'
valid 'log queue-threshold 10'
valid 'log group 4294967296'
valid 'log group 1 snaplen 0 queue-threshold 0'
valid 'log flags ether flags skuid flags tcp options,sequence flags ip options level debug'
valid 'log flags tcp sequence flags tcp options flags ip options flags skuid flags ether'
valid 'log flags all'
valid 'log flags skuid'
valid 'log flags tcp options'
valid 'log level audit'
valid 'log level emerg'
valid 'log level "crit"'
valid 'log prefix "a" prefix "b"'
valid 'log prefix ""'
valid 'log prefix abc'
valid 'tcp dport 22 log prefix "ssh: " accept'
valid 'log level info drop'

error 'log level foo'
error 'log level WARN'
error 'log level 3'
error 'log prefix 12'
error 'log level audit prefix "x"'
error 'log flags skuid level audit'
error 'log group 3 level info'
error 'log snaplen 3 level info'
error 'log group 1 level audit'
error 'log flags all group 2'
error 'log queue-threshold 2 flags skuid'
error 'log flags foo'
error 'log flags tcp foo'
error 'log flags tcp sequence,foo'
error 'log flags ip foo'
error 'log group 99999999999999999999'
error "log prefix \"$(printf 'a%.0s' $(seq 128))\""
files "log prefix \"$(printf 'a%.0s' $(seq 127))\""
check "a prefix of 127 characters is taken (nft's limit)" \
	bash -c 'cd cg && "$1" compile x.nft --emit ir >/dev/null' _ "$CGNFT"

# nothing but packets: a log in a sysctl or sock_create chain is refused
cat >hooks.nft <<'EOF'
table cgroup t {
	cgroup "x"
	chain s {
		type filter hook sysctl priority 0; policy accept;
		log prefix "s"
	}
}
EOF
out=$("$CGNFT" compile hooks.nft --emit ir 2>&1 >/dev/null)
if [ $? -ne 0 ] && grep -q "there is no packet in this hook" <<<"$out"; then
	ok "log in a sysctl chain is refused: there is no packet"
else
	not_ok "log in a sysctl chain is refused: there is no packet"; echo "$out" | diag
fi

# a chain named log still works (log is a keyword only where a statement starts)
cat >names.nft <<'EOF'
table cgroup t {
	cgroup "x"
	chain c {
		type filter hook egress priority 0; policy accept;
		tcp dport 1 jump log
		tcp dport vmap { 2 : goto log }
	}
	chain log {
		log prefix "in chain log: " accept
	}
}
EOF
check "a chain named log, jumped to and logging" "$CGNFT" compile names.nft --emit ir

# the log statement is not terminal: the rule goes on to its verdict, and
# every log statement shares one bucket
ir=$("$CGNFT" compile names.nft --emit ir 2>&1)
check "the IR names the site and the shared bucket" grep -q "log site 0 limit #0" <<<"$ir"
done_testing
