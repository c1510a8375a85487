batch_egress: ; section cgroup_skb/egress, 729 instructions
; (prologue/epilogue)
     0: r6 = r1
     1: r1 = *(u32 *)(r6 +16)
     2: r1 = be16 r1
     3: if r1 == 0x800 goto +6 <L10>
     4: if r1 == 0x86dd goto +37 <L42>
     5: *(u64 *)(r10 -16) = 0
     6: *(u64 *)(r10 -24) = 256
     7: *(u64 *)(r10 -32) = 0
     8: *(u64 *)(r10 -40) = 0
     9:     goto +449 <L459>
L10:
    10: *(u64 *)(r10 -16) = 2
    11: r2 = 0
    12: r1 = r6
    13: r3 = r10
    14: r3 += -104
    15: r4 = 20
    16: call bpf_skb_load_bytes
    17: if r0 != 0x0 goto +20 <L38>
    18: r7 = *(u8 *)(r10 -104)
    19: r1 = r7
    20: r1 >>= 4
    21: if r1 != 0x4 goto +16 <L38>
    22: r7 &= 15
    23: if r7 < 0x5 goto +14 <L38>
    24: r7 <<= 2
    25: r8 = *(u16 *)(r10 -102)
    26: r8 = be16 r8
    27: r1 = *(u32 *)(r6 +0)
    28: if r8 > r1 goto +9 <L38>
    29: if r8 < r7 goto +8 <L38>
    30: *(u64 *)(r10 -32) = r7
    31: r1 = *(u8 *)(r10 -95)
    32: *(u64 *)(r10 -24) = r1
    33: r1 = *(u16 *)(r10 -98)
    34: r1 = be16 r1
    35: r1 &= 8191
    36: *(u64 *)(r10 -40) = r1
    37:     goto +421 <L459>
L38:
    38: *(u64 *)(r10 -24) = 256
    39: *(u64 *)(r10 -32) = 0
    40: *(u64 *)(r10 -40) = 0
    41:     goto +417 <L459>
L42:
    42: *(u64 *)(r10 -16) = 10
    43: r2 = 0
    44: r1 = r6
    45: r3 = r10
    46: r3 += -104
    47: r4 = 40
    48: call bpf_skb_load_bytes
    49: if r0 != 0x0 goto +405 <L455>
    50: r1 = *(u8 *)(r10 -104)
    51: r1 >>= 4
    52: if r1 != 0x6 goto +402 <L455>
    53: r8 = *(u16 *)(r10 -100)
    54: r8 = be16 r8
    55: r8 += 40
    56: r1 = *(u32 *)(r6 +0)
    57: if r8 > r1 goto +397 <L455>
    58: r7 = *(u8 *)(r10 -98)
    59: r8 = 40
    60: *(u64 *)(r10 -40) = 0
    61: if r7 == 0x0 goto +5 <L67>
    62: if r7 == 0x2b goto +4 <L67>
    63: if r7 == 0x2c goto +3 <L67>
    64: if r7 == 0x33 goto +2 <L67>
    65: if r7 == 0x3c goto +1 <L67>
    66:     goto +385 <L452>
L67:
    67: r2 = r8
    68: r1 = r6
    69: r3 = r10
    70: r3 += -64
    71: r4 = 2
    72: call bpf_skb_load_bytes
    73: if r0 != 0x0 goto +381 <L455>
    74: if r7 == 0x2c goto +9 <L84>
    75: if r7 == 0x33 goto +4 <L80>
    76: r1 = *(u8 *)(r10 -63)
    77: r1 += 1
    78: r1 <<= 3
    79:     goto +27 <L107>
L80:
    80: r1 = *(u8 *)(r10 -63)
    81: r1 += 2
    82: r1 <<= 2
    83:     goto +23 <L107>
