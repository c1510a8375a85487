web_ingress: ; section cgroup_skb/ingress, 536 instructions
; (prologue/epilogue)
     0: r6 = r1
     1: r1 = *(u32 *)(r6 +16)
     2: r1 = be16 r1
     3: if r1 == 0x800 goto +6 <L10>
     4: if r1 == 0x86dd goto +28 <L33>
     5: *(u64 *)(r10 -16) = 0
     6: *(u64 *)(r10 -24) = 256
     7: *(u64 *)(r10 -32) = 0
     8: *(u64 *)(r10 -40) = 0
     9:     goto +401 <L411>
L10:
    10: *(u64 *)(r10 -16) = 2
    11: r2 = 0
    12: r1 = r6
    13: r3 = r10
    14: r3 += -104
    15: r4 = 20
    16: call bpf_skb_load_bytes
    17: if r0 != 0x0 goto +11 <L29>
    18: r7 = *(u8 *)(r10 -104)
    19: r7 &= 15
    20: r7 <<= 2
    21: *(u64 *)(r10 -32) = r7
    22: r1 = *(u8 *)(r10 -95)
    23: *(u64 *)(r10 -24) = r1
    24: r1 = *(u16 *)(r10 -98)
    25: r1 = be16 r1
    26: r1 &= 8191
    27: *(u64 *)(r10 -40) = r1
    28:     goto +382 <L411>
L29:
    29: *(u64 *)(r10 -24) = 256
    30: *(u64 *)(r10 -32) = 0
    31: *(u64 *)(r10 -40) = 0
    32:     goto +378 <L411>
L33:
    33: *(u64 *)(r10 -16) = 10
    34: r2 = 0
    35: r1 = r6
    36: r3 = r10
    37: r3 += -104
    38: r4 = 40
    39: call bpf_skb_load_bytes
    40: if r0 != 0x0 goto +366 <L407>
    41: r7 = *(u8 *)(r10 -98)
    42: r8 = 40
    43: *(u64 *)(r10 -40) = 0
    44: if r7 == 0x0 goto +5 <L50>
    45: if r7 == 0x2b goto +4 <L50>
    46: if r7 == 0x2c goto +3 <L50>
    47: if r7 == 0x33 goto +2 <L50>
    48: if r7 == 0x3c goto +1 <L50>
    49:     goto +354 <L404>
L50:
    50: if r7 == 0x33 goto +353 <L404>
    51: r2 = r8
    52: r1 = r6
    53: r3 = r10
    54: r3 += -64
    55: r4 = 2
    56: call bpf_skb_load_bytes
    57: if r0 != 0x0 goto +349 <L407>
    58: if r7 == 0x2c goto +4 <L63>
    59: r1 = *(u8 *)(r10 -63)
    60: r1 += 1
    61: r1 <<= 3
    62:     goto +23 <L86>
L63:
    63: r2 = r8
    64: r2 += 2
    65: r1 = r6
    66: r3 = r10
    67: r3 += -62
    68: r4 = 2
    69: call bpf_skb_load_bytes
    70: if r0 != 0x0 goto +336 <L407>
    71: r1 = *(u16 *)(r10 -62)
    72: r1 = be16 r1
    73: r1 &= 65528
    74: if r1 == 0x0 goto +10 <L85>
    75: *(u64 *)(r10 -40) = r1
    76: r7 = *(u8 *)(r10 -64)
    77: if r7 == 0x3b goto +5 <L83>
    78: if r7 == 0x0 goto +328 <L407>
    79: if r7 == 0x2b goto +327 <L407>
    80: if r7 == 0x2c goto +326 <L407>
    81: if r7 == 0x33 goto +325 <L407>
    82: if r7 == 0x3c goto +324 <L407>
L83:
    83: r8 = 0
    84:     goto +319 <L404>
L85:
    85: r1 = 8
L86:
    86: r8 += r1
    87: r7 = *(u8 *)(r10 -64)
    88: if r7 == 0x0 goto +5 <L94>
    89: if r7 == 0x2b goto +4 <L94>
    90: if r7 == 0x2c goto +3 <L94>
    91: if r7 == 0x33 goto +2 <L94>
    92: if r7 == 0x3c goto +1 <L94>
    93:     goto +310 <L404>
L94:
    94: if r7 == 0x33 goto +309 <L404>
    95: r2 = r8
    96: r1 = r6
    97: r3 = r10
    98: r3 += -64
    99: r4 = 2
   100: call bpf_skb_load_bytes
   101: if r0 != 0x0 goto +305 <L407>
   102: if r7 == 0x2c goto +4 <L107>
   103: r1 = *(u8 *)(r10 -63)
   104: r1 += 1
   105: r1 <<= 3
   106:     goto +23 <L130>
L107:
   107: r2 = r8
   108: r2 += 2
   109: r1 = r6
   110: r3 = r10
   111: r3 += -62
   112: r4 = 2
   113: call bpf_skb_load_bytes
   114: if r0 != 0x0 goto +292 <L407>
   115: r1 = *(u16 *)(r10 -62)
   116: r1 = be16 r1
   117: r1 &= 65528
   118: if r1 == 0x0 goto +10 <L129>
   119: *(u64 *)(r10 -40) = r1
   120: r7 = *(u8 *)(r10 -64)
   121: if r7 == 0x3b goto +5 <L127>
   122: if r7 == 0x0 goto +284 <L407>
   123: if r7 == 0x2b goto +283 <L407>
   124: if r7 == 0x2c goto +282 <L407>
   125: if r7 == 0x33 goto +281 <L407>
   126: if r7 == 0x3c goto +280 <L407>
L127:
   127: r8 = 0
   128:     goto +275 <L404>
L129:
   129: r1 = 8
