#!/usr/bin/env python3
"""Synthetic CCHC portal for benchmarks, the same content for three tools.

    bench/gen_corpus.py --flavor {minhbach,hugo,zola} --news N --procedures M --out DIR [--seed S] [--force]
                        [--translate T]

minhbach gets site.yaml and content/{news,procedures}/*.md with the front
matter docs/content.md describes; hugo the same YAML front matter with a
config.toml and a small layout set; zola TOML front matter (structured keys
under [extra], tags under [taxonomies]) with its own small templates. Each
item depends only on (seed, kind, number), so the first 1,000 items of a
10,000-item portal are the 1,000-item portal. `--translate T` (minhbach
only) makes it a two-language portal (`languages: [vi, en]`) with English
translations (`NAME.en.md`) of T news items spread evenly over the
portal. Standard library only.
"""

import argparse
import json
import os
import random
import shutil
import sys
import unicodedata

SEED = 20240917
TITLE = "Cổng thông tin cải cách hành chính tỉnh Kiên Giang"
BASE = "https://cchc.example.gov.vn"

LEVELS = {
    "province": ["UBND tỉnh Kiên Giang", "Văn phòng UBND tỉnh"],
    "department": ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế",
                   "Sở Công Thương", "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ",
                   "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường", "Thanh tra tỉnh"],
    "district": ["UBND huyện Tân Hiệp", "UBND huyện Châu Thành", "UBND huyện Gò Quao",
                 "UBND huyện An Biên", "UBND thành phố Rạch Giá", "UBND thành phố Hà Tiên",
                 "UBND huyện Hòn Đất", "UBND huyện Kiên Lương"],
    "commune": ["UBND xã Tân Hội", "UBND xã Bình An", "UBND phường Vĩnh Thanh Vân",
                "UBND xã Mong Thọ", "UBND thị trấn Hòn Đất", "UBND xã Thổ Sơn"],
}
LEVEL_WEIGHT = {"province": 1, "department": 5, "district": 6, "commune": 4}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Linh", "Nam", "Phúc", "Tâm", "Thảo"]
ROLES = ["Phó Giám đốc Sở Nội vụ", "Trưởng phòng CCHC", "Phó Chánh Văn phòng UBND tỉnh"]
TAGS = ["kiểm tra", "một cửa", "dịch vụ công trực tuyến", "chỉ số PAR INDEX", "SIPAS",
        "thủ tục hành chính", "chuyển đổi số", "công vụ", "tổ chức bộ máy", "tài chính công"]
ACTIONS = ["triển khai", "đẩy mạnh", "tổ chức", "tăng cường", "hoàn thành", "rà soát"]
TOPICS = ["kiểm tra công tác cải cách hành chính", "số hóa hồ sơ thủ tục hành chính",
          "cung cấp dịch vụ công trực tuyến toàn trình", "đánh giá sự hài lòng của người dân",
          "cơ chế một cửa, một cửa liên thông", "kỷ luật, kỷ cương hành chính"]
SENTENCES = [
    "Đoàn đã làm việc với lãnh đạo {unit} về {topic}.",
    "Trong kỳ, {unit} tiếp nhận {n} hồ sơ, giải quyết đúng hạn {p} %.",
    "Căn cứ {doc}, đơn vị đã ban hành kế hoạch triển khai cụ thể.",
    "Việc niêm yết công khai thủ tục hành chính được thực hiện đầy đủ tại bộ phận một cửa.",
    "Cán bộ, công chức được phân công rõ nhiệm vụ, thái độ phục vụ được người dân đánh giá tốt.",
    "Một số hồ sơ còn trễ hạn do phải lấy ý kiến của cơ quan liên quan.",
    "Đơn vị cần tiếp tục rà soát, đơn giản hóa thủ tục và quy trình nội bộ.",
]
STRENGTHS = ["Ban hành kế hoạch CCHC kịp thời", "Niêm yết thủ tục đầy đủ",
             "Tỷ lệ hồ sơ trực tuyến cao", "Ứng dụng chữ ký số trong văn bản"]
