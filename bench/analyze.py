#!/usr/bin/python3
"""bench/analyze.py OUTDIR: turns bench/run.sh's raw data into the Markdown
of bench/results.md (on stdout).  Every figure printed is read from a file
of OUTDIR; nothing is typed in by hand.

bench/analyze.py --splice RESULTS OUTDIR: RESULTS with only the sections
OUTDIR has data for (the host-wide cache, the own cost) replaced by OUTDIR's
(BENCH_PARTS without "main")."""
import datetime
import json
import os
import re
import statistics
import sys


def load_hf(path):
    """hyperfine JSON -> {name: (median, min, max) in ms}."""
    res = {}
    for r in json.load(open(path))["results"]:
        t = [x * 1000 for x in r["times"]]
        res[r["command"]] = (statistics.median(t), min(t), max(t))
    return res


def resolved_memory(out, net):
    """systemd-resolved's VmRSS and VmHWM after a run, as a sentence."""
    path = os.path.join(out, f"resolved-{net}.status")
    if not os.path.exists(path):
        return ""
    kv = dict(re.match(r"(\w+):\s+(\d+)", l).groups() for l in open(path) if ":" in l)
    return (f"systemd-resolved after the run, its cache holding these names: VmRSS {kv['VmRSS']} KiB "
            f"(peak VmHWM {kv['VmHWM']} KiB), besides each client process.")


HC_TITLE = "## A host-wide cache: nscd and unscd"
HC_MODES = ("dns", "dnssec", "nscd+dns", "nscd+dnssec", "unscd+dnssec")


def hostcache_section(out, machine):
    """bench/hostcache.py's figures (None if that part did not run)."""
    if not os.path.exists(os.path.join(out, "hf-loopback-hc-dns.json")):
        return None
    ls = [HC_TITLE, ""]
    ls.append(f"From bench/hostcache.py (`make bench`, or `BENCH_PARTS=hostcache make bench` for this section "
              f"alone) on {machine['date']}, nss-dnssec {machine['nss_dnssec']}, nscd {machine.get('pkg_nscd', '-')}, "
              f"unscd {machine.get('pkg_unscd', '-')}.  A fresh `getent ahosts NAME` process per run (hyperfine -N, "
              f"{machine['runs']} runs, milliseconds: median (min-max)); the daemon's cache is warm (hyperfine's "
              f"3 warm-up runs filled it).  dns and dnssec: no cache, every process asks the resolver (dnssec also "
              f"validates); nscd+dns: glibc's nscd caching the dns module; nscd+dnssec, unscd+dnssec: the daemon with "
              f"nss-dnssec inside it (README.md, \"A host-wide cache\").  Ratios against dns.")
    ls.append("")
    worst, over = {}, {}
    for net, title in (("loopback", "resolver on loopback"), ("delay", "resolver behind 20 ms (bench/delayfwd)")):
        hf = {}
        for mode in HC_MODES:
            hf.update(load_hf(os.path.join(out, f"hf-{net}-hc-{mode}.json")))
        names = [c.split(" ", 1)[1] for c in hf if c.startswith("dns ")]
        cell = lambda r: f"{r[0]:.2f} ({r[1]:.2f}-{r[2]:.2f})"
        ls.append(f"### {title}")
        ls.append("")
        ls.append("| name | dns | dnssec, no cache | nscd+dns | **nscd+dnssec** | **ratio** | **unscd+dnssec** | **ratio** |")
        ls.append("|---|---|---|---|---|---|---|---|")
        for n in names:
            d = hf[f"dns {n}"]
            row = [n, cell(d), cell(hf[f"dnssec {n}"]), cell(hf[f"nscd+dns {n}"])]
            for mode in ("nscd+dnssec", "unscd+dnssec"):
                r = hf[f"{mode} {n}"]
                ratio = r[0] / d[0]
                worst[(net, mode)] = max(worst.get((net, mode), 0), ratio)
                over.setdefault(mode, []).append(r[0] - hf["floor getent localhost"][0])
                row += [f"**{cell(r)}**", f"**{ratio:.2f}×**"]
            ls.append("| " + " | ".join(row) + " |")
        ls.append("")
        ls.append(f"Floors in the same namespace: `getent ahosts localhost` (files only) "
                  f"{hf['floor getent localhost'][0]:.2f} ms; process start (`true`) {hf['floor process'][0]:.2f} ms.")
        ls.append("")
    goal = {"loopback": 1.1, "delay": 0.1}
    parts = []
    for mode in ("nscd+dnssec", "unscd+dnssec"):
        f = ", ".join(f"{'loopback' if net == 'loopback' else '20 ms'} {worst[(net, mode)]:.2f}× "
                      f"({'met' if worst[(net, mode)] <= goal[net] else 'NOT met'})" for net in ("loopback", "delay"))
        parts.append(f"{mode.split('+')[0]}: {f}")
    ls.append("Goal (issue 18): at most 1.1× plain dns on loopback and at most 0.1× at 20 ms.  Worst ratio over the "
              "names: " + "; ".join(parts) + ".  Against the floor of the same run, a cached lookup costs "
              + "; ".join(f"{m.split('+')[0]} {min(v):+.2f} to {max(v):+.2f} ms" for m, v in over.items())
              + " next to `getent ahosts localhost` (files only): what is left at 20 ms is the cost of starting "
              "a process on this machine.")
    ls.append("")
    return "\n".join(ls)


