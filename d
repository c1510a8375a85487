--- -	2026-12-05 23:43:42.408076337 +0000
+++ out	2026-12-05 23:43:42.345614481 +0000
@@ -1,7 +1 @@
-cgroup /sys/fs/cgroup/cgnft-analysis-never-attached hook ingress:
-  accept -> drop: meta nfproto ipv4 ip saddr 10.128.0.0/9 meta l4proto tcp th dport 22
-    witness: ip saddr 10.128.0.0 ip daddr 0.0.0.0 tcp sport 0 tcp dport 22 meta mark 0 (old accept, new drop)
-  accept -> drop: meta nfproto ipv4 meta l4proto tcp th dport 91
-    witness: ip saddr 0.0.0.0 ip daddr 0.0.0.0 tcp sport 0 tcp dport 91 meta mark 0 (old accept, new drop)
-  accept -> drop: meta nfproto ipv6 meta l4proto tcp th dport 91
-    witness: ip6 saddr :: ip6 daddr :: tcp sport 0 tcp dport 91 meta mark 0 (old accept, new drop)
+tests/analysis/warnings.sh: line 134: : command not found