L130:
   130: r8 += r1
   131: r7 = *(u8 *)(r10 -64)
   132: if r7 == 0x0 goto +5 <L138>
   133: if r7 == 0x2b goto +4 <L138>
   134: if r7 == 0x2c goto +3 <L138>
   135: if r7 == 0x33 goto +2 <L138>
   136: if r7 == 0x3c goto +1 <L138>
   137:     goto +266 <L404>
L138:
   138: if r7 == 0x33 goto +265 <L404>
   139: r2 = r8
   140: r1 = r6
   141: r3 = r10
   142: r3 += -64
   143: r4 = 2
   144: call bpf_skb_load_bytes
   145: if r0 != 0x0 goto +261 <L407>
   146: if r7 == 0x2c goto +4 <L151>
   147: r1 = *(u8 *)(r10 -63)
   148: r1 += 1
   149: r1 <<= 3
   150:     goto +23 <L174>
L151:
   151: r2 = r8
   152: r2 += 2
   153: r1 = r6
   154: r3 = r10
   155: r3 += -62
   156: r4 = 2
   157: call bpf_skb_load_bytes
   158: if r0 != 0x0 goto +248 <L407>
   159: r1 = *(u16 *)(r10 -62)
   160: r1 = be16 r1
   161: r1 &= 65528
   162: if r1 == 0x0 goto +10 <L173>
   163: *(u64 *)(r10 -40) = r1
   164: r7 = *(u8 *)(r10 -64)
   165: if r7 == 0x3b goto +5 <L171>
   166: if r7 == 0x0 goto +240 <L407>
   167: if r7 == 0x2b goto +239 <L407>
   168: if r7 == 0x2c goto +238 <L407>
   169: if r7 == 0x33 goto +237 <L407>
   170: if r7 == 0x3c goto +236 <L407>
L171:
   171: r8 = 0
   172:     goto +231 <L404>
L173:
   173: r1 = 8
L174:
   174: r8 += r1
   175: r7 = *(u8 *)(r10 -64)
   176: if r7 == 0x0 goto +5 <L182>
   177: if r7 == 0x2b goto +4 <L182>
   178: if r7 == 0x2c goto +3 <L182>
   179: if r7 == 0x33 goto +2 <L182>
   180: if r7 == 0x3c goto +1 <L182>
   181:     goto +222 <L404>
L182:
   182: if r7 == 0x33 goto +221 <L404>
   183: r2 = r8
   184: r1 = r6
   185: r3 = r10
   186: r3 += -64
   187: r4 = 2
   188: call bpf_skb_load_bytes
   189: if r0 != 0x0 goto +217 <L407>
   190: if r7 == 0x2c goto +4 <L195>
   191: r1 = *(u8 *)(r10 -63)
   192: r1 += 1
   193: r1 <<= 3
   194:     goto +23 <L218>
L195:
   195: r2 = r8
   196: r2 += 2
   197: r1 = r6
   198: r3 = r10
   199: r3 += -62
   200: r4 = 2
   201: call bpf_skb_load_bytes
   202: if r0 != 0x0 goto +204 <L407>
   203: r1 = *(u16 *)(r10 -62)
   204: r1 = be16 r1
   205: r1 &= 65528
   206: if r1 == 0x0 goto +10 <L217>
   207: *(u64 *)(r10 -40) = r1
   208: r7 = *(u8 *)(r10 -64)
   209: if r7 == 0x3b goto +5 <L215>
   210: if r7 == 0x0 goto +196 <L407>
   211: if r7 == 0x2b goto +195 <L407>
   212: if r7 == 0x2c goto +194 <L407>
   213: if r7 == 0x33 goto +193 <L407>
   214: if r7 == 0x3c goto +192 <L407>
L215:
   215: r8 = 0
   216:     goto +187 <L404>
L217:
   217: r1 = 8
L218:
   218: r8 += r1
   219: r7 = *(u8 *)(r10 -64)
   220: if r7 == 0x0 goto +5 <L226>
   221: if r7 == 0x2b goto +4 <L226>
   222: if r7 == 0x2c goto +3 <L226>
   223: if r7 == 0x33 goto +2 <L226>
   224: if r7 == 0x3c goto +1 <L226>
   225:     goto +178 <L404>
L226:
   226: if r7 == 0x33 goto +177 <L404>
   227: r2 = r8
   228: r1 = r6
   229: r3 = r10
   230: r3 += -64
   231: r4 = 2
   232: call bpf_skb_load_bytes
   233: if r0 != 0x0 goto +173 <L407>
   234: if r7 == 0x2c goto +4 <L239>
   235: r1 = *(u8 *)(r10 -63)
   236: r1 += 1
   237: r1 <<= 3
   238:     goto +23 <L262>
L239:
   239: r2 = r8
   240: r2 += 2
   241: r1 = r6
   242: r3 = r10
   243: r3 += -62
   244: r4 = 2
   245: call bpf_skb_load_bytes
   246: if r0 != 0x0 goto +160 <L407>
   247: r1 = *(u16 *)(r10 -62)
   248: r1 = be16 r1
   249: r1 &= 65528
   250: if r1 == 0x0 goto +10 <L261>
   251: *(u64 *)(r10 -40) = r1
   252: r7 = *(u8 *)(r10 -64)
   253: if r7 == 0x3b goto +5 <L259>
   254: if r7 == 0x0 goto +152 <L407>
   255: if r7 == 0x2b goto +151 <L407>
   256: if r7 == 0x2c goto +150 <L407>
   257: if r7 == 0x33 goto +149 <L407>
   258: if r7 == 0x3c goto +148 <L407>
L259:
   259: r8 = 0
   260:     goto +143 <L404>
L261:
   261: r1 = 8
