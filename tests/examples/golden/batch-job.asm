batch_egress: ; section cgroup_skb/egress, 535 instructions
; (prologue/epilogue)
     0: r6 = r1
     1: r1 = *(u32 *)(r6 +16)
     2: r1 = be16 r1
     3: if r1 == 0x800 goto +6 <L10>
     4: if r1 == 0x86dd goto +36 <L41>
     5: *(u64 *)(r10 -16) = 0
     6: *(u64 *)(r10 -24) = 256
     7: *(u64 *)(r10 -32) = 0
     8: *(u64 *)(r10 -40) = 0
     9:     goto +208 <L218>
L10:
    10: *(u64 *)(r10 -16) = 2
    11: r3 = *(u32 *)(r6 +76)
    12: r4 = *(u32 *)(r6 +80)
    13: r1 = r3
    14: r1 += 20
    15: if r1 > r4 goto +1 <L17>
    16:     goto +9 <L26>
L17:
    17: r2 = 0
    18: r1 = r6
    19: r3 = r10
    20: r3 += -104
    21: r4 = 20
    22: call bpf_skb_load_bytes
    23: if r0 != 0x0 goto +13 <L37>
    24: r3 = r10
    25: r3 += -104
L26:
    26: r7 = *(u8 *)(r3 +0)
    27: r7 &= 15
    28: r7 <<= 2
    29: *(u64 *)(r10 -32) = r7
    30: r1 = *(u8 *)(r3 +9)
    31: *(u64 *)(r10 -24) = r1
    32: r1 = *(u16 *)(r3 +6)
    33: r1 = be16 r1
    34: r1 &= 8191
    35: *(u64 *)(r10 -40) = r1
    36:     goto +181 <L218>
L37:
    37: *(u64 *)(r10 -24) = 256
    38: *(u64 *)(r10 -32) = 0
    39: *(u64 *)(r10 -40) = 0
    40:     goto +177 <L218>
L41:
    41: *(u64 *)(r10 -16) = 10
    42: r3 = *(u32 *)(r6 +76)
    43: r4 = *(u32 *)(r6 +80)
    44: r1 = r3
    45: r1 += 40
    46: if r1 > r4 goto +1 <L48>
    47:     goto +9 <L57>
L48:
    48: r2 = 0
    49: r1 = r6
    50: r3 = r10
    51: r3 += -104
    52: r4 = 40
    53: call bpf_skb_load_bytes
    54: if r0 != 0x0 goto +160 <L215>
    55: r3 = r10
    56: r3 += -104
L57:
    57: r3 = *(u32 *)(r6 +76)
    58: r4 = *(u32 *)(r6 +80)
    59: r1 = r3
    60: r1 += 7
    61: if r1 > r4 goto +2 <L64>
    62: r3 += 6
    63:     goto +9 <L73>
L64:
    64: r2 = 6
    65: r1 = r6
    66: r3 = r10
    67: r3 += -64
    68: r4 = 1
    69: call bpf_skb_load_bytes
    70: if r0 != 0x0 goto +144 <L215>
    71: r3 = r10
    72: r3 += -64
L73:
    73: r1 = *(u8 *)(r3 +0)
    74: r2 = 40
    75: r3 = r2
    76: r3 <<= 8
    77: r3 |= r1
    78: *(u32 *)(r6 +64) = r3
    79: if r1 == 0x33 goto +127 <L207>
    80: if r1 == 0x0 goto +5 <L86>
    81: if r1 == 0x2b goto +4 <L86>
    82: if r1 == 0x2c goto +3 <L86>
    83: if r1 == 0x33 goto +2 <L86>
    84: if r1 == 0x3c goto +1 <L86>
    85:     goto +121 <L207>
