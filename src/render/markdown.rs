//! The CommonMark renderer. SKELETON: being written.

use std::io;

use crate::linkmap::LinkMap;
use crate::model::Article;

pub(crate) fn write(article: &Article, links: &LinkMap, out: &mut dyn io::Write) -> io::Result<()> {
    let _ = (article, links);
    out.write_all(b"")
}
