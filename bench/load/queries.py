#!/usr/bin/env python3
"""Times issue 18's hot pages and queries against a running Laurel on a seeded PostgreSQL (see run-queries.sh).

For every page: wall time per request (median and p90 of RUNS) and the database time of its SQL commands, read from Laurel's
EF command log ("Executed DbCommand (N ms)"), which does not depend on how loaded the machine's CPUs are as much as wall time.
The outbox claim has no page: its SQL (main's or this branch's, VARIANT) is timed with EXPLAIN ANALYZE inside a rolled-back
transaction. /health is timed in the same run as the yardstick.
"""
import html, http.cookiejar, os, re, statistics, subprocess, sys, time, urllib.parse, urllib.request, json

BASE = os.environ["BASE"]
LOG = os.environ["LAUREL_LOG"]
RUNS = int(os.environ.get("RUNS", "15"))
VARIANT = os.environ.get("VARIANT", "after")
N = os.environ.get("N", "?")
PSQL = ["psql", "-h", "127.0.0.1", "-p", os.environ["PGPORT"], "-U", "postgres", "-d", "postgres", "-At", "-q"]
TOKEN = re.compile(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"')
COMMAND = re.compile(r"Executed DbCommand \((\d+)ms\)(.*?)(?=\n\S|\Z)", re.S)


def psql(sql):
    return subprocess.run(PSQL + ["-c", sql], check=True, capture_output=True, text=True).stdout.strip()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def fetch(opener, path, data=None):
    try:
        with opener.open(BASE + path, data=urllib.parse.urlencode(data).encode() if data else None, timeout=120) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def sign_in(persona):
    opener = client()
    _, page = fetch(opener, "/account/sign-in")
    status, _ = fetch(opener, "/account/sign-in?handler=Demo",
                      {"persona": persona, "returnUrl": "/", "__RequestVerificationToken": html.unescape(TOKEN.search(page).group(1))})
    assert status == 302, f"sign-in as {persona}: {status}"
    return opener


def log_size():
    return os.path.getsize(LOG)


def db_ms_since(offset, only=None):
    with open(LOG, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        chunk = f.read()
    # One log entry per command; with scopes on, an entry written inside a request names its path (background jobs' do not).
    total = hot = 0
    for entry in re.split(r"\n(?=\S)", chunk):
        m = COMMAND.search(entry)
        if m and "RequestPath:" in entry and (only is None or only(m.group(2))):
            total += int(m.group(1))
            # The statements on the big tables, apart from the page's other (small, indexed) lookups.
            if re.search(r'"(Awards|OutboxMessages|AuditEntries)"', m.group(2)):
                hot += int(m.group(1))
    return total, hot


def measure(name, action, only=None):
    walls, dbs, hots = [], [], []
    action()  # warm (JIT, plan cache)
    for _ in range(RUNS):
        time.sleep(0.05)  # let the previous request's log lines land
        offset = log_size()
        start = time.perf_counter()
        action()
        walls.append(1000 * (time.perf_counter() - start))
        time.sleep(0.1)
        total, hot = db_ms_since(offset, only)
        dbs.append(total)
        hots.append(hot)
    walls.sort()
    print(f"{VARIANT}\t{N}\t{name}\twall median {statistics.median(walls):.1f} ms\tp90 {walls[int(0.9 * (len(walls) - 1))]:.1f} ms"
          f"\tdb median {statistics.median(dbs):.0f} ms\tof which Awards/Outbox/Audit {statistics.median(hots):.0f} ms", flush=True)


def explain_ms(sql):
    out = psql(f"BEGIN; EXPLAIN (ANALYZE, FORMAT JSON) {sql}; ROLLBACK;")
    start = out.index("[")
    return json.loads(out[start:out.rindex("]") + 1])[0]["Execution Time"]


def measure_sql(name, sqls):
    times = sorted(sum(explain_ms(s) for s in sqls) for _ in range(RUNS))
    print(f"{VARIANT}\t{N}\t{name}\tsql median {statistics.median(times):.2f} ms\tp90 {times[int(0.9 * (len(times) - 1))]:.2f} ms", flush=True)


def ok(opener, path):
    def run():
        status, body = fetch(opener, path)
        assert status == 200, f"GET {path}: {status}"
        return body
    return run


def main():
    uu = psql("""SELECT "Id" FROM "Institutions" WHERE "Slug" = 'uu'""")
    definition = psql("""SELECT "Id" FROM "Achievements" WHERE "Name" = 'Data Literacy for Professionals' ORDER BY "Version" DESC LIMIT 1""")
    of_definition = psql(f"""SELECT count(*) FROM "Awards" WHERE "AchievementId" = '{definition}'""")
    total = psql('SELECT count(*) FROM "Awards"')
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# {VARIANT} N={N}: {of_definition} awards of the definition, {total} in all, load average {load}", flush=True)
    admin = sign_in("institution-admin")
    anonymous = client()
    measure("GET /health", ok(anonymous, "/health"))
    awards = f"/manage/achievements/{definition}/awards"
    measure("staff award list", ok(admin, awards))
    first = ok(admin, awards)()
    nxt = re.search(r'href="(\?(?:p|before)=[^"]+)"', first)
    if nxt:
        measure("staff award list, page 2", ok(admin, awards + html.unescape(nxt.group(1))))
    audit = f"/manage/institutions/{uu}/audit"
    measure("audit page", ok(admin, audit))
    page = ok(admin, audit)()
    nxt = re.search(r'href="([^"]+)" rel="next"', page)
    if nxt:
        measure("audit page, page 2", ok(admin, html.unescape(nxt.group(1))))
    measure("audit page, filtered", ok(admin, audit + "?filter=award.revoked"))
    measure("mail page", ok(admin, f"/manage/institutions/{uu}/mail"))
    measure("learner sign-in", lambda: sign_in("learner"))
    measure("learner sign-in: claim lookup only", lambda: sign_in("learner"),
            only=lambda text: '"RecipientIdentity"' in text and "AwaitingClaim" in text)
    now = "now()"
    due = f""""SentAt" IS NULL AND "FailedAt" IS NULL AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
              AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})"""
    claim = f"""SELECT "Id" FROM "OutboxMessages" WHERE {due} ORDER BY "CreatedAt" LIMIT 20 FOR UPDATE SKIP LOCKED"""
    ids = psql(f"""SELECT string_agg(quote_literal("Id"), ',') FROM (SELECT "Id" FROM "OutboxMessages" WHERE {due} ORDER BY "CreatedAt" LIMIT 20) x""")
    fetch_before = """SELECT * FROM "OutboxMessages" WHERE "LeaseToken" = '00000000-0000-0000-0000-000000000001' ORDER BY "CreatedAt" """
    fetch_after = f"""SELECT * FROM "OutboxMessages" WHERE "Id" IN ({ids}) AND "LeaseToken" = '00000000-0000-0000-0000-000000000001' ORDER BY "CreatedAt" """
    update = f"""UPDATE "OutboxMessages" SET "LeaseToken" = '00000000-0000-0000-0000-000000000001' WHERE "Id" IN ({ids}) AND {due}"""
    measure_sql("outbox batch claim (select, lease, read back)", [claim, update, fetch_before if VARIANT == "before" else fetch_after])


main()