SHORTCOMINGS = ["Còn hồ sơ trễ hạn", "Chưa cập nhật thủ tục mới", "Trang thông tin điện tử chưa cập nhật thường xuyên"]
ADVICE = ["Khắc phục hồ sơ trễ hạn", "Cập nhật thủ tục lên Cổng dịch vụ công", "Tăng cường tuyên truyền"]
INDICATORS = [("Tỷ lệ hồ sơ giải quyết đúng hạn", "%"), ("Số hồ sơ tiếp nhận", "hồ sơ"),
              ("Tỷ lệ hồ sơ trực tuyến", "%"), ("Chỉ số hài lòng", "%"), ("Thời gian giải quyết trung bình", "ngày")]
FIELDS = {"Hộ tịch": "UBND cấp xã", "Chứng thực": "UBND cấp xã", "Xây dựng": "Sở Xây dựng",
          "Đất đai": "Sở Tài nguyên và Môi trường", "Đầu tư": "Sở Kế hoạch và Đầu tư",
          "Y tế": "Sở Y tế", "Giáo dục": "Sở Giáo dục và Đào tạo", "Giao thông": "Sở Giao thông vận tải"}
VERBS = ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Đăng ký"]
OBJECTS = ["giấy phép", "giấy chứng nhận", "chứng chỉ hành nghề", "văn bản chấp thuận", "hồ sơ đăng ký"]
PAPERS = ["Đơn đề nghị theo mẫu", "Bản sao giấy tờ tùy thân", "Bản vẽ thiết kế", "Giấy ủy quyền (nếu có)",
          "Bản sao quyết định thành lập", "Báo cáo kết quả thực hiện"]


def dice(seed, kind, k):
    return random.Random(f"{seed}/{kind}/{k}")


def fold(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)


def person(r):
    return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"


def level_and_unit(r):
    levels = list(LEVEL_WEIGHT)
    level = r.choices(levels, weights=[LEVEL_WEIGHT[l] for l in levels])[0]
    return level, r.choice(LEVELS[level])


