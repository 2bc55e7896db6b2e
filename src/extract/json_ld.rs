//! The page's JSON-LD (`<script type="application/ld+json">`), for a site whose page tables ask
//! for it ([`Pages::json_ld`](crate::sites::Pages::json_ld)): the article's `dateModified` and
//! `datePublished`. The parser keeps those scripts only then (`parse::prepared_with_json_ld`).
//!
//! Read leniently: a script that is not JSON (truncated, a `</script>` inside a string that ended
//! it early, nested past serde_json's recursion limit, larger than [`MAX_JSON_LD`]) or a time
//! that does not parse is reported as a diagnostic and skipped, never an error. The JSON is walked
//! with an explicit stack (serde_json's own limit bounds its depth anyway).

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use scraper::Selector;
use serde_json::Value;

use super::Page;
use super::body;
use crate::model::{Diagnostic, DiagnosticKind};
use crate::sites::Clock;

/// The largest JSON-LD script read (bytes): structured data of an article is a few kilobytes;
/// anything larger is reported and skipped.
pub(crate) const MAX_JSON_LD: usize = 1 << 20;

static SCRIPT: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script[type]").expect("static selector"));

/// The times of the first article object the page's JSON-LD holds (an object whose `@type`
/// names an `…Article`, else the first object with a date), as written.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct LdTimes {
    pub modified: Option<String>,
    pub published: Option<String>,
}

impl Page<'_> {
    /// Reads every JSON-LD script of the page; reports the broken ones.
    pub(super) fn json_ld(&mut self) -> Option<LdTimes> {
        let mut article = None;
        let mut other = None;
        let scripts: Vec<String> = self
            .html
            .root_element()
            .select(&SCRIPT)
            .filter(|s| {
                s.value()
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
            })
            .map(|s| s.text().collect())
            .collect();
        for (i, text) in scripts.iter().enumerate() {
            let n = i + 1;
            if text.len() > MAX_JSON_LD {
                self.diagnostics.push(Diagnostic::new(
                    DiagnosticKind::Unparsed,
                    format!(
                        "JSON-LD script {n} skipped: {} bytes (at most {MAX_JSON_LD} are read)",
                        text.len()
                    ),
                ));
                continue;
            }
            let value: Value = match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    self.diagnostics.push(Diagnostic::new(
                        DiagnosticKind::Unparsed,
                        format!(
                            "JSON-LD script {n} is not JSON ({e}): {}",
                            body::snippet(text.trim())
                        ),
                    ));
                    continue;
                }
            };
            let (a, o) = times_in(&value);
            if article.is_none() {
                article = a;
            }
            if other.is_none() {
                other = o;
            }
        }
        article.or(other)
    }

    /// The JSON-LD time: `dateModified`, else `datePublished`, read in the site's clock where it
    /// says `Z` and the site's `Z` is local time, or where it gives no offset.
    pub(super) fn json_ld_time(
        &mut self,
        times: &LdTimes,
        clock: Option<&Clock>,
    ) -> Option<DateTime<FixedOffset>> {
        for (raw, name) in [
            (&times.modified, "dateModified"),
            (&times.published, "datePublished"),
        ] {
            let Some(raw) = raw.as_deref().map(str::trim) else {
                continue;
            };
            match parse_time(raw, clock) {
                Some(t) => {
                    self.note("updated", format!("JSON-LD {name}"));
                    return Some(t);
                }
                None => self.diagnostics.push(Diagnostic::new(
                    DiagnosticKind::Unparsed,
                    format!("JSON-LD {name} {raw:?} is not an ISO 8601 date and time"),
                )),
            }
        }
        None
    }
}

