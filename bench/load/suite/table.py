#!/usr/bin/env python3
"""Joins run-suite.sh's raw output (results.tsv and one wrk output per scenario and per /health run) into a markdown table."""
import csv
import os
import re
import sys

out, awards, counts, seed_seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def ms(text):
    """wrk's latency ('812.00us', '3.21ms', '1.02s', '2.00m') in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return None
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(path):
    """requests, req/s, p50, p99 (ms), answers outside 2xx/3xx plus socket errors, statuses."""
    if not os.path.exists(path):
        return None
    text = open(path).read()
    result = {"requests": 0, "rps": 0.0, "p50": None, "p99": None, "bad": 0, "statuses": {}}
    if m := re.search(r"(\d+) requests in", text):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["rps"] = float(m.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M):
            result[key] = ms(m.group(1))
    for code, n in re.findall(r"HTTP (\d+): (\d+) responses", text):
        result["statuses"][int(code)] = int(n)
        if not 200 <= int(code) < 400:
            result["bad"] += int(n)
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        result["bad"] += sum(int(x) for x in m.groups())
    return result


def f(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


print(f"Seeded data: {counts}; seeding took {seed_seconds}{' s' if seed_seconds.isdigit() else ''}.")
print()
print("| scenario | clients | req/s | p50 ms | p99 ms | /health req/s (same clients) | ratio vs /health | non-2xx/3xx + socket errors "
      "| CPU ms/request Laurel | CPU ms/request PostgreSQL | Laurel RSS / peak MB | load avg before → after |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
with open(os.path.join(out, "results.tsv")) as tsv:
    for row in csv.DictReader(tsv, delimiter="\t"):
        name, slug = row["scenario"], row["file"]
        if slug == "bulk":
            text = open(os.path.join(out, "bulk.txt")).read() if os.path.exists(os.path.join(out, "bulk.txt")) else ""
            total = re.search(r"^total\s+([\d.]+) s", text, re.M)
            awarded = re.search(r"awarded ([\d,]+), refused ([\d,]+)", text)
            cpu = re.search(r"CPU time of this process.*?([\d.]+) s", text)
            summary = (f"**{total.group(1)} s** end to end" if total else "failed (see bulk.txt)") + \
                      (f", awarded {awarded.group(1)}, refused {awarded.group(2)}" if awarded else "") + \
                      (f", {cpu.group(1)} s CPU (bench process: app + client)" if cpu else "")
            print(f"| {name} | – | {summary} | | | | | | | | | {row['load_before']} → {row['load_after']} |")
            continue
        if slug == "-":
            print(f"| {name} | {row['clients']} | skipped: {row['note']} | | | | | | | | | |")
            continue
        run, health = wrk(os.path.join(out, slug + ".txt")), wrk(os.path.join(out, slug + ".health.txt"))
        if run is None or run["requests"] == 0:
            print(f"| {name} | {row['clients']} | no result (see {slug}.txt) | | | | | | | | | |")
            continue
        ratio = run["rps"] / health["rps"] if health and health["rps"] else None
        per = lambda cpu: 1000 * float(cpu) / run["requests"]
        print(f"| {name} | {row['clients']} | {f(run['rps'])} | {f(run['p50'])} | {f(run['p99'])} | {f(health['rps'] if health else None)} "
              f"| {f(ratio, 3)} | {run['bad']:,} | {per(row['laurel_cpu']):.2f} | {per(row['pg_cpu']):.2f} "
              f"| {int(row['rss_kb']) // 1024} / {int(row['hwm_kb']) // 1024} | {row['load_before']} → {row['load_after']} |")