L86:
    86: may_goto goto +128 <L215>
    87: r1 = *(u32 *)(r6 +64)
    88: r2 = r1
    89: r2 >>= 8
    90: r1 &= 255
    91: if r1 == 0x33 goto +115 <L207>
    92: if r1 == 0x0 goto +5 <L98>
    93: if r1 == 0x2b goto +4 <L98>
    94: if r1 == 0x2c goto +3 <L98>
    95: if r1 == 0x33 goto +2 <L98>
    96: if r1 == 0x3c goto +1 <L98>
    97:     goto +109 <L207>
L98:
    98: if r1 == 0x2b goto +23 <L122>
    99: if r1 == 0x2c goto +64 <L164>
   100: if r1 == 0x33 goto +42 <L143>
   101: if r2 > 0xff00 goto +7 <L109>
   102: r3 = *(u32 *)(r6 +76)
   103: r4 = *(u32 *)(r6 +80)
   104: r3 += r2
   105: r1 = r3
   106: r1 += 2
   107: if r1 > r4 goto +1 <L109>
   108:     goto +8 <L117>
L109:
   109: r1 = r6
   110: r3 = r10
   111: r3 += -64
   112: r4 = 2
   113: call bpf_skb_load_bytes
   114: if r0 != 0x0 goto +100 <L215>
   115: r3 = r10
   116: r3 += -64
L117:
   117: r4 = *(u8 *)(r3 +0)
   118: r5 = *(u8 *)(r3 +1)
   119: r5 += 1
   120: r5 <<= 3
   121:     goto +64 <L186>
L122:
   122: if r2 > 0xff00 goto +7 <L130>
   123: r3 = *(u32 *)(r6 +76)
   124: r4 = *(u32 *)(r6 +80)
   125: r3 += r2
   126: r1 = r3
   127: r1 += 4
   128: if r1 > r4 goto +1 <L130>
   129:     goto +8 <L138>
L130:
   130: r1 = r6
   131: r3 = r10
   132: r3 += -64
   133: r4 = 4
   134: call bpf_skb_load_bytes
   135: if r0 != 0x0 goto +79 <L215>
   136: r3 = r10
   137: r3 += -64
L138:
   138: r4 = *(u8 *)(r3 +0)
   139: r5 = *(u8 *)(r3 +1)
   140: r5 += 1
   141: r5 <<= 3
   142:     goto +43 <L186>
L143:
   143: if r2 > 0xff00 goto +7 <L151>
   144: r3 = *(u32 *)(r6 +76)
   145: r4 = *(u32 *)(r6 +80)
   146: r3 += r2
   147: r1 = r3
   148: r1 += 2
   149: if r1 > r4 goto +1 <L151>
   150:     goto +8 <L159>
L151:
   151: r1 = r6
   152: r3 = r10
   153: r3 += -64
   154: r4 = 2
   155: call bpf_skb_load_bytes
   156: if r0 != 0x0 goto +58 <L215>
   157: r3 = r10
   158: r3 += -64
L159:
   159: r4 = *(u8 *)(r3 +0)
   160: r5 = *(u8 *)(r3 +1)
   161: r5 += 2
   162: r5 <<= 2
   163:     goto +22 <L186>
L164:
   164: if r2 > 0xff00 goto +7 <L172>
   165: r3 = *(u32 *)(r6 +76)
   166: r4 = *(u32 *)(r6 +80)
   167: r3 += r2
   168: r1 = r3
   169: r1 += 4
   170: if r1 > r4 goto +1 <L172>
   171:     goto +8 <L180>
L172:
   172: r1 = r6
   173: r3 = r10
   174: r3 += -64
   175: r4 = 4
   176: call bpf_skb_load_bytes
   177: if r0 != 0x0 goto +37 <L215>
   178: r3 = r10
   179: r3 += -64
L180:
   180: r4 = *(u8 *)(r3 +0)
   181: r5 = *(u16 *)(r3 +2)
   182: r5 = be16 r5
   183: r5 &= 65528
   184: if r5 != 0x0 goto +12 <L197>
   185: r5 = 8