L84:
    84: r2 = r8
    85: r2 += 2
    86: r1 = r6
    87: r3 = r10
    88: r3 += -62
    89: r4 = 2
    90: call bpf_skb_load_bytes
    91: if r0 != 0x0 goto +363 <L455>
    92: r1 = *(u16 *)(r10 -62)
    93: r1 = be16 r1
    94: r1 &= 65528
    95: if r1 == 0x0 goto +10 <L106>
    96: *(u64 *)(r10 -40) = r1
    97: r7 = *(u8 *)(r10 -64)
    98: if r7 == 0x3b goto +5 <L104>
    99: if r7 == 0x0 goto +355 <L455>
   100: if r7 == 0x2b goto +354 <L455>
   101: if r7 == 0x2c goto +353 <L455>
   102: if r7 == 0x33 goto +352 <L455>
   103: if r7 == 0x3c goto +351 <L455>
L104:
   104: r8 = 0
   105:     goto +346 <L452>
L106:
   106: r1 = 8
L107:
   107: r8 += r1
   108: r7 = *(u8 *)(r10 -64)
   109: if r7 == 0x0 goto +5 <L115>
   110: if r7 == 0x2b goto +4 <L115>
   111: if r7 == 0x2c goto +3 <L115>
   112: if r7 == 0x33 goto +2 <L115>
   113: if r7 == 0x3c goto +1 <L115>
   114:     goto +337 <L452>
L115:
   115: r2 = r8
   116: r1 = r6
   117: r3 = r10
   118: r3 += -64
   119: r4 = 2
   120: call bpf_skb_load_bytes
   121: if r0 != 0x0 goto +333 <L455>
   122: if r7 == 0x2c goto +9 <L132>
   123: if r7 == 0x33 goto +4 <L128>
   124: r1 = *(u8 *)(r10 -63)
   125: r1 += 1
   126: r1 <<= 3
   127:     goto +27 <L155>
L128:
   128: r1 = *(u8 *)(r10 -63)
   129: r1 += 2
   130: r1 <<= 2
   131:     goto +23 <L155>
L132:
   132: r2 = r8
   133: r2 += 2
   134: r1 = r6
   135: r3 = r10
   136: r3 += -62
   137: r4 = 2
   138: call bpf_skb_load_bytes
   139: if r0 != 0x0 goto +315 <L455>
   140: r1 = *(u16 *)(r10 -62)
   141: r1 = be16 r1
   142: r1 &= 65528
   143: if r1 == 0x0 goto +10 <L154>
   144: *(u64 *)(r10 -40) = r1
   145: r7 = *(u8 *)(r10 -64)
   146: if r7 == 0x3b goto +5 <L152>
   147: if r7 == 0x0 goto +307 <L455>
   148: if r7 == 0x2b goto +306 <L455>
   149: if r7 == 0x2c goto +305 <L455>
   150: if r7 == 0x33 goto +304 <L455>
   151: if r7 == 0x3c goto +303 <L455>
L152:
   152: r8 = 0
   153:     goto +298 <L452>
L154:
   154: r1 = 8
L155:
   155: r8 += r1
   156: r7 = *(u8 *)(r10 -64)
   157: if r7 == 0x0 goto +5 <L163>
   158: if r7 == 0x2b goto +4 <L163>
   159: if r7 == 0x2c goto +3 <L163>
   160: if r7 == 0x33 goto +2 <L163>
   161: if r7 == 0x3c goto +1 <L163>
   162:     goto +289 <L452>
L163:
   163: r2 = r8
   164: r1 = r6
   165: r3 = r10
   166: r3 += -64
   167: r4 = 2
   168: call bpf_skb_load_bytes
   169: if r0 != 0x0 goto +285 <L455>
   170: if r7 == 0x2c goto +9 <L180>
   171: if r7 == 0x33 goto +4 <L176>
   172: r1 = *(u8 *)(r10 -63)
   173: r1 += 1
   174: r1 <<= 3
   175:     goto +27 <L203>
L176:
   176: r1 = *(u8 *)(r10 -63)
   177: r1 += 2
   178: r1 <<= 2
   179:     goto +23 <L203>