L262:
   262: r8 += r1
   263: r7 = *(u8 *)(r10 -64)
   264: if r7 == 0x0 goto +5 <L270>
   265: if r7 == 0x2b goto +4 <L270>
   266: if r7 == 0x2c goto +3 <L270>
   267: if r7 == 0x33 goto +2 <L270>
   268: if r7 == 0x3c goto +1 <L270>
   269:     goto +134 <L404>
L270:
   270: if r7 == 0x33 goto +133 <L404>
   271: r2 = r8
   272: r1 = r6
   273: r3 = r10
   274: r3 += -64
   275: r4 = 2
   276: call bpf_skb_load_bytes
   277: if r0 != 0x0 goto +129 <L407>
   278: if r7 == 0x2c goto +4 <L283>
   279: r1 = *(u8 *)(r10 -63)
   280: r1 += 1
   281: r1 <<= 3
   282:     goto +23 <L306>
L283:
   283: r2 = r8
   284: r2 += 2
   285: r1 = r6
   286: r3 = r10
   287: r3 += -62
   288: r4 = 2
   289: call bpf_skb_load_bytes
   290: if r0 != 0x0 goto +116 <L407>
   291: r1 = *(u16 *)(r10 -62)
   292: r1 = be16 r1
   293: r1 &= 65528
   294: if r1 == 0x0 goto +10 <L305>
   295: *(u64 *)(r10 -40) = r1
   296: r7 = *(u8 *)(r10 -64)
   297: if r7 == 0x3b goto +5 <L303>
   298: if r7 == 0x0 goto +108 <L407>
   299: if r7 == 0x2b goto +107 <L407>
   300: if r7 == 0x2c goto +106 <L407>
   301: if r7 == 0x33 goto +105 <L407>
   302: if r7 == 0x3c goto +104 <L407>
L303:
   303: r8 = 0
   304:     goto +99 <L404>
L305:
   305: r1 = 8
L306:
   306: r8 += r1
   307: r7 = *(u8 *)(r10 -64)
   308: if r7 == 0x0 goto +5 <L314>
   309: if r7 == 0x2b goto +4 <L314>
   310: if r7 == 0x2c goto +3 <L314>
   311: if r7 == 0x33 goto +2 <L314>
   312: if r7 == 0x3c goto +1 <L314>
   313:     goto +90 <L404>
L314:
   314: if r7 == 0x33 goto +89 <L404>
   315: r2 = r8
   316: r1 = r6
   317: r3 = r10
   318: r3 += -64
   319: r4 = 2
   320: call bpf_skb_load_bytes
   321: if r0 != 0x0 goto +85 <L407>
   322: if r7 == 0x2c goto +4 <L327>
   323: r1 = *(u8 *)(r10 -63)
   324: r1 += 1
   325: r1 <<= 3
   326:     goto +23 <L350>
L327:
   327: r2 = r8
   328: r2 += 2
   329: r1 = r6
   330: r3 = r10
   331: r3 += -62
   332: r4 = 2
   333: call bpf_skb_load_bytes
   334: if r0 != 0x0 goto +72 <L407>
   335: r1 = *(u16 *)(r10 -62)
   336: r1 = be16 r1
   337: r1 &= 65528
   338: if r1 == 0x0 goto +10 <L349>
   339: *(u64 *)(r10 -40) = r1
   340: r7 = *(u8 *)(r10 -64)
   341: if r7 == 0x3b goto +5 <L347>
   342: if r7 == 0x0 goto +64 <L407>
   343: if r7 == 0x2b goto +63 <L407>
   344: if r7 == 0x2c goto +62 <L407>
   345: if r7 == 0x33 goto +61 <L407>
   346: if r7 == 0x3c goto +60 <L407>
L347:
   347: r8 = 0
   348:     goto +55 <L404>
L349:
   349: r1 = 8
L350:
   350: r8 += r1
   351: r7 = *(u8 *)(r10 -64)
   352: if r7 == 0x0 goto +5 <L358>
   353: if r7 == 0x2b goto +4 <L358>
   354: if r7 == 0x2c goto +3 <L358>
   355: if r7 == 0x33 goto +2 <L358>
   356: if r7 == 0x3c goto +1 <L358>
   357:     goto +46 <L404>
L358:
   358: if r7 == 0x33 goto +45 <L404>
   359: r2 = r8
   360: r1 = r6
   361: r3 = r10
   362: r3 += -64
   363: r4 = 2
   364: call bpf_skb_load_bytes
   365: if r0 != 0x0 goto +41 <L407>
   366: if r7 == 0x2c goto +4 <L371>
   367: r1 = *(u8 *)(r10 -63)
   368: r1 += 1
   369: r1 <<= 3
   370:     goto +23 <L394>
L371:
   371: r2 = r8
   372: r2 += 2
   373: r1 = r6
   374: r3 = r10
   375: r3 += -62
   376: r4 = 2
   377: call bpf_skb_load_bytes
   378: if r0 != 0x0 goto +28 <L407>
   379: r1 = *(u16 *)(r10 -62)
   380: r1 = be16 r1
   381: r1 &= 65528
   382: if r1 == 0x0 goto +10 <L393>
   383: *(u64 *)(r10 -40) = r1
   384: r7 = *(u8 *)(r10 -64)
   385: if r7 == 0x3b goto +5 <L391>
   386: if r7 == 0x0 goto +20 <L407>
   387: if r7 == 0x2b goto +19 <L407>
   388: if r7 == 0x2c goto +18 <L407>
   389: if r7 == 0x33 goto +17 <L407>
   390: if r7 == 0x3c goto +16 <L407>
L391:
   391: r8 = 0
   392:     goto +11 <L404>
L393:
   393: r1 = 8
