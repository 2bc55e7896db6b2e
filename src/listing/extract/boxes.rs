//! The page's pager and the boxes of a portal or home page: more of the list reader's
//! methods, in a file of their own.

use super::*;

impl<'h> Reader<'h> {
    /// The page's pager (`a.page-numbers`), and the page number settled: the URL's, which a
    /// canonical link naming page 1 on a later page (§1) cannot override.
    pub(super) fn pager(
        &mut self,
        sel: &Compiled,
        lists: &ListProfile,
        list_url: &mut ListUrl,
        given: bool,
    ) -> Option<Pager> {
        let pager = sel.pager.as_ref()?;
        let links = lists.pager?.links;
        let list_url = &mut list_url.page;
        let root = self.html.root_element();
        root.select(&pager.links).next()?;
        let number = |e: ElementRef<'_>| -> Option<u32> {
            element_text(e).replace([',', '，'], "").parse().ok()
        };
        let last = root.select(&pager.numbers).filter_map(number).max();
        let current = root.select(&pager.current).find_map(number);
        if let Some(c) = current.filter(|&c| c != list_url.page) {
            if !given && list_url.page == 1 {
                self.diag(
                    DiagnosticKind::Inconsistent,
                    format!(
                        "the page's URL names page 1, its pager marks page {c}: read as page {c}"
                    ),
                );
                list_url.page = c;
            } else {
                self.diag(
                    DiagnosticKind::Inconsistent,
                    format!(
                        "the pager marks page {c}, the URL names page {}: the URL wins",
                        list_url.page
                    ),
                );
            }
        }
        self.note("pager", format!("selector {links}"));
        Some(Pager {
            current: list_url.page,
            last: last.map(|l| l.max(list_url.page)),
        })
    }

    /// The boxes of a portal's main column or of the whole home page: every article link in
    /// document order, grouped under the box heading before it.
    pub(super) fn boxes(
        &mut self,
        sel: &Compiled,
        site: &'static SiteProfile,
        lists: &ListProfile,
        region: ElementRef<'h>,
        base: &Url,
        layout: ListLayout,
    ) -> Vec<ListBox> {
        let max_heading = lists.boxes.map_or(0, |b| b.max_heading_chars);
        let mut boxes = vec![ListBox {
            heading: String::new(),
            more: None,
            items: Vec::new(),
        }];
        // The list heading of a portal is the page's heading, not a box.
        let page_heading: Option<NodeId> = sel
            .headings
            .iter()
            .find_map(|s| region.select(s).next())
            .map(|e| e.id());
        let mut skip: Option<NodeId> = None;
        // Whether the last thing seen was an item (a thumbnail link directly followed by the
        // title link to the same article is one item).
        let mut adjacent = false;
        for edge in region.traverse() {
            let node = match edge {
                Edge::Open(n) => n,
                Edge::Close(n) => {
                    if skip == Some(n.id()) {
                        skip = None;
                    }
                    continue;
                }
            };
            if skip.is_some() {
                continue;
            }
            let el = match node.value() {
                Node::Element(_) => ElementRef::wrap(node).expect("an element"),
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        adjacent = false;
                    }
                    continue;
                }
                _ => continue,
            };
            let name = el.value().name();
            if matches!(name, "noscript" | "template" | "select" | "textarea") {
                skip = Some(el.id());
                continue;
            }
            if name == "a" {
                skip = Some(el.id());
                let Some(href) = el.value().attr("href") else {
                    continue;
                };
                let Some(url) = article_url(self.known, href, base) else {
                    continue;
                };
                let item = link_item(sel, pages(site), el, url, base);
                let current = boxes.last_mut().expect("one box at least");
                match current.items.last_mut() {
                    Some(prev) if adjacent && prev.url == item.url => {
                        if prev.title.is_empty() {
                            prev.title = item.title;
                        }
                        if prev.thumbnail.is_none() {
                            prev.thumbnail = item.thumbnail;
                        }
                    }
                    _ => current.items.push(item),
                }
                adjacent = true;
                continue;
            }
            if Some(el.id()) == page_heading {
                skip = Some(el.id());
                continue;
            }
            if sel.box_headings.iter().any(|s| s.matches(&el)) {
                let holds_article = el.select(&A).any(|a| {
                    a.value()
                        .attr("href")
                        .and_then(|h| article_url(self.known, h, base))
                        .is_some()
                });
                let text = element_text(el);
                if holds_article || text.is_empty() {
                    continue;
                }
                skip = Some(el.id());
                if text.chars().count() > max_heading {
                    continue;
                }
                let more = el.select(&A).find_map(|a| {
                    let url = resolve_href(a.value().attr("href")?, Some(base))?;
                    let target = sites::classify_in(self.known.iter().copied(), &url)?;
                    matches!(target.page.kind, PageKind::Section | PageKind::Tag)
                        .then(|| url.to_string())
                });
                let current = boxes.last_mut().expect("one box at least");
                if current.items.is_empty() && current.more.is_none() && layout == ListLayout::H {
                    // A heading right after another (a box's title and its sub-navigation):
                    // the later one names the box when the earlier had no links.
                    current.heading = text;
                    current.more = more;
                } else {
                    boxes.push(ListBox {
                        heading: text,
                        more,
                        items: Vec::new(),
                    });
                }
                adjacent = false;
            }
        }
        // A link without any text of its own takes the title another link to the same article
        // gives it.
        let mut titles: HashMap<String, String> = HashMap::new();
        for it in boxes.iter().flat_map(|b| &b.items) {
            if !it.title.is_empty() {
                titles
                    .entry(it.url.clone())
                    .or_insert_with(|| it.title.clone());
            }
        }
        let mut untitled = Vec::new();
        for it in boxes.iter_mut().flat_map(|b| b.items.iter_mut()) {
            if it.title.is_empty() {
                match titles.get(&it.url) {
                    Some(t) => it.title = t.clone(),
                    None => untitled.push(it.url.clone()),
                }
            }
        }
        for url in untitled {
            self.diag(
                DiagnosticKind::Unplaced,
                format!("article link without any title on the page: {url}"),
            );
        }
        match layout {
            // A home page's headings without article links are navigation, not boxes.
            ListLayout::H => boxes.retain(|b| !b.items.is_empty()),
            // A portal's empty sections are shown, as the page shows them; only an empty
            // lead-in before the first heading goes.
            _ => {
                if boxes
                    .first()
                    .is_some_and(|b| b.items.is_empty() && b.heading.is_empty())
                {
                    boxes.remove(0);
                }
            }
        }
        boxes
    }
}