L180:
   180: r2 = r8
   181: r2 += 2
   182: r1 = r6
   183: r3 = r10
   184: r3 += -62
   185: r4 = 2
   186: call bpf_skb_load_bytes
   187: if r0 != 0x0 goto +267 <L455>
   188: r1 = *(u16 *)(r10 -62)
   189: r1 = be16 r1
   190: r1 &= 65528
   191: if r1 == 0x0 goto +10 <L202>
   192: *(u64 *)(r10 -40) = r1
   193: r7 = *(u8 *)(r10 -64)
   194: if r7 == 0x3b goto +5 <L200>
   195: if r7 == 0x0 goto +259 <L455>
   196: if r7 == 0x2b goto +258 <L455>
   197: if r7 == 0x2c goto +257 <L455>
   198: if r7 == 0x33 goto +256 <L455>
   199: if r7 == 0x3c goto +255 <L455>
L200:
   200: r8 = 0
   201:     goto +250 <L452>
L202:
   202: r1 = 8
L203:
   203: r8 += r1
   204: r7 = *(u8 *)(r10 -64)
   205: if r7 == 0x0 goto +5 <L211>
   206: if r7 == 0x2b goto +4 <L211>
   207: if r7 == 0x2c goto +3 <L211>
   208: if r7 == 0x33 goto +2 <L211>
   209: if r7 == 0x3c goto +1 <L211>
   210:     goto +241 <L452>
L211:
   211: r2 = r8
   212: r1 = r6
   213: r3 = r10
   214: r3 += -64
   215: r4 = 2
   216: call bpf_skb_load_bytes
   217: if r0 != 0x0 goto +237 <L455>
   218: if r7 == 0x2c goto +9 <L228>
   219: if r7 == 0x33 goto +4 <L224>
   220: r1 = *(u8 *)(r10 -63)
   221: r1 += 1
   222: r1 <<= 3
   223:     goto +27 <L251>
L224:
   224: r1 = *(u8 *)(r10 -63)
   225: r1 += 2
   226: r1 <<= 2
   227:     goto +23 <L251>
L228:
   228: r2 = r8
   229: r2 += 2
   230: r1 = r6
   231: r3 = r10
   232: r3 += -62
   233: r4 = 2
   234: call bpf_skb_load_bytes
   235: if r0 != 0x0 goto +219 <L455>
   236: r1 = *(u16 *)(r10 -62)
   237: r1 = be16 r1
   238: r1 &= 65528
   239: if r1 == 0x0 goto +10 <L250>
   240: *(u64 *)(r10 -40) = r1
   241: r7 = *(u8 *)(r10 -64)
   242: if r7 == 0x3b goto +5 <L248>
   243: if r7 == 0x0 goto +211 <L455>
   244: if r7 == 0x2b goto +210 <L455>
   245: if r7 == 0x2c goto +209 <L455>
   246: if r7 == 0x33 goto +208 <L455>
   247: if r7 == 0x3c goto +207 <L455>
L248:
   248: r8 = 0
   249:     goto +202 <L452>
L250:
   250: r1 = 8
L251:
   251: r8 += r1
   252: r7 = *(u8 *)(r10 -64)
   253: if r7 == 0x0 goto +5 <L259>
   254: if r7 == 0x2b goto +4 <L259>
   255: if r7 == 0x2c goto +3 <L259>
   256: if r7 == 0x33 goto +2 <L259>
   257: if r7 == 0x3c goto +1 <L259>
   258:     goto +193 <L452>
L259:
   259: r2 = r8
   260: r1 = r6
   261: r3 = r10
   262: r3 += -64
   263: r4 = 2
   264: call bpf_skb_load_bytes
   265: if r0 != 0x0 goto +189 <L455>
   266: if r7 == 0x2c goto +9 <L276>
   267: if r7 == 0x33 goto +4 <L272>
   268: r1 = *(u8 *)(r10 -63)
   269: r1 += 1
   270: r1 <<= 3
   271:     goto +27 <L299>
L272:
   272: r1 = *(u8 *)(r10 -63)
   273: r1 += 2
   274: r1 <<= 2
   275:     goto +23 <L299>
