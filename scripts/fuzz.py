#!/usr/bin/env python3
"""Runs Backlot's libFuzzer harnesses (built by `make fuzz-build`) and records what they did.

Each target (exr, png, tiff, jpeg, dpx, hint) fuzzes from a corpus seeded by our own writers
(`backlot-fuzz seeds`) plus the reproducers kept in fuzz/regressions/<target>/. A run is bounded by time
(--seconds, for CI) or by executions (--runs, for a campaign). Every run is appended to bench/fuzz-log.json;
the totals per target are written into bench/RESULTS.md between the fuzzing markers. A finding (crash, leak,
timeout, out-of-memory) leaves its input in fuzz/findings/ and makes the script exit 1.

    python3 scripts/fuzz.py --seconds 20            # every target, 20 s each (CI)
    python3 scripts/fuzz.py --runs 1000000 --targets exr,tiff
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ["exr", "png", "tiff", "jpeg", "dpx", "hint", "cube"]
BINARY = os.path.join(ROOT, ".build-fuzz", "release", "backlot-fuzz")
LOG = os.path.join(ROOT, "bench", "fuzz-log.json")
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
BEGIN, END = "<!-- fuzz:begin -->", "<!-- fuzz:end -->"


def run_target(target, args):
    corpus = os.path.join(ROOT, ".build-fuzz", "corpus", target)
    seeds = os.path.join(ROOT, ".build-fuzz", "seeds", target)
    regressions = os.path.join(ROOT, "fuzz", "regressions", target)
    findings = os.path.join(ROOT, "fuzz", "findings")
    for d in (corpus, regressions, findings):
        os.makedirs(d, exist_ok=True)
    bound = [f"-runs={args.runs}"] if args.runs else [f"-max_total_time={args.seconds}"]
    cmd = [BINARY, corpus, seeds, regressions, *bound, "-timeout=10", "-rss_limit_mb=2560",
           "-malloc_limit_mb=2560", "-print_final_stats=1", f"-artifact_prefix={findings}/{target}-"]
    # A fixed memory budget: whether a big header is refused must not depend on what the host has free.
    env = dict(os.environ, BACKLOT_FUZZ_TARGET=target, BACKLOT_MEMORY_LIMIT="2G", ASAN_OPTIONS="detect_leaks=1:abort_on_error=0")
    started = datetime.datetime.now(datetime.timezone.utc)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    text = proc.stdout + proc.stderr
    execs = int((re.findall(r"stat::number_of_executed_units:\s*(\d+)", text) or ["0"])[-1])
    seconds = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    kind = None
    if proc.returncode != 0:
        m = re.search(r"ERROR: (?:libFuzzer|AddressSanitizer|LeakSanitizer): ([\w-]+)", text)
        kind = m.group(1) if m else f"exit {proc.returncode}"
        sys.stderr.write(text[-4000:])
    return {"target": target, "date": started.strftime("%Y-%m-%d %H:%M"), "executions": execs,
            "seconds": round(seconds, 1), "finding": kind, "corpus": len(os.listdir(corpus))}


def write_results(log):
    totals = {t: {"executions": 0, "seconds": 0.0, "findings": 0, "runs": 0} for t in TARGETS}
    for r in log:
        t = totals.setdefault(r["target"], {"executions": 0, "seconds": 0.0, "findings": 0, "runs": 0})
        t["executions"] += r["executions"]
        t["seconds"] += r["seconds"]
        t["findings"] += 1 if r["finding"] else 0
        t["runs"] += 1
    lines = [BEGIN, "## Fuzzing", "",
             "libFuzzer over each reader, built with AddressSanitizer (leak checks on) and UndefinedBehaviorSanitizer "
             "(trapping) by `make fuzz`; seeds from our own writers, reproducers kept in `fuzz/regressions/`. "
             "Totals over every recorded run (`bench/fuzz-log.json`); the CI adds a bounded run of each on every push.",
             "", "| target | what runs in-process | executions | seconds | exec/s | findings |",
             "|---|---|---|---|---|---|"]
    what = {"exr": "EXR header checks + OpenEXR read into planes", "png": "libpng read + sRGB decode",
            "tiff": "libtiff read (incl. RGBA fallback) + decode", "jpeg": "libjpeg read + truncation checks",
            "dpx": "DPX header parse and checks (the picture is FFmpeg's, out of process)",
            "hint": "hint read, resample, grow/feather, key of a 24x16 plate",
            "cube": ".cube parse (looks) + trilinear apply"}
    for t in TARGETS:
        v = totals[t]
        rate = v["executions"] / v["seconds"] if v["seconds"] else 0
        lines.append(f"| {t} | {what[t]} | {v['executions']:,} | {v['seconds']:.0f} | {rate:,.0f} | {v['findings']} |")
    lines += ["", "Findings fixed: see the closing note of issue #11 and `fuzz/regressions/`.", END]
    block = "\n".join(lines)
    text = open(RESULTS).read() if os.path.exists(RESULTS) else "# Benchmark results\n"
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    open(RESULTS, "w").write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=int, default=20, help="time per target (default 20)")
    p.add_argument("--runs", type=int, default=0, help="executions per target instead of a time")
    p.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset of " + ",".join(TARGETS))
    p.add_argument("--no-record", action="store_true", help="do not append to bench/fuzz-log.json or RESULTS.md")
    args = p.parse_args()
    if args.seconds <= 0 and args.runs <= 0:
        p.error("--seconds or --runs must be positive")
    targets = [t for t in args.targets.split(",") if t]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        p.error(f"unknown target(s) {unknown}; choose from {TARGETS}")
    if not os.access(BINARY, os.X_OK):
        sys.exit(f"{BINARY}: not built; run `make fuzz-build` first")
    subprocess.run([BINARY, "seeds", os.path.join(ROOT, ".build-fuzz", "seeds")], check=True, capture_output=True)
    log = json.load(open(LOG)) if os.path.exists(LOG) else []
    failed = False
    for t in targets:
        r = run_target(t, args)
        print(f"{t:5} {r['executions']:>10,} executions in {r['seconds']:7.1f} s  "
              f"{'FINDING: ' + r['finding'] if r['finding'] else 'nothing found'}", flush=True)
        failed |= r["finding"] is not None
        if not args.no_record:
            # Read again: another run may have recorded since this one started.
            log = json.load(open(LOG)) if os.path.exists(LOG) else []
            log.append(r)
            json.dump(log, open(LOG, "w"), indent=1)
    if not args.no_record:
        write_results(log)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
