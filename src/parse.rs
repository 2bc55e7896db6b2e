//! Text → DOM. The one place that knows which HTML parser the crate uses.

use scraper::Html;

/// Parses a whole document the way a browser would (html5ever's tree builder).
///
/// html5ever builds the tree with an explicit stack of open elements and `scraper` stores it in an
/// arena, so neither parsing nor dropping recurses over the document's depth.
pub(crate) fn document(text: &str) -> Html {
    Html::parse_document(text)
}