L276:
   276: r2 = r8
   277: r2 += 2
   278: r1 = r6
   279: r3 = r10
   280: r3 += -62
   281: r4 = 2
   282: call bpf_skb_load_bytes
   283: if r0 != 0x0 goto +171 <L455>
   284: r1 = *(u16 *)(r10 -62)
   285: r1 = be16 r1
   286: r1 &= 65528
   287: if r1 == 0x0 goto +10 <L298>
   288: *(u64 *)(r10 -40) = r1
   289: r7 = *(u8 *)(r10 -64)
   290: if r7 == 0x3b goto +5 <L296>
   291: if r7 == 0x0 goto +163 <L455>
   292: if r7 == 0x2b goto +162 <L455>
   293: if r7 == 0x2c goto +161 <L455>
   294: if r7 == 0x33 goto +160 <L455>
   295: if r7 == 0x3c goto +159 <L455>
L296:
   296: r8 = 0
   297:     goto +154 <L452>
L298:
   298: r1 = 8
L299:
   299: r8 += r1
   300: r7 = *(u8 *)(r10 -64)
   301: if r7 == 0x0 goto +5 <L307>
   302: if r7 == 0x2b goto +4 <L307>
   303: if r7 == 0x2c goto +3 <L307>
   304: if r7 == 0x33 goto +2 <L307>
   305: if r7 == 0x3c goto +1 <L307>
   306:     goto +145 <L452>
L307:
   307: r2 = r8
   308: r1 = r6
   309: r3 = r10
   310: r3 += -64
   311: r4 = 2
   312: call bpf_skb_load_bytes
   313: if r0 != 0x0 goto +141 <L455>
   314: if r7 == 0x2c goto +9 <L324>
   315: if r7 == 0x33 goto +4 <L320>
   316: r1 = *(u8 *)(r10 -63)
   317: r1 += 1
   318: r1 <<= 3
   319:     goto +27 <L347>
L320:
   320: r1 = *(u8 *)(r10 -63)
   321: r1 += 2
   322: r1 <<= 2
   323:     goto +23 <L347>
L324:
   324: r2 = r8
   325: r2 += 2
   326: r1 = r6
   327: r3 = r10
   328: r3 += -62
   329: r4 = 2
   330: call bpf_skb_load_bytes
   331: if r0 != 0x0 goto +123 <L455>
   332: r1 = *(u16 *)(r10 -62)
   333: r1 = be16 r1
   334: r1 &= 65528
   335: if r1 == 0x0 goto +10 <L346>
   336: *(u64 *)(r10 -40) = r1
   337: r7 = *(u8 *)(r10 -64)
   338: if r7 == 0x3b goto +5 <L344>
   339: if r7 == 0x0 goto +115 <L455>
   340: if r7 == 0x2b goto +114 <L455>
   341: if r7 == 0x2c goto +113 <L455>
   342: if r7 == 0x33 goto +112 <L455>
   343: if r7 == 0x3c goto +111 <L455>
L344:
   344: r8 = 0
   345:     goto +106 <L452>
L346:
   346: r1 = 8
L347:
   347: r8 += r1
   348: r7 = *(u8 *)(r10 -64)
   349: if r7 == 0x0 goto +5 <L355>
   350: if r7 == 0x2b goto +4 <L355>
   351: if r7 == 0x2c goto +3 <L355>
   352: if r7 == 0x33 goto +2 <L355>
   353: if r7 == 0x3c goto +1 <L355>
   354:     goto +97 <L452>
L355:
   355: r2 = r8
   356: r1 = r6
   357: r3 = r10
   358: r3 += -64
   359: r4 = 2
   360: call bpf_skb_load_bytes
   361: if r0 != 0x0 goto +93 <L455>
   362: if r7 == 0x2c goto +9 <L372>
   363: if r7 == 0x33 goto +4 <L368>
   364: r1 = *(u8 *)(r10 -63)
   365: r1 += 1
   366: r1 <<= 3
   367:     goto +27 <L395>
L368:
   368: r1 = *(u8 *)(r10 -63)
   369: r1 += 2
   370: r1 <<= 2
   371:     goto +23 <L395>