OC_TITLE = "## The module's own cost in a cold process"


def median_ci(vals):
    """The median of vals and a 95 % confidence interval for it, from the
    order statistics (distribution-free): (median, low, high)."""
    v = sorted(vals)
    n = len(v)
    k = max(0, int((n - 1.96 * n ** 0.5) / 2))
    return statistics.median(v), v[k], v[n - 1 - k]


def owncost_section(out, machine):
    """The own cost against the floor (None if that part did not run):
    per name and per round of bench/paired, dnssec - dns - (floor -
    empty), in wall time and in CPU time; the median over the rounds with
    its confidence interval, and the medians of the three thirds of the
    run (three alternated runs, as issue 18 asks)."""
    path = os.path.join(out, "owncost-paired.tsv")
    if not os.path.exists(path):
        return None
    wall, cpu = {}, {}   # (label, round) -> ms
    for l in open(path):
        r, label, w, u, sy = l.rstrip("\n").split("\t")
        wall[(label, int(r))] = int(w) / 1000
        cpu[(label, int(r))] = (int(u) + int(sy)) / 1000
    rounds = sorted({r for _, r in wall})
    labels = {lab for lab, _ in wall}
    names = [lab.split(" ", 1)[1] for lab in sorted(labels) if lab.startswith("dnssec ")]
    names.sort(key=lambda n: machine.get("owncost_names", "").split().index(n)
               if n in machine.get("owncost_names", "").split() else 0)
    before = None
    if os.path.exists(os.path.join(out, "owncost-before.txt")):
        before = open(os.path.join(out, "owncost-before.txt")).read().strip().split("=", 1)[1]
    med = statistics.median
    fmt = lambda m: f"{m[0]:.2f} [{m[1]:.2f}, {m[2]:.2f}]"

    def own(t, n, module="dnssec", floor="floor"):
        return [t[(f"{module} {n}", r)] - t[(f"dns {n}", r)] - (t[(floor, r)] - t[("empty", r)])
                for r in rounds]

    # The chain's floor of each name: its ECDSA and RSA verifications
    # (bench/run.sh counted them), each with a key of its own.
    chain = {}
    cp = os.path.join(out, "owncost-chain.tsv")
    if os.path.exists(cp):
        for l in open(cp):
            n, e, r, ke, kr = l.split()
            if (f"chain floor {n}", rounds[0]) in wall:
                chain[n] = (int(e), int(r), int(ke), int(kr))

    ls = [OC_TITLE, ""]
    ls.append(f"On {machine['date']}, nss-dnssec {machine['nss_dnssec']}, load average {machine.get('load', '?')} "
              f"before the run; resolver on loopback.  Commands: `getent -s hosts:dns ahosts NAME`, "
              f"`getent -s hosts:dnssec ahosts NAME`, the floor (bench/crypto_floor.c: dlopen of libcrypto.so.3 "
              f"with the module's flags, its own library context, one ECDSA P-256 and one RSA-2048 public key "
              f"built from DNSSEC wire form and one signature verified with each) and the same binary exiting at "
              f"once (`crypto_floor -n`, the empty process).  bench/paired runs them in {len(rounds)} rounds "
              f"(after 5 not counted): each round one fresh process of every command, in an order drawn for the "
              f"round.  Own cost = dnssec − dns − (floor − empty), taken within each round, then the median over "
              f"the rounds with its 95 % confidence interval (order statistics) in brackets: what a cold process "
              f"pays for nss-dnssec beyond plain DNS and beyond what OpenSSL must cost it.  Wall: from the start "
              f"of the process to its end; CPU: the process's user and system time, which no waiting and no "
              f"overlap hides.  Milliseconds.")
    ls.append("")
    try:
        load1, cores = float(machine.get("load", "0").split()[0]), int(machine.get("cores", "0"))
    except ValueError:
        load1, cores = 0.0, 0
    if cores and load1 > cores:
        ls.append(f"**The machine was loaded by other builds and tests during this run** (load average {load1:.2f} "
                  f"on {cores} cores): these times are far above those of a quiet machine and not comparable "
                  f"with the tables above; the counts of the next subsection (instructions, system calls, RSS, "
                  f"page faults) do not depend on the load.")
        ls.append("")
    if before:
        ls.append(f"\"before\": the module built from {before}, timed in the same rounds (its own cost likewise, and "
                  f"the difference before − now within each round: what the change saved).")
        ls.append("")
    ls.append("| name | | dns | dnssec | floor | empty | floor − empty | **own cost** | own cost by thirds of "
              "the run | dnssec ÷ dns | chain's floor − empty | **own cost beyond the chain's floor** |"
              + (" own cost before |" if before else ""))
    ls.append("|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|" if before else ""))
    verdict, verdict_chain = [], []
    for n in names:
        for kind, t in (("wall", wall), ("CPU", cpu)):
            col = lambda lab: med([t[(lab, r)] for r in rounds])
            d, s, f, e = col(f"dns {n}"), col(f"dnssec {n}"), col("floor"), col("empty")
            diffs = own(t, n)
            o = median_ci(diffs)
            by3 = [med(diffs[i * len(diffs) // 3:(i + 1) * len(diffs) // 3]) for i in range(3)]
            row = (f"| {n} | {kind} | {d:.2f} | {s:.2f} | {f:.2f} | {e:.2f} | {f - e:.2f} | **{fmt(o)}** | "
                   f"{', '.join(f'{x:.2f}' for x in by3)} (median {med(by3):.2f}) | {s / d:.2f}× |")
            if n in chain:
                oc = median_ci(own(t, n, floor=f"chain floor {n}"))
                row += (f" {col(f'chain floor {n}') - e:.2f} ({chain[n][0]} ECDSA, {chain[n][1]} RSA; "
                        f"{chain[n][2]} + {chain[n][3]} keys) | "
                        f"**{fmt(oc)}** |")
            else:
                row += " - | - |"
            if before:
                gain = median_ci([t[(f"before {n}", r)] - t[(f"dnssec {n}", r)] for r in rounds])
                row += f" {fmt(median_ci(own(t, n, 'before')))}; before − now {fmt(gain)} |"
            ls.append(row)
            if kind == "wall":
                verdict.append(f"{n} {o[0]:.2f} ms (at most {o[2]:.2f})")
                if n in chain:
                    verdict_chain.append(f"{n} {oc[0]:.2f} ms (at most {oc[2]:.2f})")
    ls.append("")
    ls.append("Every command starts through `env LD_LIBRARY_PATH=...` (so that two builds of the module can be "
              "timed side by side); env's start is in each figure and cancels out of each difference, and makes "
              "the ratio dnssec ÷ dns here smaller than in the tables above.")
    ls.append("")
    ls.append(f"Goal (issue 18): own cost at most 0.3 ms on loopback.  Wall-time own cost, median over the rounds: "
              f"{'; '.join(verdict)}.  In wall time the module starts OpenSSL while its queries are on the wire, "
              f"which the floor cannot do: the difference may come out below zero.  The CPU row counts that "
              f"start whatever it overlaps, and every verification the chain needs beyond the floor's two.")
    ls.append("")
    if verdict_chain:
        ls.append(f"The chain's floor: `crypto_floor -c E,R,KE,KR`, the same start of OpenSSL with as many ECDSA "
                  f"P-256 and RSA-2048 verifications and keys as one lookup of the name makes (counted in "
                  f"libcrypto under callgrind: A and AAAA through getent, each signature once, the validator's "
                  f"memo saving the second walk's; each key imported once, the module keeping the keys it "
                  f"built).  The floor above has one of each; a name's chain needs more (www.alg13.lab: the root's "
                  f"DNSKEY, lab.'s DS and DNSKEY, alg13.lab.'s DS in RSA; alg13.lab.'s DNSKEY, the A, the NSEC "
                  f"and the SOA of the AAAA's denial in ECDSA), and what those cost in OpenSSL is the chain's, "
                  f"not the module's.  Own cost beyond the chain's floor, wall, median over the rounds: "
                  f"{'; '.join(verdict_chain)}.")
        ls.append("")
    fl = [dict(kv.split("=", 1) for kv in l.split()) for l in open(os.path.join(out, "floor.txt")) if "total_us=" in l]
    if fl:
        m = {k: med([float(x[k]) for x in fl]) for k in ("dlopen_us", "libctx_us", "ecdsa_us", "rsa_us", "total_us")}
        ls.append(f"Inside the floor (`crypto_floor -v`, median of {len(fl)} processes, µs): dlopen and symbols "
                  f"{m['dlopen_us']:.0f}, library context {m['libctx_us']:.0f}, ECDSA key and verification "
                  f"{m['ecdsa_us']:.0f} (the first use of a key starts the default provider and reads "
                  f"/usr/lib/ssl/openssl.cnf: OpenSSL 3.0 looks for an ENGINE for every key type), RSA "
                  f"{m['rsa_us']:.0f}; {m['total_us']:.0f} in all.")
        ls.append("")
    prof = profile_section(out, machine)
    if prof:
        ls.append(prof)
    return "\n".join(ls)


def profile_section(out, machine):
    """bench/profile.sh's counts (None if it did not run)."""
    path = os.path.join(out, "profile.tsv")
    if not os.path.exists(path):
        return None
    rows = {}
    for l in open(path):
        f = l.rstrip("\n").split("\t")
        if len(f) in (11, 12):
            rows[f[0]] = f[1:] + ["-"] * (12 - len(f))
    num = lambda v: int(v) if v.isdigit() else None
    ls = ["### Instructions, system calls and memory", ""]
    name = machine.get("owncost_profile_name", "the first name")
    ls.append(f"bench/profile.sh, one cold process per command, `{name}` (A and AAAA through getent; the "
              "peers ask A), resolver on loopback: instructions of the whole process (valgrind "
              "--tool=callgrind: user space only, the dynamic loader included), system calls (strace -f -c; "
              "sends and receives on sockets: sendto/sendmsg/sendmmsg and recvfrom/recvmsg/recvmmsg (netlink "
              "included: glibc's AI_ADDRCONFIG asks the kernel for the host's addresses); writes and reads: "
              "write/writev and read, of files and the terminal; waits: poll/ppoll/epoll_wait/select, stats: "
              "stat/fstat/newfstatat/statx), peak RSS (GNU time, KiB) and minor page faults (GNU time: each "
              "page of memory or of a mapped file the process touches first; medians of 5 processes).  "
              "Counts, not times: the machine's load does not change them.")
    ls.append("")
    ls.append("| command | instructions | system calls | sends | receives | writes | reads | waits | sockets | stats "
              "| peak RSS KiB | page faults |")
    ls.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, v in rows.items():
        ir = num(v[0])
        ls.append(f"| {label} | {ir:,} | " if ir is not None else f"| {label} | - | ")
        ls[-1] += " | ".join(v[1:]) + " |"
    rp = os.path.join(out, "profile-resolved.txt")
    if os.path.exists(rp) and "resolve" in rows:
        kv = dict(re.match(r"(\w+):\s+(\d+)", l).groups() for l in open(rp) if ":" in l)
        ls.append("")
        ls.append(f"resolve: `getent -s hosts:resolve`, its cache warm: only the client, which hands the name "
                  f"to systemd-resolved over a Unix socket (varlink) and validates nothing itself; the lookups "
                  f"and the validation happen in the daemon, which had VmRSS {kv['VmRSS']} KiB (peak VmHWM "
                  f"{kv['VmHWM']} KiB) after these runs.")
    ir = {k: num(v[0]) for k, v in rows.items()}
    if all(ir.get(k) is not None for k in ("dns", "dnssec", "floor", "empty")):
        own = ir["dnssec"] - ir["dns"] - (ir["floor"] - ir["empty"])
        ls.append("")
        ls.append(f"Own cost in instructions: dnssec − dns − (floor − empty) = {ir['dnssec']:,} − {ir['dns']:,} − "
                  f"({ir['floor']:,} − {ir['empty']:,}) = **{own:,}** ({own / ir['dnssec']:.0%} of the dnssec "
                  f"process; the floor, OpenSSL's start and two verifications, is {ir['floor'] - ir['empty']:,}).")
        if ir.get("chain floor") is not None:
            oc = ir["dnssec"] - ir["dns"] - (ir["chain floor"] - ir["empty"])
            ls.append("")
            ls.append(f"Beyond the chain's floor (`crypto_floor -c`, the verifications of this name's chain): "
                      f"{ir['dnssec']:,} − {ir['dns']:,} − ({ir['chain floor']:,} − {ir['empty']:,}) = "
                      f"**{oc:,}** instructions.")
        pf = {k: num(v[10]) for k, v in rows.items()}
        floor = "chain floor" if pf.get("chain floor") is not None else "floor"
        if all(pf.get(k) is not None for k in ("dns", "dnssec", floor, "empty")):
            op = pf["dnssec"] - pf["dns"] - (pf[floor] - pf["empty"])
            ls.append("")
            ls.append(f"Page faults, dnssec − dns − ({floor} − empty): "
                      f"{pf['dnssec']} − {pf['dns']} − ({pf[floor]} − {pf['empty']}) = **{op}** (a minor fault "
                      f"costs this machine about 2 µs: each is time the own cost pays in the kernel).  Where "
                      f"they are (perf record -e page-faults, 2026-12-06): the c-ares channel's 3,073 list "
                      f"heads (74 KB, initialised: 17 pages), the receive batch (one page per answer), "
                      f"malloc's headers on fresh heap pages (the parsed messages' arenas, OpenSSL's own "
                      f"allocations), libcrypto's code that the floor does not run (the memo's and the DS's "
                      f"digests, the algorithm probes), the configuration, and libnss_dnssec.so.2 and "
                      f"libcares.so.2 themselves.")
    ls.append("")
    ls.append("The transport of a cold lookup (issue 18; strace and callgrind of www.alg13.lab at 4e12059, "
              "c-ares 1.18.1): one UDP socket, the 10 queries of the one round in 10 sendmsg calls (c-ares sends "
              "each query as it is handed one: to batch them, our send function would have to claim sends it "
              "has not made, and a failed one would no longer move its query to the next server at once), "
              "one poll wake-up, the 10 answers read with one recvmmsg (stub_net.c; before: one recvfrom "
              "each, and where answers trickle in, one more per wake-up that found the socket empty: "
              "tests/unit/test_net.c counted 18 receive calls for 12 answers over 7 wake-ups), no read that "
              "finds the socket empty (c-ares closes the socket after the last answer).  The c-ares channel "
              "of each lookup (DESIGN.md: one per lookup) costs about 88,000 instructions, "
              "ares_init_options 42,000 and ares_destroy 46,000 (most of it setting up and walking its "
              "3,073 empty query lists), and 3 system calls: c-ares opens /dev/urandom for a key of "
              "its own query IDs, which it does not use for ours.  The other reads are of files: shared "
              "libraries, locale, nsswitch.conf, /etc/hosts, the module's configuration, resolv.conf, the "
              "trust anchor and openssl.cnf.")
    cp = os.path.join(out, "profile-cached.txt")
    c = dict(kv.split("=", 1) for kv in open(cp).read().split()) if os.path.exists(cp) else {}
    if c and all(c.get(k, "").lstrip("-").isdigit() for k in ("dns_first", "dns_second", "dnssec_first",
                                                              "dnssec_second")):
        ls.append("")
        ls.append(f"A second lookup of the same name in the same process (callgrind, inside the NSS call only): "
                  f"through dnssec, from the module's result cache, {int(c['dnssec_second']):,} instructions "
                  f"(the first: {int(c['dnssec_first']):,}); through dns, asked again, "
                  f"{int(c['dns_second']):,} (the first: {int(c['dns_first']):,}).")
    ls.append("")
    return "\n".join(ls)


SECTIONS = ((HC_TITLE, hostcache_section), (OC_TITLE, owncost_section))

if sys.argv[1] == "--splice":
    # bench/results.md with only the sections OUTDIR has data for replaced.
    target, out = sys.argv[2], sys.argv[3]
    machine = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(out, "machine.txt")) if "=" in l)
    text = open(target).read() if os.path.exists(target) else "# nss-dnssec benchmarks\n"
    done = 0
    for title, fn in SECTIONS:
        sec = fn(out, machine)
        if sec is None:
            continue
        start = text.find(title)
        if start >= 0:
            end = text.find("\n## ", start + len(title))
            text = text[:start] + (text[end + 1:] if end >= 0 else "")
        text = text.rstrip("\n") + "\n\n" + sec
        done += 1
    if not done:
        sys.exit("analyze.py: no host-wide cache or own cost data in " + out)
    sys.stdout.write(text.rstrip("\n") + "\n")
    sys.exit(0)

out = sys.argv[1]


machine = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(out, "machine.txt")) if "=" in l)
print("# nss-dnssec benchmarks\n")
print(f"Generated by `make bench` (bench/run.sh, bench/analyze.py) on {machine['date']}.")
print(f"Machine: {machine['cpu']}, {machine['cores']} cores, Linux {machine['kernel']}, "
      f"glibc {machine['glibc']}; nss-dnssec {machine['nss_dnssec']}.")