L394:
   394: r8 += r1
   395: r7 = *(u8 *)(r10 -64)
   396: if r7 == 0x0 goto +5 <L402>
   397: if r7 == 0x2b goto +4 <L402>
   398: if r7 == 0x2c goto +3 <L402>
   399: if r7 == 0x33 goto +2 <L402>
   400: if r7 == 0x3c goto +1 <L402>
   401:     goto +2 <L404>
L402:
   402: if r7 == 0x33 goto +1 <L404>
   403:     goto +3 <L407>
L404:
   404: *(u64 *)(r10 -24) = r7
   405: *(u64 *)(r10 -32) = r8
   406:     goto +4 <L411>
L407:
   407: *(u64 *)(r10 -24) = 256
   408: *(u64 *)(r10 -32) = 0
   409: *(u64 *)(r10 -40) = 0
   410:     goto +0 <L411>
; examples/web.nft:16: tcp dport { 80, 443 } counter accept
L411:
   411: r0 = *(u64 *)(r10 -24)
   412: r0 &= 65535
   413: if r0 == 0x100 goto +36 <L450>
   414: if r0 != 0x6 goto +35 <L450>
   415: r1 = *(u64 *)(r10 -24)
   416: r1 &= 65535
   417: if r1 == 0x100 goto +32 <L450>
   418: r1 = *(u64 *)(r10 -40)
   419: r1 &= 65535
   420: if r1 != 0x0 goto +29 <L450>
   421: r2 = *(u64 *)(r10 -32)
   422: r2 &= 65535
   423: r2 += 2
   424: r1 = r6
   425: r3 = r10
   426: r3 += -64
   427: r4 = 2
   428: call bpf_skb_load_bytes
   429: if r0 != 0x0 goto +20 <L450>
   430: r0 = *(u16 *)(r10 -64)
   431: r0 = be16 r0
   432: if r0 == 0x50 goto +2 <L435>
   433: if r0 == 0x1bb goto +1 <L435>
   434:     goto +15 <L450>
L435:
   435: *(u32 *)(r10 -8) = 0
   436: r1 = map[counters] ll
   438: r2 = r10
   439: r2 += -8
   440: call bpf_map_lookup_elem
   441: if r0 == 0x0 goto +7 <L449>
   442: r1 = *(u64 *)(r0 +0)
   443: r1 += 1
   444: *(u64 *)(r0 +0) = r1
   445: r2 = *(u32 *)(r6 +0)
   446: r1 = *(u64 *)(r0 +8)
   447: r1 += r2
   448: *(u64 *)(r0 +8) = r1
L449:
   449:     goto +84 <L534>
; examples/web.nft:17: ip saddr @admins tcp dport 22 accept
L450:
   450: r0 = *(u64 *)(r10 -16)
   451: r0 &= 65535
   452: if r0 == 0x0 goto +39 <L492>
   453: if r0 != 0x2 goto +38 <L492>
   454: r2 = 12
   455: r1 = r6
   456: r3 = r10
   457: r3 += -64
   458: r4 = 4
   459: call bpf_skb_load_bytes
   460: if r0 != 0x0 goto +31 <L492>
   461: r0 = *(u32 *)(r10 -64)
   462: r0 = be32 r0
   463: if r0 < 0xa000000 goto +1 <L465>
   464: if r0 <= 0xaffffff goto +4 <L469>
L465:
   465: r1 = 0xc0a8010a ll
   467: if r0 == r1 goto +1 <L469>
   468:     goto +23 <L492>
L469:
   469: r0 = *(u64 *)(r10 -24)
   470: r0 &= 65535
   471: if r0 == 0x100 goto +20 <L492>
   472: if r0 != 0x6 goto +19 <L492>
   473: r1 = *(u64 *)(r10 -24)
   474: r1 &= 65535
   475: if r1 == 0x100 goto +16 <L492>
   476: r1 = *(u64 *)(r10 -40)
   477: r1 &= 65535
   478: if r1 != 0x0 goto +13 <L492>
   479: r2 = *(u64 *)(r10 -32)
   480: r2 &= 65535
   481: r2 += 2
   482: r1 = r6
   483: r3 = r10
   484: r3 += -64
   485: r4 = 2
   486: call bpf_skb_load_bytes
   487: if r0 != 0x0 goto +4 <L492>
   488: r0 = *(u16 *)(r10 -64)
   489: r0 = be16 r0
   490: if r0 != 0x16 goto +1 <L492>
   491:     goto +42 <L534>
; examples/web.nft:18: icmp type echo-request accept
L492:
   492: r0 = *(u64 *)(r10 -16)
   493: r0 &= 65535
   494: if r0 == 0x0 goto +22 <L517>
   495: if r0 != 0x2 goto +21 <L517>
   496: r0 = *(u64 *)(r10 -24)
   497: r0 &= 65535
   498: if r0 == 0x100 goto +18 <L517>
   499: if r0 != 0x1 goto +17 <L517>
   500: r1 = *(u64 *)(r10 -24)
   501: r1 &= 65535
   502: if r1 == 0x100 goto +14 <L517>
   503: r1 = *(u64 *)(r10 -40)
   504: r1 &= 65535
   505: if r1 != 0x0 goto +11 <L517>
   506: r2 = *(u64 *)(r10 -32)
   507: r2 &= 65535
   508: r1 = r6
   509: r3 = r10
   510: r3 += -64
   511: r4 = 1
   512: call bpf_skb_load_bytes
   513: if r0 != 0x0 goto +3 <L517>
   514: r0 = *(u8 *)(r10 -64)
   515: if r0 != 0x8 goto +1 <L517>
   516:     goto +17 <L534>