L372:
   372: r2 = r8
   373: r2 += 2
   374: r1 = r6
   375: r3 = r10
   376: r3 += -62
   377: r4 = 2
   378: call bpf_skb_load_bytes
   379: if r0 != 0x0 goto +75 <L455>
   380: r1 = *(u16 *)(r10 -62)
   381: r1 = be16 r1
   382: r1 &= 65528
   383: if r1 == 0x0 goto +10 <L394>
   384: *(u64 *)(r10 -40) = r1
   385: r7 = *(u8 *)(r10 -64)
   386: if r7 == 0x3b goto +5 <L392>
   387: if r7 == 0x0 goto +67 <L455>
   388: if r7 == 0x2b goto +66 <L455>
   389: if r7 == 0x2c goto +65 <L455>
   390: if r7 == 0x33 goto +64 <L455>
   391: if r7 == 0x3c goto +63 <L455>
L392:
   392: r8 = 0
   393:     goto +58 <L452>
L394:
   394: r1 = 8
L395:
   395: r8 += r1
   396: r7 = *(u8 *)(r10 -64)
   397: if r7 == 0x0 goto +5 <L403>
   398: if r7 == 0x2b goto +4 <L403>
   399: if r7 == 0x2c goto +3 <L403>
   400: if r7 == 0x33 goto +2 <L403>
   401: if r7 == 0x3c goto +1 <L403>
   402:     goto +49 <L452>
L403:
   403: r2 = r8
   404: r1 = r6
   405: r3 = r10
   406: r3 += -64
   407: r4 = 2
   408: call bpf_skb_load_bytes
   409: if r0 != 0x0 goto +45 <L455>
   410: if r7 == 0x2c goto +9 <L420>
   411: if r7 == 0x33 goto +4 <L416>
   412: r1 = *(u8 *)(r10 -63)
   413: r1 += 1
   414: r1 <<= 3
   415:     goto +27 <L443>
L416:
   416: r1 = *(u8 *)(r10 -63)
   417: r1 += 2
   418: r1 <<= 2
   419:     goto +23 <L443>
L420:
   420: r2 = r8
   421: r2 += 2
   422: r1 = r6
   423: r3 = r10
   424: r3 += -62
   425: r4 = 2
   426: call bpf_skb_load_bytes
   427: if r0 != 0x0 goto +27 <L455>
   428: r1 = *(u16 *)(r10 -62)
   429: r1 = be16 r1
   430: r1 &= 65528
   431: if r1 == 0x0 goto +10 <L442>
   432: *(u64 *)(r10 -40) = r1
   433: r7 = *(u8 *)(r10 -64)
   434: if r7 == 0x3b goto +5 <L440>
   435: if r7 == 0x0 goto +19 <L455>
   436: if r7 == 0x2b goto +18 <L455>
   437: if r7 == 0x2c goto +17 <L455>
   438: if r7 == 0x33 goto +16 <L455>
   439: if r7 == 0x3c goto +15 <L455>
L440:
   440: r8 = 0
   441:     goto +10 <L452>
L442:
   442: r1 = 8
L443:
   443: r8 += r1
   444: r7 = *(u8 *)(r10 -64)
   445: if r7 == 0x0 goto +5 <L451>
   446: if r7 == 0x2b goto +4 <L451>
   447: if r7 == 0x2c goto +3 <L451>
   448: if r7 == 0x33 goto +2 <L451>
   449: if r7 == 0x3c goto +1 <L451>
   450:     goto +1 <L452>
L451:
   451:     goto +3 <L455>
L452:
   452: *(u64 *)(r10 -24) = r7
   453: *(u64 *)(r10 -32) = r8
   454:     goto +4 <L459>
L455:
   455: *(u64 *)(r10 -24) = 256
   456: *(u64 *)(r10 -32) = 0
   457: *(u64 *)(r10 -40) = 0
   458:     goto +0 <L459>
