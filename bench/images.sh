#!/usr/bin/env bash
# Pictures benchmark (docs/benchmarks/images.md): a generated portal of N news
# items (default 600), each a bundle with one 3000x2000 photo-like JPEG with
# GPS in its EXIF, built
#   1. the first time (every picture encoded): wall time and peak memory;
#   2. again with the cache (nothing encoded);
#   3. the same portal without pictures, for comparison with 2;
#   4. by Hugo, resizing the same pictures to the same widths and formats
#      (cold: its resources cache emptied; then warm);
# and the bytes one article sends to a 360-px-wide phone.
#
#   bench/images.sh            # 600 pictures
#   N=50 bench/images.sh       # quicker
#   NO_HUGO=1 bench/images.sh  # without step 4 (Hugo's cold build is ~20 min)
#   ROUNDS=3                   # steps 2 and 3 in turn, this many times
#
# Needs a release build (cargo build --release --bin minhbach --example
# demo_pictures), python3, GNU time, and hugo for step 4.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
n=${N:-600}
work=${BENCH_DIR:-$repo/bench/out/images}
bin=$repo/target/release/minhbach
draw=$repo/target/release/examples/demo_pictures
cargo build --release --quiet --bin minhbach --example demo_pictures
rm -rf "$work" && mkdir -p "$work"

# Ten different photos (grain makes them weigh what a camera's do), each
# published under 60 names: a comment segment numbers each copy, so every
# file has other bytes (another cache key) and is encoded on its own.
for seed in $(seq 1 10); do
  "$draw" "$work/base-$seed.jpg" 3000 2000 "$seed" 40
done

python3 - "$work" "$n" <<'PY'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
bases = [open(f"{work}/base-{s}.jpg", "rb").read() for s in range(1, 11)]
def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w", encoding="utf-8").write(text)
for site in ("with", "without", "hugo"):
    root = f"{work}/{site}"
    if site == "hugo":
        write(f"{root}/config.toml", 'baseURL = "https://cchc.example.gov.vn/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[imaging]\nquality = 80\nresampleFilter = "Lanczos"\n')
        write(f"{root}/layouts/_default/single.html",
              '<!doctype html><title>{{ .Title }}</title>{{ with .Resources.GetMatch "anh.jpg" }}{{ $img := . }}<picture><source type="image/webp" srcset="{{ range slice 360 720 1200 }}{{ ($img.Resize (printf "%dx webp q75" .)).RelPermalink }} {{ . }}w, {{ end }}"><img srcset="{{ range slice 360 720 1200 }}{{ ($img.Resize (printf "%dx q80" .)).RelPermalink }} {{ . }}w, {{ end }}"></picture>{{ end }}{{ .Content }}\n')
        write(f"{root}/layouts/_default/list.html", "<!doctype html><title>{{ .Title }}</title>\n")
    else:
        pictures = "images:\n  widths: [360, 720, 1200]\n" if site == "with" else ""
        write(f"{root}/site.yaml", f'title: "Bench"\nbase_url: "https://cchc.example.gov.vn/"\n{pictures}')
    for i in range(n):
        day = 1 + i % 28
        folder = f"{root}/content/news/2024-01-{day:02d}-tin-{i:04d}"
        image = ""
        if site != "without":
            jpeg = bases[i % 10]
            tag = f"copy {i}".encode()
            comment = b"\xff\xfe" + (len(tag) + 2).to_bytes(2, "big") + tag
            os.makedirs(folder, exist_ok=True)
            open(f"{folder}/anh.jpg", "wb").write(jpeg[:2] + comment + jpeg[2:])
            image = 'image:\n  src: "anh.jpg"\n  alt: "Ảnh hội nghị"\n'
        date = f"2024-01-{day:02d}"
        write(f"{folder}/index.md", f'---\ntitle: "Tin số {i}"\ndate: {date}\n{image}---\n\nNội dung tin số {i} về cải cách hành chính.\n')
PY

timed() { # label, command...: prints "label seconds peak-MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1
  read -r secs kb < "$work/time.txt"
  printf '| %s | %s s | %d MB |\n' "$label" "$secs" "$((kb / 1024))"
}

echo "| run ($n news items) | wall | peak memory |"
echo "|---|---|---|"
timed "minhbach, first build (every picture encoded)" "$bin" build --root "$work/with"
for _ in $(seq 1 "${ROUNDS:-1}"); do
  timed "minhbach, second build (cache)" "$bin" build --root "$work/with"
  timed "minhbach, same portal without pictures" "$bin" build --root "$work/without"
done
if [ -z "${NO_HUGO:-}" ] && command -v hugo > /dev/null; then
  rm -rf "$work/hugo/resources"
  timed "Hugo $(hugo version | cut -d' ' -f2), first build (every picture resized)" hugo --quiet -s "$work/hugo"
  timed "Hugo, second build (its resources cache)" hugo --quiet -s "$work/hugo"
fi
MINHBACH_TIMINGS=1 "$bin" build --root "$work/with" 2>&1 | grep 'pictures:' || true

# One article with its 3-4 MB photo, as a 360-px phone (1 CSS px = 1 device
# px) loads it: the HTML, the theme's CSS and JS, and the srcset candidate
# the browser picks for the lead picture's `sizes` at 360 px (the 360w WebP).
page="$work/with/public/news/tin-0000/"
original=$(stat -c %s "$work/with/content/news/"*"-tin-0000/anh.jpg")
python3 - "$page" "$work/with/public" "$original" <<'PY'
import os, re, sys
page, public, original = sys.argv[1], sys.argv[2], int(sys.argv[3])
html = open(os.path.join(page, "index.html"), encoding="utf-8").read()
total = len(html.encode())
parts = [("HTML", total)]
for url in re.findall(r'(?:href|src)="https://cchc.example.gov.vn/([^"?]+\.(?:css|js))(?:\?[^"]*)?"', html):
    size = os.path.getsize(os.path.join(public, url.split("?")[0]))
    parts.append((url, size)); total += size
srcset = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
first = srcset.split(",")[0].split()[0].replace("https://cchc.example.gov.vn/", "")
size = os.path.getsize(os.path.join(public, first))
parts.append((first, size)); total += size
print(f"\noriginal photo: {original} bytes")
for name, size in parts:
    print(f"  {name}: {size} bytes")
print(f"an article to a 360-px phone: {total} bytes ({total / 1024:.1f} KB)")
PY