def news_item(seed, i):
    """One news item: its file name, front matter (a dict) and Markdown body."""
    r = dice(seed, "news", i)
    year = 2014 + i % 11
    month, day = 1 + (i // 11) % 12, 1 + (i * 7) % 28
    level, unit = level_and_unit(r)
    topic = r.choice(TOPICS)
    title = f"{unit} {r.choice(ACTIONS)} {topic} năm {year} (số {i + 1})"
    doc = f"Quyết định số {r.randint(10, 999)}/QĐ-UBND"
    fm = {
        "title": title,
        "date": f"{year:04d}-{month:02d}-{day:02d} {8 + i % 9:02d}:{(i * 13) % 60:02d}",
        "summary": f"{unit} {r.choice(ACTIONS)} {topic}.",
        "author": person(r),
        "agency": r.choice(LEVELS["department"]),
        "tags": r.sample(TAGS, r.randint(1, 4)),
        "featured": r.random() < 0.05,
    }
    if r.random() < 0.4:
        fm["inspection"] = {
            "unit": unit,
            "unit_level": level,
            "date": f"{year:04d}-{month:02d}-{max(1, day - 1):02d}",
            "lead": f"{person(r)}, {r.choice(ROLES)}",
            "basis": f"{doc} ngày {r.randint(1, 28)}/{r.randint(1, 3)}/{year}",
            "strengths": r.sample(STRENGTHS, r.randint(1, 3)),
            "shortcomings": r.sample(SHORTCOMINGS, r.randint(1, 2)),
            "recommendations": r.sample(ADVICE, r.randint(1, 2)),
        }
    if r.random() < 0.3:
        rows = []
        for name, unit_word in r.sample(INDICATORS, r.randint(1, 3)):
            value = round(r.uniform(70, 100), 1) if unit_word == "%" else r.randint(3, 5000)
            row = {"indicator": name, "value": value, "unit": unit_word, "period": str(year)}
            rows.append(row)
        fm["results"] = rows
    if r.random() < 0.1:
        fm["outcomes"] = [f"Rút ngắn thời gian giải quyết {r.randint(2, 40)} thủ tục",
                          f"{r.randint(90, 100)} % hồ sơ đúng hạn"]
    paragraphs = []
    for _ in range(r.randint(3, 7)):
        words = [r.choice(SENTENCES).format(unit=unit, topic=topic, n=r.randint(100, 9000),
                                             p=r.randint(85, 100), doc=doc)
                 for _ in range(r.randint(2, 5))]
        paragraphs.append(" ".join(words))
    if r.random() < 0.3:
        paragraphs.insert(1, "## Kết quả\n\n| Chỉ tiêu | Kết quả |\n|---|---|\n"
                          f"| Hồ sơ tiếp nhận | {r.randint(100, 9000)} |\n| Đúng hạn | {r.randint(85, 100)} % |")
    name = f"{fm['date'][:10]}-{fold(title)}"
    return name, fm, "\n\n".join(paragraphs) + "\n"


def procedure(seed, j):
    r = dice(seed, "procedure", j)
    field = r.choice(list(FIELDS))
    days = r.choice([1, 3, 5, 7, 10, 15, 20, 30])
    fm = {
        "code": f"1.{(1000 + j * 7919) % 1000000:06d}",
        "title": f"{r.choice(VERBS)} {r.choice(OBJECTS)} lĩnh vực {field.lower()} (mã {j + 1})",
        "field": field,
        "agency": FIELDS[field],
        "level": r.choices(["province", "district", "commune"], weights=[6, 3, 2])[0],
        "processing_days": days,
        "online": r.choice(["full", "partial", "none"]),
        "one_stop": r.random() < 0.7,
        "fee": r.choice(["Miễn phí", f"{r.choice([10, 20, 50, 100])}.000 đồng"]),
        "documents": r.sample(PAPERS, r.randint(2, 4)),
        "legal_basis": [f"Nghị định số {r.randint(10, 150)}/{r.randint(2015, 2023)}/NĐ-CP"],
    }
    if r.random() < 0.3:
        fm["previous_processing_days"] = days + r.randint(1, 10)
    steps = ["## Trình tự thực hiện", "",
             "1. Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định.",
             f"2. Nộp hồ sơ tại bộ phận một cửa của {fm['agency']} hoặc trực tuyến.",
             f"3. Cơ quan giải quyết trong {days} ngày làm việc.",
             "4. Nhận kết quả trực tiếp hoặc qua bưu chính."]
    return f"{fold(fm['code'])}-{fold(fm['title'])}", fm, "\n".join(steps) + "\n"


def yaml_value(v, indent):
    """Mappings nest as blocks; lists are written in JSON's flow form, which YAML reads."""
    pad = "  " * indent
    if isinstance(v, dict):
        return "".join(f"\n{pad}{k}:{yaml_value(x, indent + 1)}" for k, x in v.items())
    if isinstance(v, list):
        return " " + json.dumps(v, ensure_ascii=False)
    return " " + yaml_scalar(v)


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def yaml_front(fm):
    return "---" + yaml_value(fm, 0) + "\n---\n\n"


def toml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_scalar(x)}" for k, x in v.items()) + " }"
    return json.dumps(v, ensure_ascii=False)


def zola_front(top, tags, extra):
    lines = ["+++"] + [f"{k} = {toml_scalar(v)}" for k, v in top.items()]
    if tags:
        lines += ["", "[taxonomies]", f"tags = {toml_scalar(tags)}"]
    if extra:
        lines += ["", "[extra]"] + [f"{k} = {toml_scalar(v)}" for k, v in extra.items()]
    return "\n".join(lines) + "\n+++\n\n"


HUGO_CONFIG = f"""baseURL = "{BASE}/"
languageCode = "vi"
title = "{TITLE}"
buildFuture = true
removePathAccents = true
enableRobotsTXT = true
paginate = 10
[taxonomies]
  tag = "tags"
"""