L186:
   186: r1 = *(u32 *)(r6 +64)
   187: r2 = r1
   188: r2 >>= 8
   189: r1 &= 255
   190: r2 += r5
   191: r1 = r4
   192: r3 = r2
   193: r3 <<= 8
   194: r3 |= r1
   195: *(u32 *)(r6 +64) = r3
   196:     goto -111 <L86>
L197:
   197: r9 = r5
   198: r1 = r4
   199: if r1 == 0x0 goto +15 <L215>
   200: if r1 == 0x2b goto +14 <L215>
   201: if r1 == 0x2c goto +13 <L215>
   202: if r1 == 0x33 goto +12 <L215>
   203: if r1 == 0x3c goto +11 <L215>
   204: r7 = r1
   205: r8 = 0
   206:     goto +4 <L211>
L207:
   207: if r2 >= 0xffff goto +7 <L215>
   208: r7 = r1
   209: r8 = r2
   210: r9 = 0
L211:
   211: *(u64 *)(r10 -24) = r7
   212: *(u64 *)(r10 -32) = r8
   213: *(u64 *)(r10 -40) = r9
   214:     goto +3 <L218>
L215:
   215: *(u64 *)(r10 -24) = 256
   216: *(u64 *)(r10 -32) = 0
   217: *(u64 *)(r10 -40) = 0
L218:
   218: r1 = *(u64 *)(r10 -24)
   219: if r1 == 0x100 goto +2 <L222>
   220: r1 = *(u64 *)(r10 -40)
   221: if r1 == 0x0 goto +1 <L223>
L222:
   222: *(u64 *)(r10 -32) = 65535
L223:
   223: r1 = *(u64 *)(r10 -16)
   224: *(u32 *)(r6 +48) = r1
   225: r1 = *(u64 *)(r10 -24)
   226: *(u32 *)(r6 +52) = r1
   227: r1 = *(u64 *)(r10 -32)
   228: *(u32 *)(r6 +56) = r1
; examples/batch-job.nft:11: tcp dport { 22, 25 } counter drop
   229: r0 = *(u32 *)(r6 +52)
   230: r0 &= 65535
   231: if r0 == 0x6 goto +1 <L233>
   232:     goto +42 <L275>
L233:
   233: r2 = *(u32 *)(r6 +56)
   234: r2 &= 65535
   235: if r2 != 0xffff goto +1 <L237>
   236:     goto +38 <L275>
L237:
   237: r2 += 2
   238: if r2 > 0xff00 goto +8 <L247>
   239: r3 = *(u32 *)(r6 +76)
   240: r4 = *(u32 *)(r6 +80)
   241: r3 += r2
   242: r1 = r3
   243: r1 += 2
   244: if r1 > r4 goto +2 <L247>
   245: r0 = *(u16 *)(r3 +0)
   246:     goto +8 <L255>
L247:
   247: r1 = r6
   248: r3 = r10
   249: r3 += -64
   250: r4 = 2
   251: call bpf_skb_load_bytes
   252: if r0 == 0x0 goto +1 <L254>
   253:     goto +21 <L275>
L254:
   254: r0 = *(u16 *)(r10 -64)
L255:
   255: r0 = be16 r0
   256: if r0 == 0x16 goto +2 <L259>
   257: if r0 == 0x19 goto +1 <L259>
   258:     goto +16 <L275>
L259:
   259: *(u32 *)(r10 -8) = 0
   260: r1 = map[counters] ll
   262: r2 = r10
   263: r2 += -8
   264: call bpf_map_lookup_elem
   265: if r0 == 0x0 goto +7 <L273>
   266: r1 = *(u64 *)(r0 +0)
   267: r1 += 1
   268: *(u64 *)(r0 +0) = r1
   269: r2 = *(u32 *)(r6 +0)
   270: r1 = *(u64 *)(r0 +8)
   271: r1 += r2
   272: *(u64 *)(r0 +8) = r1
L273:
   273: r0 = 0
   274: exit