pk = ", ".join(f"{k[4:]} {v}" for k, v in machine.items() if k.startswith("pkg_"))
print(f"Packages: {pk}.\n")
print(f"Every lookup goes to the lab (tests/lab): a non-validating unbound on loopback (the \"ISP "
      f"resolver\", warm), directly or through bench/delayfwd, which sends every answer back 20 ms after "
      f"the resolver gave it (an ISP's round trip).  hyperfine -N, 3 warm-up "
      f"runs, {machine['runs']} runs per command, milliseconds: median (min-max).  Every `getent` runs "
      f"in a fresh process, so nss-dnssec starts with an empty process cache each time.  "
      f"`getent ahosts` asks A and AAAA; the peers ask A only.  kdig asks a validating unbound that has "
      f"everything cached (the floor of a local validating daemon).  resolve: `getent -s hosts:resolve ahosts "
      f"NAME`, glibc's nss-resolve asking systemd-resolved {machine.get('pkg_systemd-resolved', '-')} "
      f"(DNSSEC=yes, the lab's root as its trust anchor, the same resolver upstream; bench/resolved.sh) over "
      f"its varlink socket, with the daemon's cache warm (hyperfine's warm-up runs filled it): a fresh process "
      f"that validates nothing itself, as resolved is used.\n")

