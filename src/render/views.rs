//! What templates see: view structs made for them, so the model can change
//! without breaking themes. Every text here is plain; Tera escapes it, except
//! the fields named `*_html`, `chart` and `bar`, which our own code built
//! (Markdown renderer, `charts`) with every text in them escaped.

use std::sync::Arc;

use serde::Serialize;

use super::charts;
use crate::locale::{self, date_iso, day_iso, percent, Texts};
use crate::model::site::{Site, TaxonomyKind};
use crate::model::{Inspection, NewsItem, Outcome, Procedure, ResultFigure};
use crate::paging::Paging;
use crate::routes;
use crate::slug::slugify;

#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    /// For `<time datetime>`.
    pub iso: String,
    pub day: String,
    /// As a reader writes it: `29/12/2021` (the name is the first
    /// language's; templates of every language use it).
    pub vi: String,
}

impl DateView {
    pub fn of(t: &Texts, date: &chrono::DateTime<chrono::FixedOffset>) -> Self {
        DateView {
            iso: date_iso(date),
            day: day_iso(date),
            vi: locale::date(t, date),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct ImageView {
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
    /// Pixels, when the picture is a file of the page bundle.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// One item in a list of news.
#[derive(Serialize, Clone)]
pub struct NewsCard {
    pub title: String,
    pub url: String,
    pub date: DateView,
    pub summary: String,
    pub featured: bool,
    pub agency: Option<Link>,
    pub location: Option<Link>,
    pub has_inspection: bool,
}

#[derive(Serialize)]
pub struct RecommendationView {
    pub text: String,
    pub due: Option<DateView>,
    pub status: &'static str,
    pub status_label: String,
}

#[derive(Serialize)]
pub struct InspectionView {
    pub unit: String,
    pub unit_level: &'static str,
    pub unit_level_label: String,
    pub date: Option<DateView>,
    pub lead: Option<String>,
    pub basis: Option<String>,
    pub round: Option<String>,
    pub strengths: Vec<String>,
    pub shortcomings: Vec<String>,
    pub recommendations: Vec<RecommendationView>,
}

#[derive(Serialize)]
pub struct ResultView {
    pub indicator: String,
    /// The value with its unit: `1,5%`, `201 hồ sơ`.
    pub value: String,
    /// `201/201` when a total is given.
    pub ratio: Option<String>,
    /// `100%` of the total.
    pub share: Option<String>,
    pub share_number: Option<f64>,
    pub target: Option<String>,
    pub met_target: Option<bool>,
    pub period: String,
    pub period_code: String,
    /// An SVG bar against the total or target (HTML, safe), when there is one.
    pub bar: Option<String>,
}

#[derive(Serialize)]
pub struct OutcomeView {
    pub text: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// `giảm 10 ngày (67%)`.
    pub change: Option<String>,
    /// Before and after as two SVG bars with their figures (HTML, safe).
    pub chart: Option<String>,
}

#[derive(Serialize)]
pub struct NewsItemView {
    #[serde(flatten)]
    pub card: NewsCard,
    /// Only the item's own page links its tags: a card in a list of one of
    /// 10,000 tags must not carry all 10,000 links (quadratic output).
    pub tags: Vec<Link>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub updated: Option<DateView>,
    pub image: Option<ImageView>,
    pub body_html: Arc<str>,
    pub inspection: Option<InspectionView>,
    pub results: Vec<ResultView>,
    /// The results that have a total or target, as a captioned bar chart
    /// (HTML, safe); the table of all results stays beside it.
    pub results_chart: Option<String>,
    pub outcomes: Vec<OutcomeView>,
    /// The outcomes measured before and after, as a captioned chart (HTML, safe).
    pub outcomes_chart: Option<String>,
    pub documents: Vec<Link>,
}

pub fn url(site: &Site, route: &str) -> String {
    routes::permalink(&site.config().base_url, route)
}

fn term_link(site: &Site, kind: TaxonomyKind, name: &str) -> Option<Link> {
    let slug = slugify(name);
    (!slug.is_empty()).then(|| Link {
        name: name.to_string(),
        url: url(site, &routes::taxonomy_term(kind.route_name(), &slug, 1)),
    })
}

/// Everything of an item that its card in a list shows, and nothing else:
/// `news_card` reads only this, and the plan hashes it, so a list page is
/// rendered again exactly when a card on it changed.
#[derive(Hash)]
pub struct CardInputs<'a> {
    title: &'a str,
    slug: &'a str,
    date: chrono::DateTime<chrono::FixedOffset>,
    summary: &'a str,
    featured: bool,
    agency: Option<&'a str>,
    location: Option<&'a str>,
    has_inspection: bool,
}

impl<'a> CardInputs<'a> {
    pub fn of(item: &'a NewsItem) -> Self {
        CardInputs {
            title: &item.title,
            slug: &item.slug.value,
            date: item.date,
            summary: &item.summary,
            featured: item.featured,
            agency: item.agency.as_deref(),
            location: item.location.as_deref(),
            has_inspection: item.inspection.is_some(),
        }
    }
}

pub fn news_card(site: &Site, item: &NewsItem) -> NewsCard {
    let t = &site.config().texts;
    let card = CardInputs::of(item);
    NewsCard {
        title: card.title.to_string(),
        url: url(site, &routes::news_item(card.slug)),
        date: DateView::of(t, &card.date),
        summary: card.summary.to_string(),
        featured: card.featured,
        agency: card
            .agency
            .and_then(|a| term_link(site, TaxonomyKind::Agencies, a)),
        location: card
            .location
            .and_then(|l| term_link(site, TaxonomyKind::Locations, l)),
        has_inspection: card.has_inspection,
    }
}

pub fn news_item_view(site: &Site, item: &NewsItem) -> NewsItemView {
    let t = &site.config().texts;
    let card = news_card(site, item);
    let tags = item
        .tags
        .iter()
        .filter_map(|t| term_link(site, TaxonomyKind::Tags, t))
        .collect();
    let image = item.image.as_ref().map(|img| {
        let size = crate::image_size::bundle_picture_size(&item.origin.assets, &img.src);
        ImageView {
            url: asset_url(&card.url, &img.src, &site.config().base_url),
            alt: img.alt.clone(),
            caption: img.caption.clone(),
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
        }
    });
    let mut documents: Vec<Link> = Vec::new();
    for cited in &item.origin.citations {
        if !documents.iter().any(|d| d.name == cited.value) {
            documents.push(Link {
                name: cited.value.clone(),
                url: document_url(site, &cited.value),
            });
        }
    }
    NewsItemView {
        card,
        tags,
        author: item.author.clone(),
        source: item.source.clone(),
        source_url: item.source_url.clone(),
        updated: item.updated.as_ref().map(|d| DateView::of(t, d)),
        image,
        body_html: item.body.html.clone(),
        inspection: item.inspection.as_ref().map(|i| inspection_view(t, i)),
        results: item.results.iter().map(|r| result_view(t, r)).collect(),
        results_chart: charts::results_chart(t, &item.results),
        outcomes: item.outcomes.iter().map(|o| outcome_view(t, o)).collect(),
        outcomes_chart: charts::outcomes_chart(t, &item.outcomes),
        documents,
    }
}

/// Cited documents listed on each page of /documents/.
pub const DOCUMENTS_PER_PAGE: usize = 100;

/// How /documents/ is cut into pages.
pub fn documents_paging(site: &Site) -> Paging {
    Paging::new(site.documents().len(), DOCUMENTS_PER_PAGE)
}

/// The page of /documents/ that lists `number` (the first when none does).
pub fn document_page(site: &Site, number: &str) -> usize {
    site.document_position(number)
        .map_or(1, |i| documents_paging(site).page_of(i))
}

/// The page of /documents/ that lists `number`, with its row's anchor.
pub fn document_url(site: &Site, number: &str) -> String {
    format!(
        "{}#{}",
        url(site, &routes::documents_page(document_page(site, number))),
        document_anchor(number)
    )
}

/// The anchor of a document's row on /documents/: `vb-43-2011-nd-cp`.
pub fn document_anchor(number: &str) -> String {
    format!("vb-{}", slugify(number))
}

/// A bundle-relative picture becomes absolute under the page; addresses stay.
fn asset_url(page_url: &str, src: &str, base_url: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_string()
    } else if let Some(rooted) = src.strip_prefix('/') {
        format!("{base_url}{rooted}")
    } else {
        format!("{page_url}{}", src.trim_start_matches("./"))
    }
}

pub fn inspection_view(t: &Texts, ins: &Inspection) -> InspectionView {
    InspectionView {
        unit: ins.unit.clone(),
        unit_level: ins.unit_level.code(),
        unit_level_label: t.label("unit_level", ins.unit_level.code()),
        date: ins.date.as_ref().map(|d| DateView::of(t, d)),
        lead: ins.lead.clone(),
        basis: ins.basis.clone(),
        round: ins.round.clone(),
        strengths: ins.strengths.clone(),
        shortcomings: ins.shortcomings.clone(),
        recommendations: ins
            .recommendations
            .iter()
            .map(|r| RecommendationView {
                text: r.text.clone(),
                due: r.due.as_ref().map(|d| DateView::of(t, d)),
                status: r.status.code(),
                status_label: t.label("status", r.status.code()),
            })
            .collect(),
    }
}

pub fn result_view(t: &Texts, r: &ResultFigure) -> ResultView {
    let lang = t.lang();
    let unit = r.unit.as_deref();
    let share_number = r.total.and_then(|t| percent(r.value, t));
    ResultView {
        indicator: r.indicator.clone(),
        value: locale::with_unit(lang, r.value, unit),
        ratio: r.total.map(|t| {
            format!(
                "{}/{}",
                locale::number(lang, r.value),
                locale::number(lang, t)
            )
        }),
        share: share_number.map(|p| format!("{}%", locale::number(lang, p))),
        share_number: share_number.map(|p| (p * 100.0).round() / 100.0),
        target: r.target.map(|t| locale::with_unit(lang, t, unit)),
        met_target: r.target.map(|t| r.value >= t),
        period: locale::period(t, r.period),
        period_code: r.period.code(),
        bar: charts::result_bar(r).map(|(fill, marker)| charts::bar_svg(fill, marker)),
    }
}

pub fn outcome_view(t: &Texts, o: &Outcome) -> OutcomeView {
    let lang = t.lang();
    let unit = o.unit.as_deref();
    let change = match (o.before, o.after) {
        (Some(before), Some(after)) if before != after => {
            let word = t.get(if after < before {
                "change.decrease"
            } else {
                "change.increase"
            });
            let diff = (after - before).abs();
            let rel = percent(diff, before)
                .map(|p| format!(" ({}%)", locale::number(lang, p.round())))
                .unwrap_or_default();
            Some(format!(
                "{word} {}{rel}",
                locale::with_unit(lang, diff, unit)
            ))
        }
        _ => None,
    };
    OutcomeView {
        text: o.text.clone(),
        before: o.before.map(|b| locale::with_unit(lang, b, unit)),
        after: o.after.map(|a| locale::with_unit(lang, a, unit)),
        change,
        chart: charts::outcome_chart(t, o),
    }
}

#[derive(Serialize)]
pub struct ProcedureView {
    pub code: String,
    pub title: String,
    pub url: String,
    pub field: String,
    pub field_anchor: String,
    pub agency: String,
    pub level: Option<String>,
    pub processing_days: Option<String>,
    pub previous_processing_days: Option<String>,
    pub saving: Option<String>,
    pub online: Option<String>,
    pub online_code: Option<&'static str>,
    pub one_stop: Option<String>,
    pub fee: Option<String>,
    pub documents: Vec<String>,
    pub legal_basis: Vec<String>,
    pub effective_from: Option<DateView>,
    pub dvc_url: Option<String>,
    pub decision: Option<String>,
    pub targets: Vec<String>,
    pub result: Option<String>,
    pub conditions: Vec<String>,
    pub body_html: Arc<str>,
}

/// `10 ngày làm việc`, `1 working day`.
pub fn working_days(t: &Texts, days: f64) -> String {
    let key = if days == 1.0 {
        "procedure.days.one"
    } else {
        "procedure.days"
    };
    t.fill(key, &[("days", &locale::number(t.lang(), days))])
}

pub fn procedure_view(site: &Site, p: &Procedure) -> ProcedureView {
    let t = &site.config().texts;
    let lang = t.lang();
    let days = |d: f64| working_days(t, d);
    let saving = match (p.previous_processing_days, p.processing_days) {
        (Some(before), Some(after)) if before > after => {
            let rel = percent(before - after, before)
                .map(|x| format!(" ({}%)", locale::number(lang, x.round())))
                .unwrap_or_default();
            let cut = locale::number(lang, before - after);
            Some(t.fill("procedure.saving", &[("days", &cut), ("share", &rel)]))
        }
        _ => None,
    };
    ProcedureView {
        code: p.code.value.clone(),
        title: p.title.clone(),
        url: url(site, &routes::procedure(&p.slug.value)),
        field: p.field.clone(),
        field_anchor: format!("linh-vuc-{}", slugify(&p.field)),
        agency: p.agency.clone(),
        level: p.level.map(|l| t.label("procedure_level", l.code())),
        processing_days: p.processing_days.map(days),
        previous_processing_days: p.previous_processing_days.map(days),
        saving,
        online: p.online.map(|o| t.label("online", o.code())),
        online_code: p.online.map(|o| o.code()),
        one_stop: p.one_stop.map(|o| t.label("one_stop", o.code())),
        fee: p.fee.clone(),
        documents: p.documents.clone(),
        legal_basis: p.legal_basis.clone(),
        effective_from: p.effective_from.as_ref().map(|d| DateView::of(t, d)),
        dvc_url: p.dvc_url.clone(),
        decision: p.decision.clone(),
        targets: p.targets.clone(),
        result: p.result.clone(),
        conditions: p.conditions.clone(),
        body_html: p.body.html.clone(),
    }
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Stands for the pages left out between its neighbours (`number` and `url` are empty).
    pub gap: bool,
}

#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The first page, the last, and the current one with `PAGINATOR_SPAN`
    /// neighbours either side; gaps in between.
    pub pages: Vec<PageLink>,
}

/// Pages shown either side of the current one.
const PAGINATOR_SPAN: usize = 2;

pub fn paginator(
    site: &Site,
    current: usize,
    paging: Paging,
    route_of: impl Fn(usize) -> String,
) -> Paginator {
    let total = paging.count();
    let link = |n: usize| PageLink {
        number: n,
        url: url(site, &route_of(n)),
        current: n == current,
        gap: false,
    };
    let mut pages = Vec::new();
    for n in paginator_numbers(current, total) {
        match n {
            Some(n) => pages.push(link(n)),
            None => pages.push(PageLink {
                number: 0,
                url: String::new(),
                current: false,
                gap: true,
            }),
        }
    }
    Paginator {
        current,
        total,
        prev_url: (current > 1).then(|| url(site, &route_of(current - 1))),
        next_url: (current < total).then(|| url(site, &route_of(current + 1))),
        pages,
    }
}

/// The page numbers a paginator shows, `None` for a gap. Listing every page
/// made each list page grow with the site: 10,000 list pages of 880 KB each
/// at 100,000 items. A gap of one page shows that page instead.
pub fn paginator_numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    let low = current.saturating_sub(PAGINATOR_SPAN).max(1);
    let high = (current + PAGINATOR_SPAN).min(total);
    let mut shown: Vec<usize> = Vec::with_capacity(2 * PAGINATOR_SPAN + 5);
    shown.push(1);
    shown.extend(low..=high);
    shown.push(total);
    shown.retain(|n| (1..=total).contains(n));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        if let Some(&before) = i.checked_sub(1).and_then(|j| shown.get(j)) {
            match n - before {
                1 => {}
                2 => out.push(Some(before + 1)),
                _ => out.push(None),
            }
        }
        out.push(Some(n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::paginator_numbers;

    fn shown(current: usize, total: usize) -> String {
        paginator_numbers(current, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_few_pages_are_all_shown() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
    }

    #[test]
    fn many_pages_show_the_ends_and_the_neighbours() {
        assert_eq!(shown(1, 1000), "1 2 3 … 1000");
        assert_eq!(shown(500, 1000), "1 … 498 499 500 501 502 … 1000");
        assert_eq!(shown(1000, 1000), "1 … 998 999 1000");
        // A gap of one page shows the page: "…" never hides a single number.
        assert_eq!(shown(5, 1000), "1 2 3 4 5 6 7 … 1000");
    }

    #[test]
    fn the_size_does_not_grow_with_the_page_count() {
        assert!(paginator_numbers(5_000, 10_000).len() <= 9);
    }
}