; examples/batch-job.nft:12: ip daddr 10.20.0.0/16 tcp dport 5432 accept
L275:
   275: r0 = *(u32 *)(r6 +48)
   276: r0 &= 65535
   277: if r0 == 0x2 goto +1 <L279>
   278:     goto +51 <L330>
L279:
   279: r3 = *(u32 *)(r6 +76)
   280: r4 = *(u32 *)(r6 +80)
   281: r1 = r3
   282: r1 += 20
   283: if r1 > r4 goto +3 <L287>
   284: r3 += 16
   285: r0 = *(u32 *)(r3 +0)
   286:     goto +9 <L296>
L287:
   287: r2 = 16
   288: r1 = r6
   289: r3 = r10
   290: r3 += -64
   291: r4 = 4
   292: call bpf_skb_load_bytes
   293: if r0 == 0x0 goto +1 <L295>
   294:     goto +35 <L330>
L295:
   295: r0 = *(u32 *)(r10 -64)
L296:
   296: r0 = be32 r0
   297: if r0 >= 0xa140000 goto +1 <L299>
   298:     goto +31 <L330>
L299:
   299: if r0 <= 0xa14ffff goto +1 <L301>
   300:     goto +29 <L330>
L301:
   301: r0 = *(u32 *)(r6 +52)
   302: r0 &= 65535
   303: if r0 == 0x6 goto +1 <L305>
   304:     goto +25 <L330>
L305:
   305: r2 = *(u32 *)(r6 +56)
   306: r2 &= 65535
   307: if r2 != 0xffff goto +1 <L309>
   308:     goto +21 <L330>
L309:
   309: r2 += 2
   310: if r2 > 0xff00 goto +8 <L319>
   311: r3 = *(u32 *)(r6 +76)
   312: r4 = *(u32 *)(r6 +80)
   313: r3 += r2
   314: r1 = r3
   315: r1 += 2
   316: if r1 > r4 goto +2 <L319>
   317: r0 = *(u16 *)(r3 +0)
   318:     goto +8 <L327>
L319:
   319: r1 = r6
   320: r3 = r10
   321: r3 += -64
   322: r4 = 2
   323: call bpf_skb_load_bytes
   324: if r0 == 0x0 goto +1 <L326>
   325:     goto +4 <L330>
L326:
   326: r0 = *(u16 *)(r10 -64)
L327:
   327: r0 = be16 r0
   328: if r0 == 0x1538 goto +204 <L533>
   329:     goto +0 <L330>
; examples/batch-job.nft:13: ip6 daddr 2001:db8:20::/48 tcp dport 5432 accept
L330:
   330: r0 = *(u32 *)(r6 +48)
   331: r0 &= 65535
   332: if r0 == 0xa goto +1 <L334>
   333:     goto +78 <L412>
L334:
   334: r3 = *(u32 *)(r6 +76)
   335: r4 = *(u32 *)(r6 +80)
   336: r1 = r3
   337: r1 += 40
   338: if r1 > r4 goto +2 <L341>
   339: r3 += 24
   340:     goto +10 <L351>
L341:
   341: r2 = 24
   342: r1 = r6
   343: r3 = r10
   344: r3 += -64
   345: r4 = 16
   346: call bpf_skb_load_bytes
   347: if r0 == 0x0 goto +1 <L349>
   348:     goto +63 <L412>
L349:
   349: r3 = r10
   350: r3 += -64
L351:
   351: r1 = *(u64 *)(r3 +0)
   352: r1 = be64 r1
   353: *(u64 *)(r10 -168) = r1
   354: r1 = *(u64 *)(r3 +8)
   355: r1 = be64 r1
   356: *(u64 *)(r10 -160) = r1
   357: r8 = *(u64 *)(r10 -168)
   358: r9 = *(u64 *)(r10 -160)
   359: r1 = 0x20010db800200000 ll
   361: if r8 >= r1 goto +1 <L363>
   362:     goto +49 <L412>
L363:
   363: r1 = 0x20010db800200000 ll
   365: if r8 > r1 goto +3 <L369>
   366: if r9 >= 0x0 goto +1 <L368>
   367:     goto +44 <L412>