names = []
for net in ("loopback", "delay"):
    dns = load_hf(os.path.join(out, f"hf-{net}-dns.json"))
    sec = load_hf(os.path.join(out, f"hf-{net}-dnssec.json"))
    if not names:
        names = [c.split(" ", 1)[1] for c in sec]
    title = "resolver on loopback" if net == "loopback" else "resolver behind 20 ms (bench/delayfwd)"
    print(f"## Whole-process lookups, {title}\n")
    print("| name | labels | dns | **dnssec** | **ratio** | delv | unbound-host | getdns_query | kdig → validating unbound "
          "| resolve → systemd-resolved, warm |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        d, s = dns[f"dns {n}"], sec[f"dnssec {n}"]
        labels = n.count(".") + 1
        alg = "RSA" if "alg8" in n else "ECDSA"
        cell = lambda r: f"{r[0]:.2f} ({r[1]:.2f}-{r[2]:.2f})"
        peers = [cell(dns[f"{p} {n}"]) for p in ("delv", "unbound-host", "getdns_query", "kdig", "resolve")]
        print(f"| {n} ({alg}) | {labels} | {cell(d)} | **{cell(s)}** | **{s[0] / d[0]:.2f}×** | " + " | ".join(peers) + " |")
    fl = dns["floor getent localhost"], dns["floor process"]
    print(f"\nFloors: `getent ahosts localhost` (files only) {fl[0][0]:.2f} ms; process start (`true`) "
          f"{fl[1][0]:.2f} ms.  {resolved_memory(out, net)}\n")
    if net == "delay":
        print("delayfwd runs on this machine, as a local forwarder (systemd-resolved, dnsmasq) would.  Until "
              "the module yielded the CPU before starting OpenSSL (stub/stub_lookup.c, start_crypto), the "
              "scheduler often left the forwarder waiting on nss-dnssec's CPU for the 2 ms of that start-up, "
              "and every answer came back 2 ms late: a packet capture showed it in 3 lookups of 5, and the "
              "ratios here were 1.12-1.16×.\n")

# What nss-resolve answered for names of each verdict.
print("## systemd-resolved's verdicts on the lab\n")
print("The check run.sh makes before timing: `getaddrinfo` (Python's, through NSS with `hosts: resolve` only) "
      "for lab names of each verdict (tests/lab/expect.tsv), systemd-resolved behind the lab's honest resolver "
      "and, a second daemon, behind its forging one (the attacker), and the reasons the daemon logged "
      "(\"DNSSEC validation failed for question ...\").\n")
print("| name | resolver | lab verdict | getaddrinfo through nss-resolve | systemd-resolved's log |")
print("|---|---|---|---|---|")
verdicts = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "resolve-verdicts.tsv"))]
for v in verdicts:
    print("| " + " | ".join(v) + " |")
