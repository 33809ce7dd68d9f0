#!/usr/bin/env python3
"""Side-by-side benchmark: strata against the raw clients, dbmate and sql-migrate.

For each backend and each N it generates N migrations (a table with an index, an added column, three
inserts, an update; the down part drops the table), then measures, in one run and interleaved:
  apply all to an empty database, `status` with N applied, a no-op `up`, `validate`, `down --all`.
The raw client (sqlite3, psql, mariadb) runs the same SQL with one transaction per migration, and all of
it in one transaction (the floor); its `status` is one query of strata's history table.
Each figure is the median of --runs runs: wall time, CPU time (user + system of the client process) and
its peak resident memory. Server-side CPU is not counted.

Usage: bench/run-compare.sh (installs the peers, starts durable servers, builds strata, then this).
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

BACKENDS = ("sqlite", "postgres", "mariadb")
OPS = ("apply", "status", "noop_up", "validate", "down_all")
OP_TITLES = {"apply": "apply all", "status": "status", "noop_up": "no-op up", "validate": "validate",
             "down_all": "down --all"}
TOOLS = ("strata", "raw_tx", "raw_floor", "dbmate", "sql-migrate")
TOOL_TITLES = {"strata": "strata", "raw_tx": "raw client, 1 tx per migration",
               "raw_floor": "raw client, all in 1 tx (floor)", "dbmate": "dbmate", "sql-migrate": "sql-migrate"}
PEERS = ("dbmate", "sql-migrate")


# ---------------------------------------------------------------- migrations

def table_sql(backend, i):
    t = f"bench_{i:05d}"
    if backend == "sqlite":
        cols = "id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0"
        note = "TEXT"
    elif backend == "postgres":
        cols = "id SERIAL PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0"
        note = "TEXT"
    else:
        cols = "id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, n INT NOT NULL DEFAULT 0"
        note = "VARCHAR(100)"
    up = (f"CREATE TABLE {t} ({cols});\n"
          f"CREATE INDEX {t}_name ON {t} (name);\n"
          f"ALTER TABLE {t} ADD COLUMN note {note};\n"
          f"INSERT INTO {t} (name, n) VALUES ('a', 1);\n"
          f"INSERT INTO {t} (name, n) VALUES ('b; not the end of a statement', 2);\n"
          f"INSERT INTO {t} (name, n) VALUES ('c', 3);\n"
          f"UPDATE {t} SET note = 'seen' WHERE n > 1;\n")
    down = f"DROP TABLE {t};\n"
    return up, down


def generate(work, backend, n):
    """Writes the migrations in dbmate's format (read by strata and dbmate), sql-migrate's, and raw scripts."""
    root = os.path.join(work, f"{backend}-{n}")
    if os.path.exists(os.path.join(root, "done")):
        return root
    shutil.rmtree(root, ignore_errors=True)
    for d in ("dbmate", "sqlmigrate"):
        os.makedirs(os.path.join(root, d))
    ups, downs = [], []
    for i in range(1, n + 1):
        up, down = table_sql(backend, i)
        ups.append(up)
        downs.append(down)
        name = f"{i:05d}_create_bench_{i:05d}.sql"
        with open(os.path.join(root, "dbmate", name), "w") as f:
            f.write(f"-- migrate:up\n{up}\n-- migrate:down\n{down}")
        with open(os.path.join(root, "sqlmigrate", name), "w") as f:
            f.write(f"-- +migrate Up\n{up}\n-- +migrate Down\n{down}")
    begin = "BEGIN;\n" if backend != "mariadb" else "START TRANSACTION;\n"
    scripts = {
        "up_tx": "".join(f"{begin}{u}COMMIT;\n" for u in ups),
        "up_floor": begin + "".join(ups) + "COMMIT;\n",
        "down_tx": "".join(f"{begin}{d}COMMIT;\n" for d in reversed(downs)),
        "down_floor": begin + "".join(reversed(downs)) + "COMMIT;\n",
    }
    for name, text in scripts.items():
        with open(os.path.join(root, name + ".sql"), "w") as f:
            f.write(text)
    open(os.path.join(root, "done"), "w").close()
    return root


# ---------------------------------------------------------------- measuring

class Failed(Exception):
    pass


def measure(cmd, stdin_path=None, env=None):
    """Runs cmd once; returns (wall s, cpu s, peak RSS MiB). Output goes to /dev/null.

    The peak RSS comes from GNU time, whose small process forks the command: a child forked from this
    Python process would report Python's resident size as its own peak (Linux keeps the high-water mark
    of the memory it had before exec).
    """
    stdin = open(stdin_path) if stdin_path else subprocess.DEVNULL
    err_path = "/tmp/strata-bench-stderr.txt"
    rss_path = "/tmp/strata-bench-rss.txt"
    with open(err_path, "w") as err:
        start = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-q", "-f", "%M", "-o", rss_path] + cmd, stdin=stdin,
                             stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    if stdin_path:
        stdin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open(err_path) as f:
            raise Failed(f"{' '.join(cmd)} exited {code}:\n{f.read()[-2000:]}")
    with open(rss_path) as f:
        peak_kib = int(f.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, peak_kib / 1024.0


def measure_loop(cmds):
    """Runs several commands in a row and sums them (dbmate rolls back one migration per call)."""
    total = [0.0, 0.0, 0.0]
    for cmd in cmds:
        w, c, m = measure(cmd)
        total[0] += w
        total[1] += c
        total[2] = max(total[2], m)
    return tuple(total)


class Backend:
    def __init__(self, kind, args, work):
        self.kind = kind
        self.args = args
        self.work = work
        if kind == "sqlite":
            self.db = os.path.join(work, "bench.db")
        elif kind == "postgres":
            self.host, self.port = "127.0.0.1", args.pg_port
        else:
            self.host, self.port = "127.0.0.1", args.my_port

    def reset(self):
        if self.kind == "sqlite":
            for suffix in ("", "-journal", "-wal", "-shm", ".strata-lock"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)
        elif self.kind == "postgres":
            for sql in ("DROP DATABASE IF EXISTS bench WITH (FORCE)", "CREATE DATABASE bench"):
                subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", str(self.port),
                                "-U", "postgres", "-d", "postgres", "-c", sql], check=True)
        else:
            subprocess.run(self.mariadb_cmd("") + ["-e", "DROP DATABASE IF EXISTS bench; CREATE DATABASE bench"],
                           check=True, env={**os.environ, "MYSQL_PWD": self.args.my_password})

    def mariadb_cmd(self, database="bench"):
        cmd = ["mariadb", "--no-defaults", "-h", self.host, "-P", str(self.port), "-u", self.args.my_user]
        return cmd + ([database] if database else [])

    def strata_url(self):
        if self.kind == "sqlite":
            return f"sqlite:{self.db}"
        if self.kind == "postgres":
            return f"postgres://postgres@{self.host}:{self.port}/bench"
        return f"mysql://{self.args.my_user}:{self.args.my_password}@{self.host}:{self.port}/bench"

    def dbmate_url(self):
        if self.kind == "postgres":
            return self.strata_url() + "?sslmode=disable"
        return self.strata_url()

    def sqlmigrate_config(self, root):
        if self.kind == "sqlite":
            dialect, source = "sqlite3", self.db
        elif self.kind == "postgres":
            dialect, source = "postgres", f"host={self.host} port={self.port} user=postgres dbname=bench sslmode=disable"
        else:
            dialect = "mysql"
            source = f"{self.args.my_user}:{self.args.my_password}@tcp({self.host}:{self.port})/bench?parseTime=true"
        path = os.path.join(root, "dbconfig.yml")
        with open(path, "w") as f:
            f.write(f"bench:\n  dialect: {dialect}\n  datasource: {source}\n  dir: {root}/sqlmigrate\n")
        return path

    def raw(self, script_path):
        """Measures the raw client running a script."""
        if self.kind == "sqlite":
            return measure(["sqlite3", "-bail", self.db], stdin_path=script_path)
        if self.kind == "postgres":
            return measure(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", str(self.port),
                            "-U", "postgres", "-d", "bench", "-f", script_path])
        return measure(self.mariadb_cmd(), stdin_path=script_path, env={"MYSQL_PWD": self.args.my_password})

    def raw_history_query(self):
        sql = "SELECT version, name, checksum, status, applied_at FROM strata_migrations ORDER BY version"
        if self.kind == "sqlite":
            return measure(["sqlite3", self.db, sql])
        if self.kind == "postgres":
            return measure(["psql", "-X", "-q", "-h", self.host, "-p", str(self.port), "-U", "postgres", "-d", "bench",
                            "-c", sql])
        return measure(self.mariadb_cmd() + ["-e", sql], env={"MYSQL_PWD": self.args.my_password})


def seed(backend, root, n, args):
    """Records N migrations as applied in every tool's history without running them: for sizes where
    applying is not measured, so that status, no-op up and validate still see N applied."""
    strata = [args.strata, "--url", backend.strata_url(), "--dir", os.path.join(root, "dbmate")]
    backend.reset()
    names = sorted(os.listdir(os.path.join(root, "dbmate")))
    when = {"sqlite": "datetime", "postgres": "timestamp with time zone", "mariadb": "datetime"}[backend.kind]
    rows = ",".join(f"('{name.split('_')[0]}')" for name in names)
    gorp = ",".join(f"('{name}', CURRENT_TIMESTAMP)" for name in names)
    script = os.path.join(args.work, "seed.sql")
    with open(script, "w") as f:
        f.write("CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY);\n"
                f"INSERT INTO schema_migrations (version) VALUES {rows};\n"
                f"CREATE TABLE gorp_migrations (id VARCHAR(255) PRIMARY KEY, applied_at {when});\n"
                f"INSERT INTO gorp_migrations (id, applied_at) VALUES {gorp};\n")
    backend.raw(script)
    # strata last: the peers' tables are then part of the schema its baseline fingerprints, so its status
    # finds no change made outside migrations (the usual case), as it would had they been migrations.
    subprocess.run(strata + ["baseline", str(n)], check=True, stdout=subprocess.DEVNULL)


def read_only_round(backend, root, args, sample):
    """status, no-op up and validate on a seeded history."""
    def add(tool, op, value):
        sample.setdefault((tool, op), []).append(value)

    strata = [args.strata, "--url", backend.strata_url(), "--dir", os.path.join(root, "dbmate")]
    add("raw_tx", "status", backend.raw_history_query())
    add("strata", "status", measure(strata + ["status"]))
    add("strata", "noop_up", measure(strata + ["up"]))
    add("strata", "validate", measure(strata + ["validate"]))
    if args.dbmate:
        dbmate = [args.dbmate, "--url", backend.dbmate_url(), "--migrations-dir", os.path.join(root, "dbmate"),
                  "--no-dump-schema"]
        add("dbmate", "status", measure(dbmate + ["status"]))
        add("dbmate", "noop_up", measure(dbmate + ["migrate"]))
    if args.sql_migrate:
        opts = [f"-config={backend.sqlmigrate_config(root)}", "-env=bench"]
        add("sql-migrate", "status", measure([args.sql_migrate, "status"] + opts))
        add("sql-migrate", "noop_up", measure([args.sql_migrate, "up"] + opts))


def one_round(backend, root, n, args, sample):
    """Every tool once on a fresh database; appends (tool, op) -> (wall, cpu, mem) to sample."""
    def add(tool, op, value):
        sample.setdefault((tool, op), []).append(value)

    # The raw client, with and without a transaction per migration.
    for tool, suffix in (("raw_tx", "tx"), ("raw_floor", "floor")):
        backend.reset()
        add(tool, "apply", backend.raw(os.path.join(root, f"up_{suffix}.sql")))
        add(tool, "down_all", backend.raw(os.path.join(root, f"down_{suffix}.sql")))

    # strata, and the raw client's one query of its history.
    strata = [args.strata, "--url", backend.strata_url(), "--dir", os.path.join(root, "dbmate")]
    backend.reset()
    add("strata", "apply", measure(strata + ["up"]))
    add("raw_tx", "status", backend.raw_history_query())
    add("strata", "status", measure(strata + ["status"]))
    add("strata", "noop_up", measure(strata + ["up"]))
    add("strata", "validate", measure(strata + ["validate"]))
    add("strata", "down_all", measure(strata + ["down", "--all", "--yes"]))

    if args.dbmate:
        dbmate = [args.dbmate, "--url", backend.dbmate_url(), "--migrations-dir", os.path.join(root, "dbmate"),
                  "--no-dump-schema"]
        backend.reset()
        add("dbmate", "apply", measure(dbmate + ["migrate"]))
        add("dbmate", "status", measure(dbmate + ["status"]))
        add("dbmate", "noop_up", measure(dbmate + ["migrate"]))
        if n <= args.loop_limit:  # one `rollback` per migration: the only way down in dbmate
            add("dbmate", "down_all", measure_loop([dbmate + ["rollback"]] * n))

    if args.sql_migrate:
        config = backend.sqlmigrate_config(root)
        sm = [args.sql_migrate]
        opts = [f"-config={config}", "-env=bench"]
        backend.reset()
        add("sql-migrate", "apply", measure(sm + ["up"] + opts))
        add("sql-migrate", "status", measure(sm + ["status"] + opts))
        add("sql-migrate", "noop_up", measure(sm + ["up"] + opts))
        add("sql-migrate", "down_all", measure(sm + ["down", "-limit=0"] + opts))


# ---------------------------------------------------------------- report

def medians(sample):
    out = {}
    for key, values in sample.items():
        out[key] = tuple(statistics.median(v[i] for v in values) for i in range(3)) + (len(values),)
    return out


def fmt_time(s):
    if s is None:
        return "–"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // (1024 * 1024)

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
        except Exception:
            return "not found"

    return {
        "os": " ".join(platform.freedesktop_os_release().get(k, "") for k in ("PRETTY_NAME",)),
        "kernel": platform.release(),
        "cpu": f"{os.cpu_count()} × {cpu}",
        "memory": f"{mem} GiB",
        "disk": subprocess.run(["df", "--output=fstype", "/tmp"], capture_output=True, text=True).stdout.split()[-1],
        "sqlite3": version(["sqlite3", "--version"]).split()[0],
        "psql": version(["psql", "--version"]),
        "mariadb": version(["mariadb", "--version"]),
    }


def write_report(path, results, args, info):
    lines = ["# Benchmark results: strata side by side with the raw clients and its peers", "",
             f"Written by `bench/run-compare.sh` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             f"Median of {args.runs} runs (N ≥ {args.large:,}: {args.runs_large}), each tool interleaved with the "
             "others in the same run. Wall time of the client command; in brackets its CPU time (user + system) and "
             "peak resident memory. Server CPU is not counted.", "",
             "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), "",
             "Servers are started by the harness with durable settings (PostgreSQL fsync on, synchronous_commit on; "
             "MariaDB innodb_flush_log_at_trx_commit=1). The raw client's `status` is one query of strata's history "
             "table (version, name, checksum, status, applied_at for all N rows). dbmate has no `down --all`: it is "
             f"measured as N calls of `rollback` (N ≤ {args.loop_limit}). Neither peer has `validate`.",
             f"Above N = {args.apply_limit:,} apply and down are not measured: every tool's history is seeded with N "
             "applied rows (strata by `strata baseline`, the peers' tables by INSERT) and only the read-only "
             "commands run; the database then has no migration tables, so opening it is cheaper for every tool.",
             ""]
    start = results.get("startup", {}).get("strata/version")
    if start:
        lines += [f"`strata --version` (start-up alone): {fmt_time(start[0])}, {start[2]:.1f} MiB resident.", ""]
    for backend in args.backends:
        lines += [f"## {backend}", ""]
        for n in args.sizes:
            r = results.get(f"{backend}/{n}")
            if not r:
                continue
            lines += [f"### N = {n:,}", "",
                      "| tool | " + " | ".join(OP_TITLES[o] for o in OPS) + " |",
                      "|---|" + "---:|" * len(OPS)]
            for tool in TOOLS:
                cells = []
                for op in OPS:
                    v = r.get(f"{tool}/{op}")
                    if not v:
                        cells.append("–")
                    elif op == "apply" or op == "down_all":
                        cells.append(f"{fmt_time(v[0])} ({fmt_time(v[1])}, {v[2]:.0f} MiB)")
                    else:
                        cells.append(f"{fmt_time(v[0])} ({v[2]:.0f} MiB)")
                if any(c != "–" for c in cells):
                    title = TOOL_TITLES[tool] + (" / status: one history query" if tool == "raw_tx" else "")
                    lines.append(f"| {title} | " + " | ".join(cells) + " |")
            lines += ["", "strata as a ratio (wall time):", ""]
            for op in OPS:
                s = r.get(f"strata/{op}")
                if not s:
                    continue
                parts = []
                base = {"apply": ("raw_floor", "the floor"), "down_all": ("raw_floor", "the floor"),
                        "status": ("raw_tx", "one history query"), "noop_up": ("raw_tx", "one history query"),
                        "validate": ("raw_tx", "one history query")}[op]
                raw = r.get(f"{base[0]}/{'status' if op in ('noop_up', 'validate') else op}")
                if raw:
                    parts.append(f"{s[0] / raw[0]:.2f}× {base[1]}")
                if op in ("apply", "down_all") and r.get(f"raw_tx/{op}"):
                    parts.append(f"{s[0] / r[f'raw_tx/{op}'][0]:.2f}× the raw client per migration")
                peers = [r[f"{p}/{op}"][0] for p in PEERS if r.get(f"{p}/{op}")]
                if peers:
                    parts.append(f"{s[0] / min(peers):.2f}× the fastest peer")
                lines.append(f"- {OP_TITLES[op]}: " + ", ".join(parts))
            lines.append("")
    lines += library_section(results)
    lines += targets(results, args)
    lines += scale_results(os.path.dirname(path))
    with open(path, "w") as f:
        f.write("\n".join(lines))


def scale_results(directory):
    """The batched-migration and fleet figures (bench/batch.sh, bench/fleet.sh), which this run does not
    measure: carried over from SCALE-RESULTS.md beside the report, one heading level down."""
    source = os.path.join(directory, "SCALE-RESULTS.md")
    if not os.path.exists(source):
        return []
    with open(source) as f:
        text = f.read().splitlines()
    out = ["", "## Batched data migrations and fleets, from SCALE-RESULTS.md"]
    for line in text[1:]:
        out.append("#" + line if line.startswith("#") else line)
    return out


def targets(results, args):
    """The performance issues' targets, each judged from this run's figures."""
    def wall(backend, n, key):
        v = results.get(f"{backend}/{n}", {}).get(key)
        return v[0] if v else None

    rows = []
    def judge(what, value, limit, unit="×"):
        if value is None:
            return
        verdict = "met" if value <= limit else "**not met**"
        rows.append(f"| {what} | {value:.2f}{unit} | ≤ {limit}{unit} | {verdict} |")

    def ratio(a, b):
        return a / b if a is not None and b else None

    for backend in args.backends:
        s = wall(backend, 1000, "strata/apply")
        if s is None:
            continue
        if backend == "mariadb":
            judge("apply 1,000, mariadb: ÷ raw client per migration", ratio(s, wall(backend, 1000, "raw_tx/apply")), 1.1)
        else:
            judge(f"apply 1,000, {backend}: ÷ floor", ratio(s, wall(backend, 1000, "raw_floor/apply")), 1.1)
    # The read commands a deploy script or a probe runs many times a day, against one history query and the
    # fastest peer (no peer has validate: it is held to the peers' status).
    for backend in ("sqlite", "postgres"):
        if backend not in args.backends:
            continue
        for n in (1000, 10000):
            raw = wall(backend, n, "raw_tx/status")
            for op in ("status", "noop_up", "validate"):
                s = wall(backend, n, f"strata/{op}")
                if s is None:
                    continue
                judge(f"{OP_TITLES[op]} at {n:,}, {backend}: ÷ one history query", ratio(s, raw), 2.0)
                peer_op = "status" if op == "validate" else op
                peers = [wall(backend, n, f"{p}/{peer_op}") for p in PEERS if wall(backend, n, f"{p}/{peer_op}")]
                if peers:
                    judge(f"{OP_TITLES[op]} at {n:,}, {backend}: ÷ fastest peer's {OP_TITLES[peer_op]}",
                          s / min(peers), 1.0)
                if backend == "sqlite" and n == 10000:
                    judge(f"{OP_TITLES[op]} at 10,000, sqlite: wall", s * 1000, 40, " ms")
    for backend in args.backends:
        for op in OPS:
            n = max((n for n in args.sizes if results.get(f"{backend}/{n}", {}).get(f"strata/{op}")), default=None)
            if n == 10000 or (n is not None and op in ("apply", "down_all")):
                judge(f"peak memory of {OP_TITLES[op]} at {n:,}, {backend}",
                      results[f"{backend}/{n}"][f"strata/{op}"][2], 20, " MiB")
    start = results.get("startup", {}).get("strata/version")
    if start:
        judge("resident memory at start (`strata --version`)", start[2], 5, " MiB")
    library = results.get("library", {})
    if "check/100" in library:
        judge("library start-up check at 100, sqlite: wall", library["check/100"], 2, " ms")
    for n in (100, 1000):
        judge(f"library start-up check at {n:,}, sqlite: ÷ opening the file and one history query",
              ratio(library.get(f"check/{n}"), library.get(f"raw/{n}")), 1.2)
    if not rows:
        return []
    return ["## Targets (judged from this run)", "",
            "| target | measured | limit | verdict |", "|---|---:|---:|---|"] + rows + [
            "", "Why the unmet ones are not met, with the profile: [README.md](README.md#what-is-not-met-and-why).", ""]


def library_section(results):
    """The library's start-up check (bench/startup_bench.cc), measured in the same run."""
    library = results.get("library", {})
    sizes = sorted({int(k.split("/")[1]) for k in library})
    if not sizes:
        return []
    lines = ["## The library's start-up check, sqlite", "",
             "What an application runs on every start when nothing is pending (`strata::MigrateOnStartup` with the "
             "migrations already parsed: open the file, read the history, compare, report health), next to the "
             "SQLite library opening the same file and reading the history once. Google Benchmark, median of 5 "
             "repetitions, `bench/startup_bench.cc`.", "",
             "| N | start-up check | open + one history query | ratio |", "|---:|---:|---:|---:|"]
    for n in sizes:
        check, raw = library.get(f"check/{n}"), library.get(f"raw/{n}")
        if check and raw:
            lines.append(f"| {n:,} | {check:.2f} ms | {raw:.2f} ms | {check / raw:.2f}× |")
    return lines + [""]