L368:
   368: if r9 > 0x0 goto +0 <L369>
L369:
   369: r1 = 0x20010db80020ffff ll
   371: if r8 < r1 goto +11 <L383>
   372: r1 = 0x20010db80020ffff ll
   374: if r8 <= r1 goto +1 <L376>
   375:     goto +36 <L412>
L376:
   376: r1 = 0xffffffffffffffff ll
   378: if r9 < r1 goto +4 <L383>
   379: r1 = 0xffffffffffffffff ll
   381: if r9 <= r1 goto +1 <L383>
   382:     goto +29 <L412>
L383:
   383: r0 = *(u32 *)(r6 +52)
   384: r0 &= 65535
   385: if r0 == 0x6 goto +1 <L387>
   386:     goto +25 <L412>
L387:
   387: r2 = *(u32 *)(r6 +56)
   388: r2 &= 65535
   389: if r2 != 0xffff goto +1 <L391>
   390:     goto +21 <L412>
L391:
   391: r2 += 2
   392: if r2 > 0xff00 goto +8 <L401>
   393: r3 = *(u32 *)(r6 +76)
   394: r4 = *(u32 *)(r6 +80)
   395: r3 += r2
   396: r1 = r3
   397: r1 += 2
   398: if r1 > r4 goto +2 <L401>
   399: r0 = *(u16 *)(r3 +0)
   400:     goto +8 <L409>
L401:
   401: r1 = r6
   402: r3 = r10
   403: r3 += -64
   404: r4 = 2
   405: call bpf_skb_load_bytes
   406: if r0 == 0x0 goto +1 <L408>
   407:     goto +4 <L412>
L408:
   408: r0 = *(u16 *)(r10 -64)
L409:
   409: r0 = be16 r0
   410: if r0 == 0x1538 goto +122 <L533>
   411:     goto +0 <L412>
; examples/batch-job.nft:14: ip daddr . tcp dport { 10.30.0.5 . 443, 10.30.0.6 . 443 } accept
L412:
   412: r0 = *(u32 *)(r6 +48)
   413: r0 &= 65535
   414: if r0 == 0x2 goto +1 <L416>
   415:     goto +65 <L481>
L416:
   416: r0 = *(u32 *)(r6 +52)
   417: r0 &= 65535
   418: if r0 == 0x6 goto +1 <L420>
   419:     goto +61 <L481>
L420:
   420: r3 = *(u32 *)(r6 +76)
   421: r4 = *(u32 *)(r6 +80)
   422: r1 = r3
   423: r1 += 20
   424: if r1 > r4 goto +3 <L428>
   425: r3 += 16
   426: r0 = *(u32 *)(r3 +0)
   427:     goto +9 <L437>
L428:
   428: r2 = 16
   429: r1 = r6
   430: r3 = r10
   431: r3 += -64
   432: r4 = 4
   433: call bpf_skb_load_bytes
   434: if r0 == 0x0 goto +1 <L436>
   435:     goto +45 <L481>
L436:
   436: r0 = *(u32 *)(r10 -64)
L437:
   437: r0 = be32 r0
   438: *(u64 *)(r10 -168) = 0
   439: *(u64 *)(r10 -160) = r0
   440: r2 = *(u32 *)(r6 +56)
   441: r2 &= 65535
   442: if r2 != 0xffff goto +1 <L444>
   443:     goto +37 <L481>
L444:
   444: r2 += 2
   445: if r2 > 0xff00 goto +8 <L454>
   446: r3 = *(u32 *)(r6 +76)
   447: r4 = *(u32 *)(r6 +80)
   448: r3 += r2
   449: r1 = r3
   450: r1 += 2
   451: if r1 > r4 goto +2 <L454>
   452: r0 = *(u16 *)(r3 +0)
   453:     goto +8 <L462>