; examples/web.nft:30: ip6 nexthdr icmpv6 accept
L517:
   517: r0 = *(u64 *)(r10 -16)
   518: r0 &= 65535
   519: if r0 == 0x0 goto +11 <L531>
   520: if r0 != 0xa goto +10 <L531>
   521: r2 = 6
   522: r1 = r6
   523: r3 = r10
   524: r3 += -64
   525: r4 = 1
   526: call bpf_skb_load_bytes
   527: if r0 != 0x0 goto +3 <L531>
   528: r0 = *(u8 *)(r10 -64)
   529: if r0 != 0x3a goto +1 <L531>
   530:     goto +3 <L534>
; examples/web.nft:31: return
L531:
   531:     goto +0 <L532>
; (prologue/epilogue)
L532:
   532: r0 = 0
   533: exit
L534:
   534: r0 = 1
   535: exit

web_egress: ; section cgroup_skb/egress, 519 instructions
; (prologue/epilogue)
     0: r6 = r1
     1: r1 = *(u32 *)(r6 +16)
     2: r1 = be16 r1
     3: if r1 == 0x800 goto +6 <L10>
     4: if r1 == 0x86dd goto +28 <L33>
     5: *(u64 *)(r10 -16) = 0
     6: *(u64 *)(r10 -24) = 256
     7: *(u64 *)(r10 -32) = 0
     8: *(u64 *)(r10 -40) = 0
     9:     goto +401 <L411>
L10:
    10: *(u64 *)(r10 -16) = 2
    11: r2 = 0
    12: r1 = r6
    13: r3 = r10
    14: r3 += -104
    15: r4 = 20
    16: call bpf_skb_load_bytes
    17: if r0 != 0x0 goto +11 <L29>
    18: r7 = *(u8 *)(r10 -104)
    19: r7 &= 15
    20: r7 <<= 2
    21: *(u64 *)(r10 -32) = r7
    22: r1 = *(u8 *)(r10 -95)
    23: *(u64 *)(r10 -24) = r1
    24: r1 = *(u16 *)(r10 -98)
    25: r1 = be16 r1
    26: r1 &= 8191
    27: *(u64 *)(r10 -40) = r1
    28:     goto +382 <L411>
L29:
    29: *(u64 *)(r10 -24) = 256
    30: *(u64 *)(r10 -32) = 0
    31: *(u64 *)(r10 -40) = 0
    32:     goto +378 <L411>
L33:
    33: *(u64 *)(r10 -16) = 10
    34: r2 = 0
    35: r1 = r6
    36: r3 = r10
    37: r3 += -104
    38: r4 = 40
    39: call bpf_skb_load_bytes
    40: if r0 != 0x0 goto +366 <L407>
    41: r7 = *(u8 *)(r10 -98)
    42: r8 = 40
    43: *(u64 *)(r10 -40) = 0
    44: if r7 == 0x0 goto +5 <L50>
    45: if r7 == 0x2b goto +4 <L50>
    46: if r7 == 0x2c goto +3 <L50>
    47: if r7 == 0x33 goto +2 <L50>
    48: if r7 == 0x3c goto +1 <L50>
    49:     goto +354 <L404>
L50:
    50: if r7 == 0x33 goto +353 <L404>
    51: r2 = r8
    52: r1 = r6
    53: r3 = r10
    54: r3 += -64
    55: r4 = 2
    56: call bpf_skb_load_bytes
    57: if r0 != 0x0 goto +349 <L407>
    58: if r7 == 0x2c goto +4 <L63>
    59: r1 = *(u8 *)(r10 -63)
    60: r1 += 1
    61: r1 <<= 3
    62:     goto +23 <L86>
L63:
    63: r2 = r8
    64: r2 += 2
    65: r1 = r6
    66: r3 = r10
    67: r3 += -62
    68: r4 = 2
    69: call bpf_skb_load_bytes
    70: if r0 != 0x0 goto +336 <L407>
    71: r1 = *(u16 *)(r10 -62)
    72: r1 = be16 r1
    73: r1 &= 65528
    74: if r1 == 0x0 goto +10 <L85>
    75: *(u64 *)(r10 -40) = r1
    76: r7 = *(u8 *)(r10 -64)
    77: if r7 == 0x3b goto +5 <L83>
    78: if r7 == 0x0 goto +328 <L407>
    79: if r7 == 0x2b goto +327 <L407>
    80: if r7 == 0x2c goto +326 <L407>
    81: if r7 == 0x33 goto +325 <L407>
    82: if r7 == 0x3c goto +324 <L407>
L83:
    83: r8 = 0
    84:     goto +319 <L404>
L85:
    85: r1 = 8
L86:
    86: r8 += r1
    87: r7 = *(u8 *)(r10 -64)
    88: if r7 == 0x0 goto +5 <L94>
    89: if r7 == 0x2b goto +4 <L94>
    90: if r7 == 0x2c goto +3 <L94>
    91: if r7 == 0x33 goto +2 <L94>
    92: if r7 == 0x3c goto +1 <L94>
    93:     goto +310 <L404>
L94:
    94: if r7 == 0x33 goto +309 <L404>
    95: r2 = r8
    96: r1 = r6
    97: r3 = r10
    98: r3 += -64
    99: r4 = 2
   100: call bpf_skb_load_bytes
   101: if r0 != 0x0 goto +305 <L407>
   102: if r7 == 0x2c goto +4 <L107>
   103: r1 = *(u8 *)(r10 -63)
   104: r1 += 1
   105: r1 <<= 3
   106:     goto +23 <L130>
L107:
   107: r2 = r8
   108: r2 += 2
   109: r1 = r6
   110: r3 = r10
   111: r3 += -62
   112: r4 = 2
   113: call bpf_skb_load_bytes
   114: if r0 != 0x0 goto +292 <L407>
   115: r1 = *(u16 *)(r10 -62)
   116: r1 = be16 r1
   117: r1 &= 65528
   118: if r1 == 0x0 goto +10 <L129>
   119: *(u64 *)(r10 -40) = r1
   120: r7 = *(u8 *)(r10 -64)
   121: if r7 == 0x3b goto +5 <L127>
   122: if r7 == 0x0 goto +284 <L407>
   123: if r7 == 0x2b goto +283 <L407>
   124: if r7 == 0x2c goto +282 <L407>
   125: if r7 == 0x33 goto +281 <L407>
   126: if r7 == 0x3c goto +280 <L407>