accepted = [f"{v[0]} ({v[1]})" for v in verdicts if v[2] == "bogus" and not v[3].startswith("getaddrinfo:")]
refused = {v[3] for v in verdicts if v[2] == "bogus" and v[3].startswith("getaddrinfo:")}
nx = {v[3] for v in verdicts if v[2] == "nxdomain"}
print()
if refused and refused == nx:
    print(f"A name refused as bogus reaches the program as the same error as a name that does not exist "
          f"({', '.join(refused)}): nss-resolve does not tell them apart.", end="  ")
# The names without an RRSIG, whose acceptance the debug log explains.
NOSIG = {"www.nosig-rrset.lab", "nosig.victim.lab"}
if accepted:
    print(f"**systemd-resolved gave addresses for {len(accepted)} name(s) the lab calls bogus**: "
          f"{', '.join(accepted)}.", end="")
if accepted and {a.split()[0] for a in accepted} <= NOSIG:
    print(f"  Each is an A RRset without RRSIG in a signed zone (a zone that lost a "
          f"signature, or a forgery whose RRSIG the attacker removed); resolved's debug log "
          f"(SYSTEMD_LOG_LEVEL=debug) shows it asking for a DS at the name itself, taking the zone's signed "
          f"NODATA for it (an NSEC without NS: no zone cut there) as proof of an unsigned delegation, and "
          f"calling the RRset insecure.  Signature stripping was reported as systemd issue #25676 "
          f"(CVE-2023-7008), which Debian's changelog lists as fixed in 252.21; this is "
          f"{machine.get('pkg_systemd-resolved', '-')}.", end="")
