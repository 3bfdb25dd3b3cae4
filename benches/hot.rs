//! Criterion benches of the hot functions: front matter, Markdown, slugs,
//! citations and the rendering of one item page. Whole builds against Hugo
//! are `bench/compare.sh`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use minhbach::build::{build_in_memory, BuildOptions};
use minhbach::frontmatter::{parse_mapping, split, Locator};
use minhbach::markdown::render;
use minhbach::render::{pages, theme, Renderer};

const ITEM: &str = include_str!(
    "../content/news/2021-12-29-ket-qua-kiem-tra-cong-tac-cai-cach-hanh-chinh-nam-2021.md"
);

fn long_body() -> String {
    let paragraph = ITEM.split("\n---\n").nth(1).unwrap_or(ITEM);
    paragraph.repeat(40)
}

fn front_matter(c: &mut Criterion) {
    let mut group = c.benchmark_group("front_matter");
    group.throughput(Throughput::Bytes(ITEM.len() as u64));
    group.bench_function("split_parse_locate", |b| {
        b.iter(|| {
            let s = split(black_box(ITEM)).unwrap().unwrap();
            let map = parse_mapping(s.yaml, s.yaml_line).unwrap();
            let locator = Locator::new(s.yaml, s.yaml_line);
            black_box((map, locator))
        })
    });
    group.finish();
}

fn markdown(c: &mut Criterion) {
    let body = long_body();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("render_long_item", |b| {
        b.iter(|| render(black_box(&body), 1, "https://cchc.example.gov.vn/"))
    });
    group.finish();
}

fn slugs(c: &mut Criterion) {
    let titles = [
        "Kiểm tra công tác cải cách hành chính tại Văn phòng UBND tỉnh Bà Rịa – Vũng Tàu",
        "Tăng cường vai trò của người đứng đầu trong công tác cải cách hành chính",
        "Đường Đồng Khởi, phường Bến Nghé",
    ];
    c.bench_function("slugify_titles", |b| {
        b.iter(|| {
            for t in titles {
                black_box(minhbach::slug::slugify(black_box(t)));
            }
        })
    });
}

fn citations(c: &mut Criterion) {
    let text = long_body();
    let mut group = c.benchmark_group("citations");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("scan_long_item", |b| {
        b.iter(|| minhbach::citations::find_citations(black_box(&text)))
    });
    group.finish();
}

fn item_page(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = match build_in_memory(&BuildOptions::new(root)) {
        Ok(built) => built,
        Err(_) => panic!("the demo portal must build"),
    };
    let theme = match theme::load_theme(
        root,
        "default",
        std::sync::Arc::new(minhbach::locale::Texts::builtin(minhbach::locale::Lang::Vi)),
    ) {
        Ok(theme) => theme,
        Err(_) => panic!("the default theme must load"),
    };
    let site = built.portal.default_site();
    let renderer = Renderer::new(site, &theme);
    let item = &site.news()[0];
    c.bench_function("render_item_page", |b| {
        b.iter(|| renderer.render_job(pages::news_item(site, black_box(item)), &[]))
    });
}

criterion_group!(benches, front_matter, markdown, slugs, citations, item_page);
criterion_main!(benches);
