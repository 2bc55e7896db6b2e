//! DOM → [`Article`]: finds the site layout, reads each field, walks the body.

use crate::error::{Error, Result};
use crate::model::Article;

/// Options for [`crate::extract`].
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's original URL, when the caller knows it better than the page
    /// (overrides `<link rel=canonical>` and `og:url`).
    pub url: Option<String>,
}

pub(crate) fn extract(input: &[u8], options: &ExtractOptions) -> Result<Article> {
    let _ = (input, options);
    Err(Error::Empty)
}