L127:
   127: r8 = 0
   128:     goto +275 <L404>
L129:
   129: r1 = 8
L130:
   130: r8 += r1
   131: r7 = *(u8 *)(r10 -64)
   132: if r7 == 0x0 goto +5 <L138>
   133: if r7 == 0x2b goto +4 <L138>
   134: if r7 == 0x2c goto +3 <L138>
   135: if r7 == 0x33 goto +2 <L138>
   136: if r7 == 0x3c goto +1 <L138>
   137:     goto +266 <L404>
L138:
   138: if r7 == 0x33 goto +265 <L404>
   139: r2 = r8
   140: r1 = r6
   141: r3 = r10
   142: r3 += -64
   143: r4 = 2
   144: call bpf_skb_load_bytes
   145: if r0 != 0x0 goto +261 <L407>
   146: if r7 == 0x2c goto +4 <L151>
   147: r1 = *(u8 *)(r10 -63)
   148: r1 += 1
   149: r1 <<= 3
   150:     goto +23 <L174>
L151:
   151: r2 = r8
   152: r2 += 2
   153: r1 = r6
   154: r3 = r10
   155: r3 += -62
   156: r4 = 2
   157: call bpf_skb_load_bytes
   158: if r0 != 0x0 goto +248 <L407>
   159: r1 = *(u16 *)(r10 -62)
   160: r1 = be16 r1
   161: r1 &= 65528
   162: if r1 == 0x0 goto +10 <L173>
   163: *(u64 *)(r10 -40) = r1
   164: r7 = *(u8 *)(r10 -64)
   165: if r7 == 0x3b goto +5 <L171>
   166: if r7 == 0x0 goto +240 <L407>
   167: if r7 == 0x2b goto +239 <L407>
   168: if r7 == 0x2c goto +238 <L407>
   169: if r7 == 0x33 goto +237 <L407>
   170: if r7 == 0x3c goto +236 <L407>
L171:
   171: r8 = 0
   172:     goto +231 <L404>
L173:
   173: r1 = 8
L174:
   174: r8 += r1
   175: r7 = *(u8 *)(r10 -64)
   176: if r7 == 0x0 goto +5 <L182>
   177: if r7 == 0x2b goto +4 <L182>
   178: if r7 == 0x2c goto +3 <L182>
   179: if r7 == 0x33 goto +2 <L182>
   180: if r7 == 0x3c goto +1 <L182>
   181:     goto +222 <L404>
L182:
   182: if r7 == 0x33 goto +221 <L404>
   183: r2 = r8
   184: r1 = r6
   185: r3 = r10
   186: r3 += -64
   187: r4 = 2
   188: call bpf_skb_load_bytes
   189: if r0 != 0x0 goto +217 <L407>
   190: if r7 == 0x2c goto +4 <L195>
   191: r1 = *(u8 *)(r10 -63)
   192: r1 += 1
   193: r1 <<= 3
   194:     goto +23 <L218>
L195:
   195: r2 = r8
   196: r2 += 2
   197: r1 = r6
   198: r3 = r10
   199: r3 += -62
   200: r4 = 2
   201: call bpf_skb_load_bytes
   202: if r0 != 0x0 goto +204 <L407>
   203: r1 = *(u16 *)(r10 -62)
   204: r1 = be16 r1
   205: r1 &= 65528
   206: if r1 == 0x0 goto +10 <L217>
   207: *(u64 *)(r10 -40) = r1
   208: r7 = *(u8 *)(r10 -64)
   209: if r7 == 0x3b goto +5 <L215>
   210: if r7 == 0x0 goto +196 <L407>
   211: if r7 == 0x2b goto +195 <L407>
   212: if r7 == 0x2c goto +194 <L407>
   213: if r7 == 0x33 goto +193 <L407>
   214: if r7 == 0x3c goto +192 <L407>
L215:
   215: r8 = 0
   216:     goto +187 <L404>
L217:
   217: r1 = 8
L218:
   218: r8 += r1
   219: r7 = *(u8 *)(r10 -64)
   220: if r7 == 0x0 goto +5 <L226>
   221: if r7 == 0x2b goto +4 <L226>
   222: if r7 == 0x2c goto +3 <L226>
   223: if r7 == 0x33 goto +2 <L226>
   224: if r7 == 0x3c goto +1 <L226>
   225:     goto +178 <L404>
L226:
   226: if r7 == 0x33 goto +177 <L404>
   227: r2 = r8
   228: r1 = r6
   229: r3 = r10
   230: r3 += -64
   231: r4 = 2
   232: call bpf_skb_load_bytes
   233: if r0 != 0x0 goto +173 <L407>
   234: if r7 == 0x2c goto +4 <L239>
   235: r1 = *(u8 *)(r10 -63)
   236: r1 += 1
   237: r1 <<= 3
   238:     goto +23 <L262>
L239:
   239: r2 = r8
   240: r2 += 2
   241: r1 = r6
   242: r3 = r10
   243: r3 += -62
   244: r4 = 2
   245: call bpf_skb_load_bytes
   246: if r0 != 0x0 goto +160 <L407>
   247: r1 = *(u16 *)(r10 -62)
   248: r1 = be16 r1
   249: r1 &= 65528
   250: if r1 == 0x0 goto +10 <L261>
   251: *(u64 *)(r10 -40) = r1
   252: r7 = *(u8 *)(r10 -64)
   253: if r7 == 0x3b goto +5 <L259>
   254: if r7 == 0x0 goto +152 <L407>
   255: if r7 == 0x2b goto +151 <L407>
   256: if r7 == 0x2c goto +150 <L407>
   257: if r7 == 0x33 goto +149 <L407>
   258: if r7 == 0x3c goto +148 <L407>
