#!/usr/bin/env python3
# Aggregates a speedscope JSON (dotnet-trace --format speedscope) per frame: self and inclusive share of the samples, top N.
# Usage: speedscope-top.py FILE [N=40] [only stacks containing this frame substring]
import json,sys,collections
d=json.load(open(sys.argv[1]))
frames=d['shared']['frames']
top=int(sys.argv[2]) if len(sys.argv)>2 else 40
filt=sys.argv[3] if len(sys.argv)>3 else None
selfc=collections.Counter(); incl=collections.Counter(); total=0
for p in d['profiles']:
    if p['type']=='sampled':
        for s,w in zip(p['samples'],p['weights']):
            if filt and not any(filt in frames[i]['name'] for i in s): continue
            total+=w
            if s: selfc[s[-1]]+=w
            for i in set(s): incl[i]+=w
    else: # evented
        stack=[];last=None
        evs=p['events']
        for e in evs:
            t=e['at']
            if last is not None and stack:
                dt=t-last; total+=dt; selfc[stack[-1]]+=dt
                for i in set(stack): incl[i]+=dt
            last=t
            if e['type']=='O': stack.append(e['frame'])
            else:
                if stack: stack.pop()
print('total',total)
print('--- self')
for i,w in selfc.most_common(top): print(f"{100*w/total:6.2f}% {frames[i]['name'][:160]}")
print('--- inclusive')
for i,w in incl.most_common(top*2): print(f"{100*w/total:6.2f}% {frames[i]['name'][:160]}")