def measure_library(binary):
    """Medians (ms) of the start-up check and of the raw open-and-query, at N = 100 and 1,000."""
    out = subprocess.run([binary, "--benchmark_filter=^BM_(StartupCheckOnly|RawSqliteHistoryQuery)/(100|1000)$",
                          "--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    names = {"BM_StartupCheckOnly": "check", "BM_RawSqliteHistoryQuery": "raw"}
    library = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name, n = b["run_name"].split("/")
        scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
        library[f"{names[name]}/{n}"] = b["real_time"] * scale
    return library


def plot(path, results, args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(2, len(args.backends), figsize=(5 * len(args.backends), 8), squeeze=False)
    for col, backend in enumerate(args.backends):
        for row, op in enumerate(("apply", "status")):
            ax = axes[row][col]
            for tool in TOOLS:
                xs, ys = [], []
                for n in args.sizes:
                    v = results.get(f"{backend}/{n}", {}).get(f"{tool}/{op}")
                    if v:
                        xs.append(n)
                        ys.append(v[0])
                if xs:
                    label = TOOL_TITLES[tool] if not (tool == "raw_tx" and op == "status") else "raw: one history query"
                    ax.plot(xs, ys, marker="o", label=label, linewidth=2.5 if tool == "strata" else 1.2)
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_title(f"{backend}: {OP_TITLES[op]}")
            ax.set_xlabel("migrations (N)")
            ax.set_ylabel("wall time (s)")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)


# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--strata", required=True)
    p.add_argument("--dbmate", help="dbmate binary; left out when not given")
    p.add_argument("--sql-migrate", dest="sql_migrate", help="sql-migrate binary; left out when not given")
    p.add_argument("--backends", default=",".join(BACKENDS))
    p.add_argument("--sizes", default="100,1000,10000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--large", type=int, default=10000, help="from this N on, --runs-large runs")
    p.add_argument("--runs-large", dest="runs_large", type=int, default=3)
    p.add_argument("--micro", help="strata_bench (bench/startup_bench.cc): the library's start-up check joins the run")
    p.add_argument("--loop-limit", dest="loop_limit", type=int, default=1000)
    p.add_argument("--apply-limit", dest="apply_limit", type=int, default=1000,
                   help="above this N, apply and down are not measured and the histories are seeded instead")
    p.add_argument("--pg-port", dest="pg_port", type=int, default=25439)
    p.add_argument("--my-port", dest="my_port", type=int, default=23307)
    p.add_argument("--my-user", dest="my_user", default="strata")
    p.add_argument("--my-password", dest="my_password", default="strata-test-pw")
    p.add_argument("--work", default="/tmp/strata-bench")
    p.add_argument("--out", default="bench", help="directory for RESULTS.md, results.svg and results.json")
    p.add_argument("--report-only", dest="report_only", action="store_true",
                   help="rewrite RESULTS.md and the plot from results.json in --out, measuring nothing")
    args = p.parse_args()
    args.backends = [b for b in args.backends.split(",") if b]
    args.sizes = [int(n) for n in args.sizes.split(",") if n]
    for b in args.backends:
        if b not in BACKENDS:
            p.error(f"unknown backend '{b}'; known: {', '.join(BACKENDS)}")
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)

    if args.report_only:
        with open(os.path.join(args.out, "results.json")) as f:
            results = json.load(f)["results"]
        write_report(os.path.join(args.out, "RESULTS.md"), results, args, machine())
        plot(os.path.join(args.out, "results.svg"), results, args)
        return 0
    # The binary's own resident memory at start: no database, no migrations.
    results = {"startup": {"strata/version": tuple(
        statistics.median(v[i] for v in [measure([args.strata, "--version"]) for _ in range(5)]) for i in range(3))}}
    if args.micro:
        print("library start-up check", file=sys.stderr, flush=True)
        results["library"] = measure_library(args.micro)
    for backend_kind in args.backends:
        backend = Backend(backend_kind, args, args.work)
        for n in args.sizes:
            root = generate(args.work, backend_kind, n)
            runs = args.runs_large if n >= args.large else args.runs
            sample = {}
            try:
                if n > args.apply_limit:
                    seed(backend, root, n, args)
                for run in range(runs):
                    print(f"{backend_kind} N={n} run {run + 1}/{runs}", file=sys.stderr, flush=True)
                    if n > args.apply_limit:
                        read_only_round(backend, root, args, sample)
                    else:
                        one_round(backend, root, n, args, sample)
            except Failed as e:
                print(f"benchmark failed: {e}", file=sys.stderr)
                return 1
            results[f"{backend_kind}/{n}"] = {f"{t}/{o}": v for (t, o), v in medians(sample).items()}
            write_report(os.path.join(args.out, "RESULTS.md"), results, args, machine())
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"sizes": args.sizes, "results": results}, f, indent=1)
    plot(os.path.join(args.out, "results.svg"), results, args)
    print(f"wrote {args.out}/RESULTS.md, results.svg, results.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
