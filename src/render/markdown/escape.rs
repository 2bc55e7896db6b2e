//! Text written so that it renders literally.

/// Whether `rest` (what follows a `&`) would make it an entity or numeric character reference.
pub(super) fn is_entity_like(rest: &str) -> bool {
    let name = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len());
    name > 0 && rest[name..].starts_with(';')
}

/// Writes text so that it renders literally. At the start of a line, leading spaces are dropped
/// and block markers escaped.
pub(super) fn push_escaped(out: &mut String, text: &str, line_start: &mut bool) {
    let text = if *line_start {
        text.trim_start_matches([' ', '\t'])
    } else {
        text
    };
    if text.is_empty() {
        return;
    }
    let at_start = std::mem::replace(line_start, false);
    // Whether everything before the current character on this line is ASCII digits.
    let mut digits = at_start;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '$' => true,
            '!' => next.is_none(),
            '&' => is_entity_like(&text[index + 1..]),
            '-' | '+' | '=' => at_start && index == 0,
            '.' | ')' => digits && index > 0 && next.is_none_or(|n| n == ' ' || n == '\t'),
            _ => false,
        };
        digits = digits && c.is_ascii_digit();
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}
