#!/usr/bin/env python3
"""Save-to-reload time of `minhbach serve`, and of `hugo server` on the same
portal, measured the way an author feels it: from the moment an edited file
is written to the moment the open tab is told to reload (and, for minhbach,
to the moment the changed page has been fetched).

    python3 bench/serve_reload.py --minhbach target/release/minhbach --site /tmp/s10k \
        [--hugo-site /tmp/h10k] [--edits 15]

The sites come from bench/gen_corpus.py. Every server this
starts is stopped at the end; every wait is bounded.
"""
import argparse
import base64
import glob
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

WAIT = 120.0


def start(cmd, cwd, ready_pattern, log_path=None):
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 600
    lines = []
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(ready_pattern, line)
        if m:
            # Keep reading, so the server never blocks on a full pipe; keep the log.
            log = open(log_path or os.devnull, "w")
            threading.Thread(target=lambda: [log.write(l) or log.flush() for l in proc.stdout], daemon=True).start()
            return proc, m
    proc.kill()
    raise SystemExit("server did not start:\n" + "".join(lines[-20:]))


class Sse:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        self.sock.sendall(b"GET /__minhbach/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.buf = b""

    def next_event(self):
        while b"\n\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("event stream closed")
            self.buf += chunk
        block, self.buf = self.buf.split(b"\n\n", 1)
        fields = dict(l.split(b": ", 1) for l in block.split(b"\n") if b": " in l)
        return fields.get(b"event", b"").decode(), fields.get(b"data", b"").decode()

    def wait_for(self, name):
        while True:
            event, data = self.next_event()
            if event == name:
                return data


class LiveReload:
    """Hugo's livereload websocket, spoken by hand: hello, then reload messages."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % key
        ).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        self.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))

    def send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        frame = bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(frame)

    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise SystemExit("websocket closed")
            data += chunk
        return data

    def next_message(self):
        b1, b2 = self.recv_exact(2)
        length = b2 & 0x7F
        if length == 126:
            length = int.from_bytes(self.recv_exact(2), "big")
        elif length == 127:
            length = int.from_bytes(self.recv_exact(8), "big")
        return self.recv_exact(length).decode(errors="replace")

    def wait_for_reload(self):
        while True:
            if '"reload"' in self.next_message():
                return


def fetch(url):
    with urllib.request.urlopen(url, timeout=WAIT) as r:
        return r.read().decode()


def rewrite(path, change):
    """Writes the file with `change(text)` applied; returns the time just before the write."""
    text = open(path, encoding="utf-8").read()
    new = change(text)
    t0 = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    return t0


def later_paragraph(i):
    """A typo fixed below the first paragraph: only the item's own page shows it."""
    return lambda text: re.sub(r"(\n\nSửa lần \d+\.)?\n*$", "\n\nSửa lần %d.\n" % i, text, count=1)


def first_paragraph(i):
    """The lead paragraph edited: the summary on list and tag pages changes too."""
    def change(text):
        head, sep, body = text.partition("\n---\n")
        body = re.sub(r"^(\s*)(Sửa lần \d+\. )?", r"\g<1>Sửa lần %d. " % i, body, count=1)
        return head + sep + body
    return change


def title(i):
    """The headline edited: every list, tag and section page that shows the item."""
    return lambda text: re.sub(r'^(title: "?)(\(sửa \d+\) )?', r"\g<1>(sửa %d) " % i, text, count=1, flags=re.M)


def day(i):
    """The date moved to day 10 + i of its month: the item changes place in
    every list, its term pages and its inspection year."""
    return lambda text: re.sub(r"^(date: \"?\d{4}-\d\d-)\d\d", r"\g<1>%02d" % (10 + i), text, count=1, flags=re.M)


def tag(i):
    """A known tag added (odd edits) or taken away again (even ones): the item
    joins or leaves a term of 587 items, and its term pages change."""
    line = "  - chuyển đổi số\n"
    if i % 2:
        return lambda text: text.replace("tags:\n", "tags:\n" + line, 1)
    return lambda text: text.replace(line, "", 1)


def citation(i):
    """A sentence citing a document no page cited before (a new number each
    edit): the document gets its page, and the documents lists change."""
    return lambda text: re.sub(r"(\n\nTheo Quyết định số \d+/2026/QĐ-UBND\.)?\n*$",
                               "\n\nTheo Quyết định số %d/2026/QĐ-UBND.\n" % (900 + i), text, count=1)


def shows_edit(name, i, page):
    """Whether the fetched page has edit number `i` of this kind."""
    if name == "citation":
        return "/documents/%d-2026-qd-ubnd/" % (900 + i) in page
    if name == "tag":
        return ("/tags/chuyen-doi-so/" in page) == bool(i % 2)
    if name == "date":
        return re.search(r'datetime="\d{4}-\d\d-%02d' % (10 + i), page) is not None
    return "Sửa lần %d." % i in page or "(sửa %d)" % i in page


def cpu_ms(pid):
    """CPU time of all the process's threads so far, from the scheduler (ns precision)."""
    total = 0
    for stat in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            total += int(open(stat).read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total / 1e6


def summary(name, values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return "%s: median %.0f ms, p90 %.0f ms, min %.0f ms, max %.0f ms (n=%d)" % (
        name, statistics.median(values), p90, values[0], values[-1], len(values))


def middle_item(site):
    """The news item in the middle of the portal, a file or a bundle's index.md, and its URL segment."""
    # Translations (NAME.en.md) left out, so that a portal with them edits
    # the same item as the portal without.
    files = [p for p in glob.glob(os.path.join(site, "content/news/*.md"))
             if not re.search(r"\.[a-z]{2}\.md$", p)]
    bundles = glob.glob(os.path.join(site, "content/news/*/index.md"))
    items = sorted(files + bundles)
    target = items[len(items) // 2]
    name = os.path.basename(os.path.dirname(target)) if target.endswith("/index.md") else os.path.basename(target)
    # The URL segment, as the content model makes it: no leading date.
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", re.sub(r"\.md$", "", name))
    return target, slug


def bench_minhbach(binary, site, edits, gap, only=()):
    proc, m = start([binary, "serve", "--root", site, "--port", "0"], None, r"at http://127\.0\.0\.1:(\d+)/",
                    os.environ.get("SERVE_LOG"))
    port = int(m.group(1))
    results = {}
    try:
        target, slug = middle_item(site)
        sse = Sse(port)
        sse.wait_for("hello")
        kinds = [("below the first paragraph", later_paragraph),
                 ("first paragraph", first_paragraph), ("title", title),
                 ("date", day), ("tag", tag), ("citation", citation)]
        for name, change in [k for k in kinds if not only or k[0] in only]:
            to_event, to_page, cpu = [], [], []
            for i in range(1, edits + 1):
                time.sleep(gap)
                cpu0 = cpu_ms(proc.pid)
                t0 = rewrite(target, change(i))
                sse.wait_for("reload")
                t1 = time.perf_counter()
                cpu.append(cpu_ms(proc.pid) - cpu0)
                page = fetch("http://127.0.0.1:%d/news/%s/" % (port, slug))
                t2 = time.perf_counter()
                if not shows_edit(name, i, page):
                    raise SystemExit("the page after reload lacks the edit")
                to_event.append((t1 - t0) * 1000)
                to_page.append((t2 - t0) * 1000)
            results[name] = (to_event, to_page, cpu)
        # An error and its fix.
        time.sleep(2.5)
        text = open(target, encoding="utf-8").read()
        t0 = rewrite(target, lambda t: t.replace("\ndate:", "\ndate: khong-phai-ngay\nx:", 1))
        sse.wait_for("errors")
        error_ms = (time.perf_counter() - t0) * 1000
        t0 = rewrite(target, lambda _: text)
        sse.wait_for("reload")
        fix_ms = (time.perf_counter() - t0) * 1000
        return results, error_ms, fix_ms
    finally:
        proc.kill()
        proc.wait()


def bench_hugo(site, edits):
    port = free_port()
    # Hugo's defaults: pages in memory, "fast render" (only changed and visited pages).
    proc, _ = start(["hugo", "server", "--port", str(port), "--bind", "127.0.0.1"],
                    site, r"Web Server is available")
    try:
        target, _ = middle_item(site)
        ws = LiveReload(port)
        times = []
        for i in range(1, edits + 1):
            time.sleep(2.5)
            t0 = rewrite(target, later_paragraph(i))
            ws.wait_for_reload()
            times.append((time.perf_counter() - t0) * 1000)
        return times
    finally:
        proc.kill()
        proc.wait()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


def normalize_periods(site):
    """Rewrites "6 tháng đầu năm 2023" and "Quý III/2023" as 2023-H1 and
    2023-Q3, for a minhbach that reads only the contract's machine forms."""
    def fix(m):
        value = m.group(2).strip().strip('"')
        for pattern, code in [(r"6 tháng đầu năm (\d{4})", r"\1-H1"), (r"6 tháng cuối năm (\d{4})", r"\1-H2"),
                              (r"năm (\d{4})", r"\1")]:
            if re.fullmatch(pattern, value):
                value = re.sub(pattern, code, value)
        q = re.fullmatch(r"[Qq]uý (I|II|III|IV)/(\d{4})", value)
        if q:
            value = "%s-Q%d" % (q.group(2), QUARTERS[q.group(1)])
        return '%s"%s"' % (m.group(1), value)
    for path in glob.glob(os.path.join(site, "content/**/*.md"), recursive=True):
        text = open(path, encoding="utf-8").read()
        fixed = re.sub(r"^(\s*period: )(.*)$", fix, text, flags=re.M)
        if fixed != text:
            open(path, "w", encoding="utf-8").write(fixed)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minhbach", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--hugo-site")
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--only", action="append",
                    help="measure only this kind of edit (repeatable): citation, title ...")
    ap.add_argument("--gap", type=float, default=2.5,
                    help="seconds between saves (less: an author saving again before the "
                         "last save's open data and search index are made)")
    ap.add_argument("--normalize-periods", action="store_true",
                    help="rewrite periods in words first (see normalize_periods)")
    args = ap.parse_args()
    if args.normalize_periods:
        normalize_periods(args.site)
    print("load average before: %s" % open("/proc/loadavg").read().strip())
    results, error_ms, fix_ms = bench_minhbach(args.minhbach, args.site, args.edits, args.gap,
                                               tuple(args.only or ()))
    for name, (to_event, to_page, cpu) in results.items():
        print("minhbach, edit %s:" % name)
        print("  " + summary("save -> reload event", to_event))
        print("  " + summary("save -> changed page fetched", to_page))
        print("  " + summary("CPU time of serve in that span", cpu))
    print("minhbach save with an error -> errors event: %.0f ms; fix -> reload: %.0f ms" % (error_ms, fix_ms))
    if args.hugo_site:
        hugo = bench_hugo(args.hugo_site, args.edits)
        print("hugo server, edit below the first paragraph:")
        print("  " + summary("save -> reload message", hugo))
        base = statistics.median(results["below the first paragraph"][0])
        print("ratio of medians, hugo / minhbach (same edit): %.1f" % (statistics.median(hugo) / base))
    print("load average after: %s" % open("/proc/loadavg").read().strip())


if __name__ == "__main__":
    sys.exit(main())