print("\n")

# Queries and rounds from the delay proxy's log.
print("## Upstream queries and sequential rounds per cold lookup\n")
print("From the lab's Python delay proxy's log (each answer delayed 20 ms; a query received 15 ms or more after the "
      "previous one starts a new round).  One cold process per tool and name; the resolver has the chain "
      "cached.\n")
caps = {}
for line in open(os.path.join(out, "capture.tsv")):
    f = line.rstrip("\n").split("\t")
    label, stamp = f[0], f[1]
    t = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
    caps.setdefault(label, []).append(t)
tools = ["dns", "dnssec", "delv", "unbound-host", "getdns_query"]
print("| name | " + " | ".join(f"{t} q/rounds" for t in tools) + " |")
print("|---|" + "---|" * len(tools))
for n in names:
    row = []
    for tool in tools:
        ts = sorted(caps.get(f"{tool} {n}", []))
        rounds = 1 + sum(1 for a, b in zip(ts, ts[1:]) if b - a >= 0.015) if ts else 0
        row.append(f"{len(ts)} / {rounds}")
    print(f"| {n} | " + " | ".join(row) + " |")
print()

# In-process.
print("## In-process (bench/gai_bench.c: getaddrinfo in a loop), resolver on loopback\n")
inproc = {}
for line in open(os.path.join(out, "inproc.txt")):
    mode, rest = line.split(" ", 1)
    kv = dict(x.split("=", 1) for x in rest.split())
    inproc.setdefault(mode, []).append(kv)