L259:
   259: r8 = 0
   260:     goto +143 <L404>
L261:
   261: r1 = 8
L262:
   262: r8 += r1
   263: r7 = *(u8 *)(r10 -64)
   264: if r7 == 0x0 goto +5 <L270>
   265: if r7 == 0x2b goto +4 <L270>
   266: if r7 == 0x2c goto +3 <L270>
   267: if r7 == 0x33 goto +2 <L270>
   268: if r7 == 0x3c goto +1 <L270>
   269:     goto +134 <L404>
L270:
   270: if r7 == 0x33 goto +133 <L404>
   271: r2 = r8
   272: r1 = r6
   273: r3 = r10
   274: r3 += -64
   275: r4 = 2
   276: call bpf_skb_load_bytes
   277: if r0 != 0x0 goto +129 <L407>
   278: if r7 == 0x2c goto +4 <L283>
   279: r1 = *(u8 *)(r10 -63)
   280: r1 += 1
   281: r1 <<= 3
   282:     goto +23 <L306>
L283:
   283: r2 = r8
   284: r2 += 2
   285: r1 = r6
   286: r3 = r10
   287: r3 += -62
   288: r4 = 2
   289: call bpf_skb_load_bytes
   290: if r0 != 0x0 goto +116 <L407>
   291: r1 = *(u16 *)(r10 -62)
   292: r1 = be16 r1
   293: r1 &= 65528
   294: if r1 == 0x0 goto +10 <L305>
   295: *(u64 *)(r10 -40) = r1
   296: r7 = *(u8 *)(r10 -64)
   297: if r7 == 0x3b goto +5 <L303>
   298: if r7 == 0x0 goto +108 <L407>
   299: if r7 == 0x2b goto +107 <L407>
   300: if r7 == 0x2c goto +106 <L407>
   301: if r7 == 0x33 goto +105 <L407>
   302: if r7 == 0x3c goto +104 <L407>
L303:
   303: r8 = 0
   304:     goto +99 <L404>
L305:
   305: r1 = 8
L306:
   306: r8 += r1
   307: r7 = *(u8 *)(r10 -64)
   308: if r7 == 0x0 goto +5 <L314>
   309: if r7 == 0x2b goto +4 <L314>
   310: if r7 == 0x2c goto +3 <L314>
   311: if r7 == 0x33 goto +2 <L314>
   312: if r7 == 0x3c goto +1 <L314>
   313:     goto +90 <L404>
L314:
   314: if r7 == 0x33 goto +89 <L404>
   315: r2 = r8
   316: r1 = r6
   317: r3 = r10
   318: r3 += -64
   319: r4 = 2
   320: call bpf_skb_load_bytes
   321: if r0 != 0x0 goto +85 <L407>
   322: if r7 == 0x2c goto +4 <L327>
   323: r1 = *(u8 *)(r10 -63)
   324: r1 += 1
   325: r1 <<= 3
   326:     goto +23 <L350>
L327:
   327: r2 = r8
   328: r2 += 2
   329: r1 = r6
   330: r3 = r10
   331: r3 += -62
   332: r4 = 2
   333: call bpf_skb_load_bytes
   334: if r0 != 0x0 goto +72 <L407>
   335: r1 = *(u16 *)(r10 -62)
   336: r1 = be16 r1
   337: r1 &= 65528
   338: if r1 == 0x0 goto +10 <L349>
   339: *(u64 *)(r10 -40) = r1
   340: r7 = *(u8 *)(r10 -64)
   341: if r7 == 0x3b goto +5 <L347>
   342: if r7 == 0x0 goto +64 <L407>
   343: if r7 == 0x2b goto +63 <L407>
   344: if r7 == 0x2c goto +62 <L407>
   345: if r7 == 0x33 goto +61 <L407>
   346: if r7 == 0x3c goto +60 <L407>
L347:
   347: r8 = 0
   348:     goto +55 <L404>
L349:
   349: r1 = 8
L350:
   350: r8 += r1
   351: r7 = *(u8 *)(r10 -64)
   352: if r7 == 0x0 goto +5 <L358>
   353: if r7 == 0x2b goto +4 <L358>
   354: if r7 == 0x2c goto +3 <L358>
   355: if r7 == 0x33 goto +2 <L358>
   356: if r7 == 0x3c goto +1 <L358>
   357:     goto +46 <L404>
L358:
   358: if r7 == 0x33 goto +45 <L404>
   359: r2 = r8
   360: r1 = r6
   361: r3 = r10
   362: r3 += -64
   363: r4 = 2
   364: call bpf_skb_load_bytes
   365: if r0 != 0x0 goto +41 <L407>
   366: if r7 == 0x2c goto +4 <L371>
   367: r1 = *(u8 *)(r10 -63)
   368: r1 += 1
   369: r1 <<= 3
   370:     goto +23 <L394>
L371:
   371: r2 = r8
   372: r2 += 2
   373: r1 = r6
   374: r3 = r10
   375: r3 += -62
   376: r4 = 2
   377: call bpf_skb_load_bytes
   378: if r0 != 0x0 goto +28 <L407>
   379: r1 = *(u16 *)(r10 -62)
   380: r1 = be16 r1
   381: r1 &= 65528
   382: if r1 == 0x0 goto +10 <L393>
   383: *(u64 *)(r10 -40) = r1
   384: r7 = *(u8 *)(r10 -64)
   385: if r7 == 0x3b goto +5 <L391>
   386: if r7 == 0x0 goto +20 <L407>
   387: if r7 == 0x2b goto +19 <L407>
   388: if r7 == 0x2c goto +18 <L407>
   389: if r7 == 0x33 goto +17 <L407>
   390: if r7 == 0x3c goto +16 <L407>
