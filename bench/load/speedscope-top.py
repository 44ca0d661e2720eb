#!/usr/bin/env python3
# Aggregates a speedscope JSON from dotnet-trace (--profile dotnet-sampled-thread-time --format speedscope) per frame: the share of
# on-CPU time (stacks whose leaf is CPU_TIME; waiting threads are left out) spent in each frame, inclusive, top N.
# Usage: speedscope-top.py FILE [N=40]
import collections, json, sys

data = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
frames = data["shared"]["frames"]
inclusive, total = collections.Counter(), 0.0
for profile in data["profiles"]:
    if profile["type"] != "evented":
        continue
    stack, last = [], None
    for event in profile["events"]:
        at = event["at"]
        if last is not None and stack and frames[stack[-1]]["name"] == "CPU_TIME":
            total += at - last
            for frame in set(stack):
                inclusive[frame] += at - last
        last = at
        if event["type"] == "O":
            stack.append(event["frame"])
        elif stack:
            stack.pop()
print(f"on-CPU time sampled: {total:.0f} ms")
skip = ("Thread", "Process64", "(Non-Activities)", "CPU_TIME", "System.Threading.", "AsyncMethodBuilderCore", "AsyncTaskMethodBuilder")
shown = 0
for frame, weight in inclusive.most_common():
    name = frames[frame]["name"]
    if name.startswith(skip) or any(s in name for s in skip[4:]):
        continue
    print(f"{100 * weight / max(total, 1):6.2f}% {name[:160]}")
    shown += 1
    if shown >= top:
        break