rows = []
for mode in ("dns", "dnssec"):
    recs = inproc[mode]
    cold = statistics.median(float(r["cold_us"]) for r in recs if "cold_us" in r)
    warm = next(r for r in recs if "warm_median_us" in r)
    thr = {r["threads"]: float(r["per_second"]) for r in recs if "threads" in r}
    dist = next(r for r in recs if "distinct" in r)
    rows.append((mode, cold, warm, thr, dist))
print("| module | first lookup (µs, median of 5 processes) | repeated lookup (µs, median of 2000) | "
      "lookups/s 1 thread | 4 threads | 16 threads | distinct names: µs each | peak RSS after (KiB) |")
print("|---|---|---|---|---|---|---|---|")
for mode, cold, warm, thr, dist in rows:
    print(f"| {mode} | {cold:.0f} | {float(warm['warm_median_us']):.1f} | {thr.get('1', 0):.0f} | "
          f"{thr.get('4', 0):.0f} | {thr.get('16', 0):.0f} | {float(dist['us_per_lookup']):.0f} "
          f"({dist['distinct']} names, {dist['failures']} failed) | {dist['max_rss_kib']} |")
print()

# OpenSSL's start-up (bench/crypto_start.c) and libcrypto's load.
crypto = [dict(kv.split("=", 1) for kv in l.split()) for l in open(os.path.join(out, "crypto.txt")) if "start_us=" in l]
lc = load_hf(os.path.join(out, "hf-libcrypto.json"))
st = statistics.median(float(r["start_us"]) for r in crypto)
lk = statistics.median(float(r["lookup_us"]) for r in crypto)
print("## OpenSSL start-up\n")
print(f"`val_crypto_start()` in a fresh process (dlopen of libcrypto.so.3, the validator's own library context, "
      f"the algorithm table), median of {len(crypto)} processes: **{st:.0f} µs**.  A cold lookup of "
      f"www.alg13.lab (A and AAAA, resolver on loopback) after it: {lk:.0f} µs.  Loading libcrypto into a "
      f"process that does nothing else: {lc['process + libcrypto'][0]:.2f} ms against "
      f"{lc['process (env)'][0]:.2f} ms (`env true`; `true` alone {lc['process'][0]:.2f} ms).\n")