L454:
   454: r1 = r6
   455: r3 = r10
   456: r3 += -64
   457: r4 = 2
   458: call bpf_skb_load_bytes
   459: if r0 == 0x0 goto +1 <L461>
   460:     goto +20 <L481>
L461:
   461: r0 = *(u16 *)(r10 -64)
L462:
   462: r0 = be16 r0
   463: *(u64 *)(r10 -152) = 0
   464: *(u64 *)(r10 -144) = r0
   465: r9 = *(u64 *)(r10 -160)
   466: r9 ^= 0
   467: if r9 == 0xa1e0005 goto +1 <L469>
   468:     goto +4 <L473>
L469:
   469: r9 = *(u64 *)(r10 -144)
   470: r9 ^= 0
   471: if r9 == 0x1bb goto +61 <L533>
   472:     goto +0 <L473>
L473:
   473: r9 = *(u64 *)(r10 -160)
   474: r9 ^= 0
   475: if r9 == 0xa1e0006 goto +1 <L477>
   476:     goto +4 <L481>
L477:
   477: r9 = *(u64 *)(r10 -144)
   478: r9 ^= 0
   479: if r9 == 0x1bb goto +53 <L533>
   480:     goto +0 <L481>
; examples/batch-job.nft:15: udp dport 53 accept
L481:
   481: r0 = *(u32 *)(r6 +52)
   482: r0 &= 65535
   483: if r0 == 0x11 goto +1 <L485>
   484:     goto +25 <L510>
L485:
   485: r2 = *(u32 *)(r6 +56)
   486: r2 &= 65535
   487: if r2 != 0xffff goto +1 <L489>
   488:     goto +21 <L510>
L489:
   489: r2 += 2
   490: if r2 > 0xff00 goto +8 <L499>
   491: r3 = *(u32 *)(r6 +76)
   492: r4 = *(u32 *)(r6 +80)
   493: r3 += r2
   494: r1 = r3
   495: r1 += 2
   496: if r1 > r4 goto +2 <L499>
   497: r0 = *(u16 *)(r3 +0)
   498:     goto +8 <L507>
L499:
   499: r1 = r6
   500: r3 = r10
   501: r3 += -64
   502: r4 = 2
   503: call bpf_skb_load_bytes
   504: if r0 == 0x0 goto +1 <L506>
   505:     goto +4 <L510>
L506:
   506: r0 = *(u16 *)(r10 -64)
L507:
   507: r0 = be16 r0
   508: if r0 == 0x35 goto +24 <L533>
   509:     goto +0 <L510>
; examples/batch-job.nft:16: meta l4proto { icmp, ipv6-icmp } accept
L510:
   510: r0 = *(u32 *)(r6 +52)
   511: r0 &= 65535
   512: if r0 != 0x100 goto +1 <L514>
   513:     goto +3 <L517>
L514:
   514: if r0 == 0x1 goto +18 <L533>
   515: if r0 == 0x3a goto +17 <L533>
   516:     goto +0 <L517>
; examples/batch-job.nft:17: counter
L517:
   517: *(u32 *)(r10 -8) = 1
   518: r1 = map[counters] ll
   520: r2 = r10
   521: r2 += -8
   522: call bpf_map_lookup_elem
   523: if r0 == 0x0 goto +7 <L531>
   524: r1 = *(u64 *)(r0 +0)
   525: r1 += 1
   526: *(u64 *)(r0 +0) = r1
   527: r2 = *(u32 *)(r6 +0)
   528: r1 = *(u64 *)(r0 +8)
   529: r1 += r2
   530: *(u64 *)(r0 +8) = r1
; (prologue/epilogue)
L531:
   531: r0 = 0
   532: exit
L533:
   533: r0 = 1
   534: exit

maps: ; what the loader writes before the programs run
	counters: percpu_array, 2 counters {packets, bytes}
		[0] packets 0, bytes 0 ; batch batch/egress_filter/tcp dport { 22, 25 } counter drop
		[1] packets 0, bytes 0 ; batch batch/egress_filter/counter