; examples/batch-job.nft:11: tcp dport { 22, 25 } counter drop
L459:
   459: r0 = *(u64 *)(r10 -24)
   460: r0 &= 65535
   461: if r0 == 0x100 goto +37 <L499>
   462: if r0 != 0x6 goto +36 <L499>
   463: r1 = *(u64 *)(r10 -24)
   464: r1 &= 65535
   465: if r1 == 0x100 goto +33 <L499>
   466: r1 = *(u64 *)(r10 -40)
   467: r1 &= 65535
   468: if r1 != 0x0 goto +30 <L499>
   469: r2 = *(u64 *)(r10 -32)
   470: r2 &= 65535
   471: r2 += 2
   472: r1 = r6
   473: r3 = r10
   474: r3 += -64
   475: r4 = 2
   476: call bpf_skb_load_bytes
   477: if r0 != 0x0 goto +21 <L499>
   478: r0 = *(u16 *)(r10 -64)
   479: r0 = be16 r0
   480: if r0 == 0x16 goto +2 <L483>
   481: if r0 == 0x19 goto +1 <L483>
   482:     goto +16 <L499>
L483:
   483: *(u32 *)(r10 -8) = 0
   484: r1 = map[counters] ll
   486: r2 = r10
   487: r2 += -8
   488: call bpf_map_lookup_elem
   489: if r0 == 0x0 goto +7 <L497>
   490: r1 = *(u64 *)(r0 +0)
   491: r1 += 1
   492: *(u64 *)(r0 +0) = r1
   493: r2 = *(u32 *)(r6 +0)
   494: r1 = *(u64 *)(r0 +8)
   495: r1 += r2
   496: *(u64 *)(r0 +8) = r1
L497:
   497: r0 = 0
   498: exit
; examples/batch-job.nft:12: ip daddr $db4 tcp dport 5432 accept
L499:
   499: r0 = *(u64 *)(r10 -16)
   500: r0 &= 65535
   501: if r0 == 0x0 goto +35 <L537>
   502: if r0 != 0x2 goto +34 <L537>
   503: r2 = 16
   504: r1 = r6
   505: r3 = r10
   506: r3 += -64
   507: r4 = 4
   508: call bpf_skb_load_bytes
   509: if r0 != 0x0 goto +27 <L537>
   510: r0 = *(u32 *)(r10 -64)
   511: r0 = be32 r0
   512: if r0 < 0xa140000 goto +24 <L537>
   513: if r0 > 0xa14ffff goto +23 <L537>
   514: r0 = *(u64 *)(r10 -24)
   515: r0 &= 65535
   516: if r0 == 0x100 goto +20 <L537>
   517: if r0 != 0x6 goto +19 <L537>
   518: r1 = *(u64 *)(r10 -24)
   519: r1 &= 65535
   520: if r1 == 0x100 goto +16 <L537>
   521: r1 = *(u64 *)(r10 -40)
   522: r1 &= 65535
   523: if r1 != 0x0 goto +13 <L537>
   524: r2 = *(u64 *)(r10 -32)
   525: r2 &= 65535
   526: r2 += 2
   527: r1 = r6
   528: r3 = r10
   529: r3 += -64
   530: r4 = 2
   531: call bpf_skb_load_bytes
   532: if r0 != 0x0 goto +4 <L537>
   533: r0 = *(u16 *)(r10 -64)
   534: r0 = be16 r0
   535: if r0 != 0x1538 goto +1 <L537>
   536:     goto +190 <L727>
; examples/batch-job.nft:13: ip6 daddr $db6 tcp dport 5432 accept
L537:
   537: r0 = *(u64 *)(r10 -16)
   538: r0 &= 65535
   539: if r0 == 0x0 goto +59 <L599>
   540: if r0 != 0xa goto +58 <L599>
   541: r2 = 24
   542: r1 = r6
   543: r3 = r10
   544: r3 += -64
   545: r4 = 16
   546: call bpf_skb_load_bytes
   547: if r0 != 0x0 goto +51 <L599>
   548: r1 = *(u64 *)(r10 -64)
   549: r1 = be64 r1
   550: *(u64 *)(r10 -168) = r1
   551: r1 = *(u64 *)(r10 -56)
   552: r1 = be64 r1
   553: *(u64 *)(r10 -160) = r1
   554: r8 = *(u64 *)(r10 -168)
   555: r9 = *(u64 *)(r10 -160)
   556: r1 = 0x20010db800200000 ll
   558: if r8 < r1 goto +40 <L599>
   559: r1 = 0x20010db800200000 ll
   561: if r8 > r1 goto +2 <L564>
   562: if r9 < 0x0 goto +36 <L599>
   563: if r9 > 0x0 goto +0 <L564>
