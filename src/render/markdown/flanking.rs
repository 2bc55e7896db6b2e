//! CommonMark's flanking rules, conservatively: whether `*` delimiters certainly open and close
//! emphasis given the characters around them.

/// Whether `*`-delimiters around `inner` are certainly a left-flanking opener and a
/// right-flanking closer, with `prev` / `next` the characters around them (`None`: line edge).
pub(super) fn delimiters_work(prev: Option<char>, inner: &str, next: Option<char>) -> bool {
    let (Some(first), Some(last)) = (inner.chars().next(), inner.chars().next_back()) else {
        return false;
    };
    if [prev, Some(first), Some(last), next].contains(&Some('*')) {
        return false;
    }
    if first.is_whitespace() || last.is_whitespace() {
        return false;
    }
    let boundary =
        |c: Option<char>| c.is_none_or(|c| surely_whitespace(c) || surely_punctuation(c));
    (first.is_alphanumeric() || boundary(prev)) && (last.is_alphanumeric() || boundary(next))
}

/// Whitespace for every CommonMark implementation (Zs, tab, line feed, form feed, carriage
/// return).
fn surely_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{0c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Punctuation for every CommonMark version: ASCII punctuation and characters of the Unicode
/// P categories common in Chinese and Western text (older versions do not count symbols).
fn surely_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
                | '\u{2010}'..='\u{2027}'
                | '\u{2030}'..='\u{2043}'
                | '\u{2045}'..='\u{2051}'
                | '\u{2053}'..='\u{205e}'
                | '\u{3001}'..='\u{3003}'
                | '\u{3008}'..='\u{3011}'
                | '\u{3014}'..='\u{301f}'
                | '\u{3030}'
                | '\u{303d}'
                | '\u{30fb}'
                | '\u{fe10}'..='\u{fe19}'
                | '\u{fe30}'..='\u{fe52}'
                | '\u{fe54}'..='\u{fe61}'
                | '\u{fe63}'
                | '\u{fe68}'
                | '\u{fe6a}'
                | '\u{fe6b}'
                | '\u{ff01}'..='\u{ff03}'
                | '\u{ff05}'..='\u{ff0a}'
                | '\u{ff0c}'..='\u{ff0f}'
                | '\u{ff1a}'
                | '\u{ff1b}'
                | '\u{ff1f}'
                | '\u{ff20}'
                | '\u{ff3b}'..='\u{ff3d}'
                | '\u{ff3f}'
                | '\u{ff5b}'
                | '\u{ff5d}'
                | '\u{ff5f}'..='\u{ff65}'
        )
}