L391:
   391: r8 = 0
   392:     goto +11 <L404>
L393:
   393: r1 = 8
L394:
   394: r8 += r1
   395: r7 = *(u8 *)(r10 -64)
   396: if r7 == 0x0 goto +5 <L402>
   397: if r7 == 0x2b goto +4 <L402>
   398: if r7 == 0x2c goto +3 <L402>
   399: if r7 == 0x33 goto +2 <L402>
   400: if r7 == 0x3c goto +1 <L402>
   401:     goto +2 <L404>
L402:
   402: if r7 == 0x33 goto +1 <L404>
   403:     goto +3 <L407>
L404:
   404: *(u64 *)(r10 -24) = r7
   405: *(u64 *)(r10 -32) = r8
   406:     goto +4 <L411>
L407:
   407: *(u64 *)(r10 -24) = 256
   408: *(u64 *)(r10 -32) = 0
   409: *(u64 *)(r10 -40) = 0
   410:     goto +0 <L411>
; examples/web.nft:24: ip daddr 169.254.169.254 counter drop
L411:
   411: r0 = *(u64 *)(r10 -16)
   412: r0 &= 65535
   413: if r0 == 0x0 goto +29 <L443>
   414: if r0 != 0x2 goto +28 <L443>
   415: r2 = 16
   416: r1 = r6
   417: r3 = r10
   418: r3 += -64
   419: r4 = 4
   420: call bpf_skb_load_bytes
   421: if r0 != 0x0 goto +21 <L443>
   422: r0 = *(u32 *)(r10 -64)
   423: r0 = be32 r0
   424: r1 = 0xa9fea9fe ll
   426: if r0 != r1 goto +16 <L443>
   427: *(u32 *)(r10 -8) = 1
   428: r1 = map[counters] ll
   430: r2 = r10
   431: r2 += -8
   432: call bpf_map_lookup_elem
   433: if r0 == 0x0 goto +7 <L441>
   434: r1 = *(u64 *)(r0 +0)
   435: r1 += 1
   436: *(u64 *)(r0 +0) = r1
   437: r2 = *(u32 *)(r6 +0)
   438: r1 = *(u64 *)(r0 +8)
   439: r1 += r2
   440: *(u64 *)(r0 +8) = r1
L441:
   441: r0 = 0
   442: exit
; examples/web.nft:25: udp dport 53 ip daddr != $dns drop
L443:
   443: r0 = *(u64 *)(r10 -24)
   444: r0 &= 65535
   445: if r0 == 0x100 goto +40 <L486>
   446: if r0 != 0x11 goto +39 <L486>
   447: r1 = *(u64 *)(r10 -24)
   448: r1 &= 65535
   449: if r1 == 0x100 goto +36 <L486>
   450: r1 = *(u64 *)(r10 -40)
   451: r1 &= 65535
   452: if r1 != 0x0 goto +33 <L486>
   453: r2 = *(u64 *)(r10 -32)
   454: r2 &= 65535
   455: r2 += 2
   456: r1 = r6
   457: r3 = r10
   458: r3 += -64
   459: r4 = 2
   460: call bpf_skb_load_bytes
   461: if r0 != 0x0 goto +24 <L486>
   462: r0 = *(u16 *)(r10 -64)
   463: r0 = be16 r0
   464: if r0 != 0x35 goto +21 <L486>
   465: r0 = *(u64 *)(r10 -16)
   466: r0 &= 65535
   467: if r0 == 0x0 goto +18 <L486>
   468: if r0 != 0x2 goto +17 <L486>
   469: r2 = 16
   470: r1 = r6
   471: r3 = r10
   472: r3 += -64
   473: r4 = 4
   474: call bpf_skb_load_bytes
   475: if r0 != 0x0 goto +10 <L486>
   476: r0 = *(u32 *)(r10 -64)
   477: r0 = be32 r0
   478: r1 = 0xc0000235 ll
   480: if r0 == r1 goto +5 <L486>
   481: r1 = 0xc6336435 ll
   483: if r0 == r1 goto +2 <L486>
   484: r0 = 0
   485: exit
; examples/web.nft:26: tcp dport vmap { 25 : drop, 587 : accept }
L486:
   486: r0 = *(u64 *)(r10 -24)
   487: r0 &= 65535
   488: if r0 == 0x100 goto +27 <L516>
   489: if r0 != 0x6 goto +26 <L516>
   490: r1 = *(u64 *)(r10 -24)
   491: r1 &= 65535
   492: if r1 == 0x100 goto +23 <L516>
   493: r1 = *(u64 *)(r10 -40)
   494: r1 &= 65535
   495: if r1 != 0x0 goto +20 <L516>
   496: r2 = *(u64 *)(r10 -32)
   497: r2 &= 65535
   498: r2 += 2
   499: r1 = r6
   500: r3 = r10
   501: r3 += -64
   502: r4 = 2
   503: call bpf_skb_load_bytes
   504: if r0 != 0x0 goto +11 <L516>
   505: r0 = *(u16 *)(r10 -64)
   506: r0 = be16 r0
   507: r7 = r0
   508: if r7 == 0x19 goto +1 <L510>
   509:     goto +2 <L512>
L510:
   510: r0 = 0
   511: exit
L512:
   512: if r7 == 0x24b goto +1 <L514>
   513:     goto +1 <L515>
L514:
   514:     goto +2 <L517>
L515:
   515:     goto +0 <L516>
; (prologue/epilogue)
L516:
   516:     goto +0 <L517>
L517:
   517: r0 = 1
   518: exit