HUGO_FILES = {
    "layouts/_default/baseof.html": """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title><link rel="stylesheet" href="{{ "site.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a> <a href="{{ "news/" | relURL }}">Tin tức</a> <a href="{{ "procedures/" | relURL }}">Thủ tục</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "layouts/index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
<ul>{{ range first 10 (where site.RegularPages "Section" "news") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "layouts/_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $p := .Paginate .Pages }}<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">Trang sau</a>{{ end }}{{ end }}
""",
    "layouts/_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "layouts/_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Params.code }}<p>Mã: {{ . }} · {{ $.Params.field }} · {{ $.Params.agency }} · {{ $.Params.processing_days }} ngày</p>{{ end }}
{{ with .Params.inspection }}<h2>Kiểm tra</h2><p>{{ .unit }} ({{ .unit_level }}), {{ .lead }}</p>
<ul>{{ range .shortcomings }}<li>{{ . }}</li>{{ end }}</ul><ul>{{ range .recommendations }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.results }}<table>{{ range . }}<tr><td>{{ .indicator }}</td><td>{{ .value }} {{ .unit }}</td><td>{{ .period }}</td></tr>{{ end }}</table>{{ end }}
{{ with .Params.outcomes }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ .Content }}
{{ with .Params.documents }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}</article>{{ end }}
""",
    "layouts/404.html": """{{ define "main" }}<h1>Không tìm thấy trang</h1>{{ end }}
""",
}

ZOLA_CONFIG = f"""base_url = "{BASE}"
title = "{TITLE}"
default_language = "en"
build_search_index = true
generate_feeds = true
feed_filenames = ["rss.xml"]
taxonomies = [{{ name = "tags", paginate_by = 10, feed = true }}]
"""

ZOLA_FILES = {
    "templates/base.html": """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title><link rel="stylesheet" href="{{ get_url(path='site.css') }}"></head>