print("The module is not linked with libcrypto: the first lookup of a process sends its queries, then loads "
      "and starts OpenSSL while they are on the wire, so that behind a real round trip the start-up costs "
      "nothing; on loopback the answers are back before it is done.\n")

# Peak RSS of a process that did one lookup (gai_bench cold, 5 processes).
def cold_median(mode, key):
    return statistics.median(int(r[key]) for r in inproc[mode] if "cold_us" in r)
d, s = cold_median("dns", "max_rss_kib"), cold_median("dnssec", "max_rss_kib")
pd, ps = cold_median("dns", "private_dirty_kib"), cold_median("dnssec", "private_dirty_kib")
lc_rss = cold_median("dnssec", "libcrypto_rss_kib")
print(f"## Memory\n\nPeak RSS of a process after its first `getaddrinfo` (gai_bench cold, median of 5): "
      f"dns {d:.0f} KiB, dnssec {s:.0f} KiB, difference {(s - d) / 1024:+.2f} MiB.  Of the dnssec process's "
      f"resident pages, {lc_rss:.0f} KiB are libcrypto.so.3's file pages (its code, read-only data and "
      f"symbol tables; the kernel maps up to 64 KiB of file around each page touched): page cache, shared with "
      f"every process that maps libcrypto.  What the process owns (Private_Dirty in /proc/self/smaps: heap, stacks, "
      f"relocated data) is {ps:.0f} KiB against {pd:.0f} KiB through dns, {(ps - pd) / 1024:+.2f} MiB.  After "
      f"{rows[1][4]['distinct']} distinct names the dnssec process peaks at {rows[1][4]['max_rss_kib']} KiB "
      f"(dns: {rows[0][4]['max_rss_kib']} KiB); the process cache is bounded at 1 MiB "
      f"(STUB_CACHE_BYTES_MAX).\n")

for _title, fn in SECTIONS:
    sec = fn(out, machine)
    if sec is not None:
        print(sec)
