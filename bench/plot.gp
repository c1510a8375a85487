# SPDX-License-Identifier: GPL-2.0
# ns per packet vs rules from bench/run.sh's results.csv:
#   gnuplot -e "csv='results.csv'; png='ns_per_packet.png'" bench/plot.gp
# Non-numbers (FAIL, TIMEOUT, -) and values <= 0 (noise) are left out.
set terminal png size 900,800
set output png
set datafile separator ","
set datafile missing "-"
set logscale xy
set xlabel "rules"
set ylabel "ns per packet"
set key outside below vertical maxrows 7 Left reverse
plot csv every ::1 using 1:10 with linespoints title "empty program (floor, test run)", \
     "" every ::1 using 1:13 with linespoints title "cgnft, no match (test run)", \
     "" every ::1 using 1:12 with linespoints title "cgnft, last-rule match (test run)", \
     "" every ::1 using 1:23 with linespoints title "cgnft, UDP/IPv4 no match (test run)", \
     "" every ::1 using 1:24 with linespoints title "cgnft, TCP/IPv6 no match (test run)", \
     "" every ::1 using 1:21 with linespoints title "cgnft, added per UDP send (send rate)", \
     "" every ::1 using 1:22 with linespoints title "nftables output chain, added per UDP send (send rate)"
