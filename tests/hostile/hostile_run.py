# SPDX-License-Identifier: GPL-2.0
"""Run every case of a hostile_gen.py corpus through `cgnft compile` (and a
sample through `cgnft apply`), as TAP.  Each must: exit 1, print nothing on
stdout, write no object file, and print nft-format errors on stderr
(`file:line:col-col: Error: ...`, the source line, a caret line), the first
one on the manifest's line.  Each run is bounded by resource limits (CPU
seconds and address space, stated below); the largest use is reported."""
import os
import re
import resource
import subprocess
import sys

CPU_SECONDS = 60
ADDRESS_SPACE = 4 << 30		# bytes; none under ASan (it reserves terabytes)
ERR_RE = re.compile(r'^(.*):(\d+):(\d+)-(\d+): Error: ')


def limits():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    if 'ASAN_OPTIONS' not in os.environ:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def judge(name, line, rc, out, err, obj):
    """'' when the case was refused as it must be, else why not."""
    if rc != 1:
        return 'exit status %d' % rc
    if out:
        return 'output on stdout'
    if os.path.exists(obj):
        return 'an object file was written'
    lines = err.split('\n')
    if line < 0:
        return '' if any(l.startswith('Error: ') for l in lines) else 'no "Error:" line'
    for i, l in enumerate(lines):
        m = ERR_RE.match(l)
        if not m:
            continue
        if line and int(m.group(2)) != line:
            return 'first error on line %s, not %d' % (m.group(2), line)
        if i + 2 >= len(lines) or '^' not in lines[i + 2]:
            return 'no source line and caret line after the error'
        return ''
    return 'no error in nft format'


def main():
    cgnft, corpus = sys.argv[1], sys.argv[2]
    apply_every = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    with open(os.path.join(corpus, 'MANIFEST')) as f:
        cases = [l.rstrip('\n').split('\t') for l in f if l.strip()]
    n = 0
    worst_cpu, worst_rss = (0.0, ''), (0, '')
    list_before = None
    if apply_every:
        list_before = subprocess.run([cgnft, 'list'], capture_output=True, text=True).stdout
    for idx, (name, line, what) in enumerate(cases):
        line = int(line)
        path = name if name.startswith('/') else os.path.join(corpus, name)
        obj = os.path.join(corpus, 'out.o')
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            p = subprocess.run([cgnft, 'compile', path, '-o', obj], capture_output=True,
                               preexec_fn=limits, timeout=CPU_SECONDS * 2)
            rc, out, err = p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')
        except subprocess.TimeoutExpired:
            rc, out, err = -1, b'', 'timeout'
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if cpu > worst_cpu[0]:
            worst_cpu = (cpu, name)
        if after.ru_maxrss > worst_rss[0]:
            worst_rss = (after.ru_maxrss, name)
        why = judge(name, line, rc, out, err, obj)
        if os.path.exists(obj):
            os.unlink(obj)
        n += 1
        if why:
            print('not ok %d - %s (%s): %s' % (n, name, what, why))
            for l in err.split('\n')[:6]:
                print('# ' + l[:200])
        else:
            print('ok %d - %s: %s' % (n, name, what))
        if apply_every and idx % apply_every == 0 and not name.startswith('/'):
            p = subprocess.run([cgnft, 'apply', path], capture_output=True, preexec_fn=limits)
            now = subprocess.run([cgnft, 'list'], capture_output=True, text=True).stdout
            n += 1
            if p.returncode == 1 and now == list_before:
                print('ok %d - apply %s: exit 1, applied tables unchanged' % (n, name))
            else:
                print('not ok %d - apply %s: exit %d, tables %s' % (
                    n, name, p.returncode, 'unchanged' if now == list_before else 'changed'))
    print('# largest CPU time: %.1f s (%s); largest RSS: %d MiB (%s); limits %d s CPU, %s'
          % (worst_cpu[0], worst_cpu[1], worst_rss[0] // 1024, worst_rss[1], CPU_SECONDS,
             'no address-space limit (ASan)' if 'ASAN_OPTIONS' in os.environ
             else '%d GiB address space' % (ADDRESS_SPACE >> 30)))
    print('1..%d' % n)


if __name__ == '__main__':
    main()
