"""Ingest speed: `backlot production ingest` against hashing the same bytes with sha256sum and openssl, same run.

The dailies: a 200-frame 1080p EXR sequence (copies of one synthetic plate, 6.7 MB each) and a 10-second 1080p
ProRes 422 HQ file made by ffmpeg. Every command reads the same files from the page cache (each is run once
untimed first). Ingest is timed into a new box (every byte hashed) and again (nothing changed: only stat).

    python3 bench/ingest_bench.py [--runs 3]

Writes the section "Production ingest" of bench/RESULTS.md.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import BACKLOT, OUT, update_section  # noqa: E402


def timed(args, runs):
    subprocess.run(args, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    work = os.path.join(OUT, "ingest")
    dailies = os.path.join(work, "dailies")
    os.makedirs(dailies + "/A001", exist_ok=True)
    plate = os.path.join(work, "plate")
    if not os.path.exists(plate + "/plate.exr"):
        subprocess.run([BACKLOT, "synth", "--size", "1920x1080", "--output", plate, "--quiet"], check=True)
    for frame in range(1001, 1201):
        target = f"{dailies}/A001/plate.{frame}.exr"
        if not os.path.exists(target):
            shutil.copyfile(plate + "/plate.exr", target)
    movie = f"{dailies}/A001_C002.mov"
    if not os.path.exists(movie):
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=24:duration=10",
                        "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", movie], check=True)
    files = sorted(glob.glob(dailies + "/A001/*.exr")) + [movie]
    size = sum(os.path.getsize(f) for f in files)
    root = os.path.join(work, "root")
    os.makedirs(root, exist_ok=True)

    def fresh_ingest():
        shutil.rmtree(root + "/show.backlot", ignore_errors=True)
        subprocess.run([BACKLOT, "production", "create", "show", "--root", root], check=True, capture_output=True)
        start = time.perf_counter()
        subprocess.run([BACKLOT, "production", "ingest", "show", dailies, "--root", root, "--quiet"], check=True,
                       capture_output=True)
        return time.perf_counter() - start

    fresh_ingest()
    ingest = statistics.median(fresh_ingest() for _ in range(runs))
    again = timed([BACKLOT, "production", "ingest", "show", dailies, "--root", root, "--quiet"], runs)
    sha256sum = timed(["sha256sum"] + files, runs)
    openssl = timed(["openssl", "dgst", "-sha256"] + files, runs)
    rows = [f"| `backlot production ingest` into a new box | {ingest:.2f} s | {size / ingest / 1e6:.0f} MB/s |",
            f"| the same again (nothing changed) | {again:.2f} s | |",
            f"| `sha256sum` (coreutils) over the files | {sha256sum:.2f} s | {size / sha256sum / 1e6:.0f} MB/s |",
            f"| `openssl dgst -sha256` over the files | {openssl:.2f} s | {size / openssl / 1e6:.0f} MB/s |"]
    text = "\n".join([
        f"Dailies: a 200-frame 1920x1080 EXR sequence and a 10 s 1080p ProRes 422 HQ file, {size / 1e9:.2f} GB in all,",
        f"read from the page cache; medians of {runs} runs. Ingest hashes every byte (SHA-256, OpenSSL's libcrypto),",
        "reads the headers and writes the catalog; target: at most 1.5x sha256sum's time.", "",
        "| command | time | throughput |", "|---|---|---|", *rows, "",
        f"Ingest against sha256sum: {ingest / sha256sum:.2f}x; against openssl: {ingest / openssl:.2f}x."])
    print(text)
    update_section("Production ingest", text)


if __name__ == "__main__":
    main()