<body><header><a href="{{ config.base_url }}">{{ config.title }}</a></header><main>{% block main %}{% endblock %}</main></body></html>
""",
    "templates/index.html": """{% extends "base.html" %}{% block main %}<h1>{{ config.title }}</h1>
{% set news = get_section(path="news/_index.md") %}<ul>{% for p in news.pages | slice(end=10) %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "templates/section.html": """{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1>
<ul>{% for p in paginator.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>{% endfor %}</ul>
{% if paginator.next %}<a href="{{ paginator.next }}">Trang sau</a>{% endif %}{% endblock %}
""",
    "templates/page.html": """{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}<article><h1>{{ page.title }}</h1>
{% if page.extra.code %}<p>Mã: {{ page.extra.code }} · {{ page.extra.field }} · {{ page.extra.processing_days }} ngày</p>{% endif %}
{% if page.extra.inspection %}<h2>Kiểm tra</h2><p>{{ page.extra.inspection.unit }}, {{ page.extra.inspection.lead }}</p>{% endif %}
{% if page.extra.results %}<table>{% for r in page.extra.results %}<tr><td>{{ r.indicator }}</td><td>{{ r.value }} {{ r.unit }}</td></tr>{% endfor %}</table>{% endif %}
{{ page.content | safe }}</article>{% endblock %}
""",
    "templates/taxonomy_list.html": """{% extends "base.html" %}{% block main %}<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.pages | length }})</li>{% endfor %}</ul>{% endblock %}
""",
    "templates/taxonomy_single.html": """{% extends "base.html" %}{% block main %}<h1>{{ term.name }}</h1>
<ul>{% for p in paginator.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "templates/404.html": """{% extends "base.html" %}{% block main %}<h1>Không tìm thấy trang</h1>{% endblock %}
""",
}

CSS = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem}\n"
SECTIONS = {"news": "Tin cải cách hành chính", "procedures": "Thủ tục hành chính"}


def translation(i, fm):
    """An English translation of news item i (its front matter `fm`)."""
    front = {
        "title": f"Administrative reform news, item {i + 1}",
        "date": fm["date"],
        "summary": f"What the province reported about administrative reform in item {i + 1}.",
        "tags": ["administrative reform"],
    }
    body = ("The province's administrative reform team reported on the one-stop shop, "
            "online public services and the processing of applications on time.\n\n"
            f"This is the English version of news item {i + 1}.\n")
    return yaml_front(front) + body


def two_languages(out):
    """Turns the minhbach portal at `out` into one in Vietnamese and English."""
    path = os.path.join(out, "site.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("language: vi\n", "languages: [vi, en]\n")
    text += ('en:\n  title: "Administrative Reform Portal of Kien Giang Province"\n'
             '  description: "News and results of administrative reform"\n'
             '  menu:\n    - {name: News, url: /en/news/}\n')
    put(path, text)


def put(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def lay_out(flavor, out):
    if flavor == "minhbach":
        put(os.path.join(out, "site.yaml"),
            f'title: "{TITLE}"\nbase_url: "{BASE}"\nlanguage: vi\ntimezone: "+07:00"\npaginate: 10\n')
        put(os.path.join(out, "content/_index.md"), yaml_front({"title": TITLE}))
        for sec, title in SECTIONS.items():
            put(os.path.join(out, f"content/{sec}/_index.md"), yaml_front({"title": title}))
        return
    files, config = (HUGO_FILES, HUGO_CONFIG) if flavor == "hugo" else (ZOLA_FILES, ZOLA_CONFIG)
    put(os.path.join(out, "config.toml"), config)
    put(os.path.join(out, "static/site.css"), CSS)
    for rel, text in files.items():
        put(os.path.join(out, rel), text)
    for sec, title in SECTIONS.items():
        front = yaml_front({"title": title}) if flavor == "hugo" else zola_front(
            {"title": title, "sort_by": "date" if sec == "news" else "weight", "paginate_by": 10}, None, None)
        put(os.path.join(out, f"content/{sec}/_index.md"), front)


def news_text(flavor, fm, body):
    if flavor != "zola":
        return yaml_front(fm) + body
    top = {"title": fm["title"], "date": fm["date"].replace(" ", "T") + ":00+07:00", "description": fm["summary"]}
    extra = {k: v for k, v in fm.items() if k not in ("title", "date", "summary", "tags")}
    return zola_front(top, fm["tags"], extra) + body


def procedure_text(flavor, j, fm, body):
    if flavor == "minhbach":
        return yaml_front(fm) + body
    if flavor == "hugo":
        return yaml_front(dict(fm, weight=j + 1)) + body
    extra = {k: v for k, v in fm.items() if k != "title"}
    return zola_front({"title": fm["title"], "weight": j + 1}, None, extra) + body


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("--flavor", required=True, choices=["minhbach", "hugo", "zola"])
    ap.add_argument("--news", type=int, required=True)
    ap.add_argument("--procedures", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--force", action="store_true", help="replace OUT when it is not empty")
    ap.add_argument("--translate", type=int, default=0,
                    help="minhbach only: this many news items get an English translation")
    a = ap.parse_args()
    if a.translate and a.flavor != "minhbach":
        ap.error("--translate is for --flavor minhbach")
    if not 0 <= a.translate <= a.news:
        ap.error("--translate counts news items: from 0 to --news")
    every = a.news // a.translate if a.translate else 0
    if os.path.isdir(a.out) and os.listdir(a.out):
        if not a.force:
            ap.error(f"{a.out} is not empty (--force replaces it)")
        shutil.rmtree(a.out)
    os.makedirs(a.out, exist_ok=True)
    lay_out(a.flavor, a.out)
    if a.translate:
        two_languages(a.out)
    size = 0
    for i in range(a.news):
        name, fm, body = news_item(a.seed, i)
        text = news_text(a.flavor, fm, body)
        put(os.path.join(a.out, "content/news", name + ".md"), text)
        size += len(text.encode())
        if every and i % every == 0 and i // every < a.translate:
            english = translation(i, fm)
            put(os.path.join(a.out, "content/news", name + ".en.md"), english)
            size += len(english.encode())
    for j in range(a.procedures):
        name, fm, body = procedure(a.seed, j)
        text = procedure_text(a.flavor, j, fm, body)
        put(os.path.join(a.out, "content/procedures", name + ".md"), text)
        size += len(text.encode())
    print(f"{a.flavor}: {a.news} news, {a.procedures} procedures, {size} bytes -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