L564:
   564: r1 = 0x20010db80020ffff ll
   566: if r8 < r1 goto +9 <L576>
   567: r1 = 0x20010db80020ffff ll
   569: if r8 > r1 goto +29 <L599>
   570: r1 = 0xffffffffffffffff ll
   572: if r9 < r1 goto +3 <L576>
   573: r1 = 0xffffffffffffffff ll
   575: if r9 > r1 goto +23 <L599>
L576:
   576: r0 = *(u64 *)(r10 -24)
   577: r0 &= 65535
   578: if r0 == 0x100 goto +20 <L599>
   579: if r0 != 0x6 goto +19 <L599>
   580: r1 = *(u64 *)(r10 -24)
   581: r1 &= 65535
   582: if r1 == 0x100 goto +16 <L599>
   583: r1 = *(u64 *)(r10 -40)
   584: r1 &= 65535
   585: if r1 != 0x0 goto +13 <L599>
   586: r2 = *(u64 *)(r10 -32)
   587: r2 &= 65535
   588: r2 += 2
   589: r1 = r6
   590: r3 = r10
   591: r3 += -64
   592: r4 = 2
   593: call bpf_skb_load_bytes
   594: if r0 != 0x0 goto +4 <L599>
   595: r0 = *(u16 *)(r10 -64)
   596: r0 = be16 r0
   597: if r0 != 0x1538 goto +1 <L599>
   598:     goto +128 <L727>
; examples/batch-job.nft:14: ip daddr . tcp dport { 10.30.0.5 . 443, 10.30.0.6 . 443 } accept
L599:
   599: r0 = *(u64 *)(r10 -16)
   600: r0 &= 65535
   601: if r0 == 0x0 goto +79 <L681>
   602: if r0 != 0x2 goto +78 <L681>
   603: r0 = *(u64 *)(r10 -24)
   604: r0 &= 65535
   605: if r0 == 0x100 goto +75 <L681>
   606: if r0 != 0x6 goto +74 <L681>
   607: r2 = 16
   608: r1 = r6
   609: r3 = r10
   610: r3 += -64
   611: r4 = 4
   612: call bpf_skb_load_bytes
   613: if r0 != 0x0 goto +67 <L681>
   614: r0 = *(u32 *)(r10 -64)
   615: r0 = be32 r0
   616: *(u64 *)(r10 -168) = 0
   617: *(u64 *)(r10 -160) = r0
   618: r1 = *(u64 *)(r10 -24)
   619: r1 &= 65535
   620: if r1 == 0x100 goto +60 <L681>
   621: r1 = *(u64 *)(r10 -40)
   622: r1 &= 65535
   623: if r1 != 0x0 goto +57 <L681>
   624: r2 = *(u64 *)(r10 -32)
   625: r2 &= 65535
   626: r2 += 2
   627: r1 = r6
   628: r3 = r10
   629: r3 += -64
   630: r4 = 2
   631: call bpf_skb_load_bytes
   632: if r0 != 0x0 goto +48 <L681>
   633: r0 = *(u16 *)(r10 -64)
   634: r0 = be16 r0
   635: *(u64 *)(r10 -152) = 0
   636: *(u64 *)(r10 -144) = r0
   637: r8 = *(u64 *)(r10 -168)
   638: r9 = *(u64 *)(r10 -160)
   639: if r8 < 0x0 goto +18 <L658>
   640: if r8 > 0x0 goto +2 <L643>
   641: if r9 < 0xa1e0005 goto +16 <L658>
   642: if r9 > 0xa1e0005 goto +0 <L643>
L643:
   643: if r8 < 0x0 goto +3 <L647>
   644: if r8 > 0x0 goto +13 <L658>
   645: if r9 < 0xa1e0005 goto +1 <L647>
   646: if r9 > 0xa1e0005 goto +11 <L658>
