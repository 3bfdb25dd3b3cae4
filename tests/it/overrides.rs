//! A site's `themes/NAME/` replaces templates file by file and adds static
//! files; a broken override is an error naming its file.

use crate::harness::*;

fn site_with_theme() -> Site {
    let site = fixture("one-news-item");
    site.write(
        "site.yaml",
        "title: Cổng thử nghiệm\nbase_url: https://thu.example.vn/\ntheme: rieng\n",
    );
    site
}

#[test]
fn one_template_is_replaced_and_the_rest_stay_default() {
    let site = site_with_theme();
    site.write(
        "themes/rieng/templates/news_item.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"rieng\">{{ item.title }}</h1>{% endblock %}",
    );
    site.write(
        "themes/rieng/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build();
    assert_eq!(
        site.page("news/kiem-tra/").text_of("h1.rieng"),
        "Kiểm tra tại Sở Nội vụ"
    );
    assert_eq!(
        site.page("news/").text_of("h1"),
        "Tin tức cải cách hành chính"
    );
    assert!(site.exists("logo.svg"));
    assert!(
        site.exists("style.css"),
        "default static files are still there"
    );
}

#[test]
fn broken_override_is_an_error_naming_its_file() {
    let site = site_with_theme();
    site.write(
        "themes/rieng/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops",
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert!(
        run.stderr()
            .contains("error: themes/rieng/templates/page.html:1: template error"),
        "{}",
        run.stderr()
    );
}

#[test]
fn missing_theme_folder_is_an_error_on_the_theme_key() {
    let site = site_with_theme();
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: site.yaml:3:8: `theme`: theme \"rieng\" not found");
}
