//! One item of a list: its link, thumbnail, text and displayed date.

use super::*;

/// An article link of a box: its text (the popularity count cut), else its `title`, else
/// its image's `alt`; its image.
pub(super) fn link_item(
    sel: &Compiled,
    site_pages: &Pages,
    a: ElementRef<'_>,
    url: String,
    base: &Url,
) -> ListItem {
    let denoise = |t: &str| match &sel.title_noise {
        Some(re) => re.replace(t, "").trim().to_string(),
        None => t.trim().to_string(),
    };
    let mut title = denoise(&element_text(a));
    if title.is_empty() {
        title = denoise(&attr_text(a, "title"));
    }
    let img = a.select(&IMG).next();
    if title.is_empty() {
        title = img.map(|i| attr_text(i, "alt")).unwrap_or_default();
    }
    let thumbnail = img.and_then(|i| image_src(i, Some(base), site_pages));
    ListItem {
        title,
        url,
        thumbnail,
        excerpt: String::new(),
        date: None,
        featured: false,
    }
}

/// The item's first image that is neither a placeholder nor the date icon.
pub(super) fn thumbnail(
    item: ElementRef<'_>,
    base: &Url,
    site_pages: &Pages,
    lists: Option<&ListProfile>,
) -> Option<String> {
    let icon_suffix = lists.and_then(|l| l.date_icon_suffix);
    for img in item.select(&IMG) {
        let v = img.value();
        let icon = icon_suffix.is_some_and(|suffix| {
            [v.attr("src"), v.attr("data-src")]
                .into_iter()
                .flatten()
                .any(|s| s.trim().ends_with(suffix))
        });
        if icon {
            continue;
        }
        if let Some(src) = image_src(img, Some(base), site_pages) {
            return Some(src);
        }
    }
    None
}

/// The absolute URL of an article link (`/gb/24/11/4/n14363821.htm` resolved against the
/// page), canonical for the site's articles; `None` for anything that is not an article of one
/// of the `known` sites.
pub(super) fn article_url(
    known: &[&'static SiteProfile],
    href: &str,
    base: &Url,
) -> Option<String> {
    let url = resolve_href(href, Some(base))?;
    let target = sites::classify_in(known.iter().copied(), &url)?;
    target.page.is_article().then_some(target.page.canonical)
}

/// An element's visible text (no `<noscript>` fallback, which the parser keeps as raw text),
/// whitespace collapsed and trimmed.
pub(super) fn element_text(el: ElementRef<'_>) -> String {
    crate::extract::visible_text(el, &HashSet::new())
        .trim()
        .to_string()
}

pub(super) fn attr_text(el: ElementRef<'_>, attr: &str) -> String {
    collapse_whitespace(el.value().attr(attr).unwrap_or(""))
        .trim()
        .to_string()
}

/// An excerpt as the page shows it: trimmed, line breaks kept (`\r\n` and `\r` read as `\n`),
/// blank lines closed up (a blank line would end the mirror's HTML block on GitHub).
pub(super) fn excerpt_text(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(unified.len());
    for line in unified.split('\n') {
        if line.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out.trim().to_string()
}

/// The displayed date, typed where it parses (see [`ShownDate::date`]).
pub(super) fn shown_date(
    sel: &Compiled,
    known: &[&'static SiteProfile],
    text: &str,
    article: &str,
) -> ShownDate {
    let num = |s: &str| s.parse::<u32>().ok();
    let mut date = None;
    let mut time = None;
    let captures = |re: &Option<Regex>| re.as_ref().and_then(|re| re.captures(text));
    if let Some(c) = captures(&sel.date_full) {
        let year = c[1].parse::<i32>().ok();
        date = year.and_then(|y| NaiveDate::from_ymd_opt(y, num(&c[2])?, num(&c[3])?));
        let hour = num(&c[4]).filter(|h| (1..=12).contains(h));
        let pm = c[6].eq_ignore_ascii_case("pm");
        time = hour.and_then(|h| {
            NaiveTime::from_hms_opt(h % 12 + if pm { 12 } else { 0 }, num(&c[5])?, 0)
        });
    } else if let Some(c) = captures(&sel.date_month_day) {
        // The article's first publication, as its URL gives it.
        let published = Url::parse(article)
            .ok()
            .and_then(|u| sites::classify_in(known.iter().copied(), &u))
            .filter(|t| t.page.is_article())
            .and_then(|t| t.page.date);
        if let (Some(m), Some(d), Some(p)) = (num(&c[1]), num(&c[2]), published) {
            use chrono::Datelike;
            date = [p.year(), p.year() + 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                .find(|&x| x >= p);
        }
    } else if let Some(c) = captures(&sel.date_iso) {
        let year = c[1].parse::<i32>().ok();
        date = year.and_then(|y| NaiveDate::from_ymd_opt(y, num(&c[2])?, num(&c[3])?));
        if let (Some(h), Some(m)) = (c.get(4), c.get(5)) {
            time = NaiveTime::from_hms_opt(
                num(h.as_str()).unwrap_or(99),
                num(m.as_str()).unwrap_or(99),
                0,
            );
        }
    }
    ShownDate {
        text: text.to_string(),
        date,
        time,
    }
}