L647:
   647: r8 = *(u64 *)(r10 -152)
   648: r9 = *(u64 *)(r10 -144)
   649: if r8 < 0x0 goto +8 <L658>
   650: if r8 > 0x0 goto +2 <L653>
   651: if r9 < 0x1bb goto +6 <L658>
   652: if r9 > 0x1bb goto +0 <L653>
L653:
   653: if r8 < 0x0 goto +3 <L657>
   654: if r8 > 0x0 goto +3 <L658>
   655: if r9 < 0x1bb goto +1 <L657>
   656: if r9 > 0x1bb goto +1 <L658>
L657:
   657:     goto +22 <L680>
L658:
   658: r8 = *(u64 *)(r10 -168)
   659: r9 = *(u64 *)(r10 -160)
   660: if r8 < 0x0 goto +18 <L679>
   661: if r8 > 0x0 goto +2 <L664>
   662: if r9 < 0xa1e0006 goto +16 <L679>
   663: if r9 > 0xa1e0006 goto +0 <L664>
L664:
   664: if r8 < 0x0 goto +3 <L668>
   665: if r8 > 0x0 goto +13 <L679>
   666: if r9 < 0xa1e0006 goto +1 <L668>
   667: if r9 > 0xa1e0006 goto +11 <L679>
L668:
   668: r8 = *(u64 *)(r10 -152)
   669: r9 = *(u64 *)(r10 -144)
   670: if r8 < 0x0 goto +8 <L679>
   671: if r8 > 0x0 goto +2 <L674>
   672: if r9 < 0x1bb goto +6 <L679>
   673: if r9 > 0x1bb goto +0 <L674>
L674:
   674: if r8 < 0x0 goto +3 <L678>
   675: if r8 > 0x0 goto +3 <L679>
   676: if r9 < 0x1bb goto +1 <L678>
   677: if r9 > 0x1bb goto +1 <L679>
L678:
   678:     goto +1 <L680>
L679:
   679:     goto +1 <L681>
L680:
   680:     goto +46 <L727>
; examples/batch-job.nft:15: udp dport 53 accept
L681:
   681: r0 = *(u64 *)(r10 -24)
   682: r0 &= 65535
   683: if r0 == 0x100 goto +20 <L704>
   684: if r0 != 0x11 goto +19 <L704>
   685: r1 = *(u64 *)(r10 -24)
   686: r1 &= 65535
   687: if r1 == 0x100 goto +16 <L704>
   688: r1 = *(u64 *)(r10 -40)
   689: r1 &= 65535
   690: if r1 != 0x0 goto +13 <L704>
   691: r2 = *(u64 *)(r10 -32)
   692: r2 &= 65535
   693: r2 += 2
   694: r1 = r6
   695: r3 = r10
   696: r3 += -64
   697: r4 = 2
   698: call bpf_skb_load_bytes
   699: if r0 != 0x0 goto +4 <L704>
   700: r0 = *(u16 *)(r10 -64)
   701: r0 = be16 r0
   702: if r0 != 0x35 goto +1 <L704>
   703:     goto +23 <L727>
; examples/batch-job.nft:16: meta l4proto { icmp, icmpv6 } accept
L704:
   704: r0 = *(u64 *)(r10 -24)
   705: r0 &= 65535
   706: if r0 == 0x100 goto +4 <L711>
   707: if r0 == 0x1 goto +2 <L710>
   708: if r0 == 0x3a goto +1 <L710>
   709:     goto +1 <L711>
L710:
   710:     goto +16 <L727>
; examples/batch-job.nft:17: counter
L711:
   711: *(u32 *)(r10 -8) = 1
   712: r1 = map[counters] ll
   714: r2 = r10
   715: r2 += -8
   716: call bpf_map_lookup_elem
   717: if r0 == 0x0 goto +7 <L725>
   718: r1 = *(u64 *)(r0 +0)
   719: r1 += 1
   720: *(u64 *)(r0 +0) = r1
   721: r2 = *(u32 *)(r6 +0)
   722: r1 = *(u64 *)(r0 +8)
   723: r1 += r2
   724: *(u64 *)(r0 +8) = r1
; (prologue/epilogue)
L725:
   725: r0 = 0
   726: exit
L727:
   727: r0 = 1
   728: exit