/// The times of the first object whose `@type` names an article, and of the first object with
/// a date, in document order.
fn times_in(value: &Value) -> (Option<LdTimes>, Option<LdTimes>) {
    let mut article = None;
    let mut other = None;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                let date = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
                let times = LdTimes {
                    modified: date("dateModified"),
                    published: date("datePublished"),
                };
                if times != LdTimes::default() {
                    let is_article = match map.get("@type") {
                        Some(Value::String(t)) => t.ends_with("Article"),
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .any(|t| t.as_str().is_some_and(|t| t.ends_with("Article"))),
                        _ => false,
                    };
                    if is_article {
                        article = Some(times);
                        break;
                    }
                    if other.is_none() {
                        other = Some(times);
                    }
                }
                stack.extend(map.values().rev());
            }
            _ => {}
        }
    }
    (article, other)
}

/// An ISO 8601 date and time: with an offset (a `Z` read in the clock when the site's `Z` is
/// local time), or without one (read in the site's clock, when it has one).
fn parse_time(raw: &str, clock: Option<&Clock>) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw)
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M%z"))
    {
        return Some(super::fields::local_z(raw, t, clock));
    }
    let offset = FixedOffset::east_opt(clock?.utc_offset)?;
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())?;
    naive.and_local_timezone(offset).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(json: &str) -> Option<LdTimes> {
        let v: Value = serde_json::from_str(json).unwrap();
        let (a, o) = times_in(&v);
        a.or(o)
    }

    #[test]
    fn the_article_object_is_found_in_graphs_and_arrays() {
        let t = times(
            r#"{"@context":"https://schema.org","@graph":[
                {"@type":"WebPage","datePublished":"2020-01-01T00:00:00Z"},
                {"@type":["NewsArticle"],"datePublished":"2026-10-03T10:35:43Z","dateModified":"2026-10-03T11:00:00Z"}]}"#,
        )
        .unwrap();
        assert_eq!(t.modified.as_deref(), Some("2026-10-03T11:00:00Z"));
        assert_eq!(t.published.as_deref(), Some("2026-10-03T10:35:43Z"));
        // Without an article object: the first object with a date.
        let t =
            times(r#"[{"name":"x"},{"@type":"WebPage","datePublished":"2020-01-01"}]"#).unwrap();
        assert_eq!(t.published.as_deref(), Some("2020-01-01"));
        assert_eq!(times(r#"{"@type":"NewsArticle","headline":"x"}"#), None);
        // Dates that are not strings are no dates.
        assert_eq!(times(r#"{"@type":"NewsArticle","dateModified":5}"#), None);
    }

    #[test]
    fn times_are_read_in_the_site_clock() {
        let beijing = Clock::new(8 * 3600, &[]).with_z_as_local();
        let utc_z = Clock::new(8 * 3600, &[]);
        let t = |raw: &str, c: Option<&Clock>| parse_time(raw, c).map(|t| t.to_rfc3339());
        let want = Some("2026-10-03T10:35:43+08:00".to_string());
        assert_eq!(t("2026-10-03T10:35:43Z", Some(&beijing)), want);
        assert_eq!(t("2026-10-03T10:35:43", Some(&beijing)), want);
        assert_eq!(t("2026-10-03T10:35:43+08:00", Some(&beijing)), want);
        assert_eq!(
            t("2026-10-03T10:35:43Z", Some(&utc_z)),
            Some("2026-10-03T10:35:43+00:00".to_string())
        );
        assert_eq!(t("2026-10-03T10:35:43", None), None);
        assert_eq!(t("yesterday", Some(&beijing)), None);
        assert_eq!(t("2026-13-03T10:35:43Z", Some(&beijing)), None);
    }

    /// Nesting far past serde_json's recursion limit is an error, not a stack overflow; a
    /// value within the limit is walked without recursion.
    #[test]
    fn deep_json_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let ok = format!(
            "{}{{\"@type\":\"NewsArticle\",\"dateModified\":\"2026-10-03T10:35:43Z\"}}{}",
            "[".repeat(100),
            "]".repeat(100)
        );
        let t = times(&ok).unwrap();
        assert_eq!(t.modified.as_deref(), Some("2026-10-03T10:35:43Z"));
    }
}
