//! How a site's pages are read: layouts as selector tables, the words the site uses, the chrome
//! the pre-pass may cut.

/// How a site's pages are read: its layouts and the words it uses.
#[derive(Debug)]
#[non_exhaustive]
pub struct Pages {
    /// Layouts, most specific first. The first one's time, tag, breadcrumb and boilerplate
    /// selectors are also tried on pages no layout matches.
    pub layouts: &'static [Layout],
    /// The comments that delimit the story inside the body element (`article content begin`,
    /// `article content end`); content outside them is reported.
    pub story_comments: Option<(&'static str, &'static str)>,
    /// Heading texts of the related-news list (either script).
    pub related_headings: &'static [&'static str],
    /// Heading texts of the hot-news list.
    pub hot_headings: &'static [&'static str],
    /// Heading texts of related-article blocks inside the story (old pages).
    pub inline_related_headings: &'static [&'static str],
    /// Image URLs that are lazy-load placeholders, by suffix.
    pub placeholder_suffixes: &'static [&'static str],
    /// Attributes that hold the real image URL of a lazy image, most specific first. The parser
    /// keeps only the attributes it knows ([`SiteProfile::check`](super::SiteProfile::check) says when one is missing).
    pub lazy_src_attrs: &'static [&'static str],
    /// What the pre-pass may cut before parsing; `None`: the page is parsed whole.
    pub chrome: Option<Chrome>,
    /// The site's clock: local times given as text, times whose `Z` means local time. `None`:
    /// every time the page gives carries its own offset.
    pub clock: Option<Clock>,
    /// Read the page's JSON-LD (`<script type="application/ld+json">`, `datePublished`,
    /// `dateModified`) for its update time where the page prints none: the pre-pass and the
    /// parser then keep those scripts (every other script is still dropped).
    pub json_ld: bool,
}

impl Pages {
    /// Page tables with these layouts and nothing else.
    pub const fn new(layouts: &'static [Layout]) -> Pages {
        Pages {
            layouts,
            story_comments: None,
            related_headings: &[],
            hot_headings: &[],
            inline_related_headings: &[],
            placeholder_suffixes: &[],
            lazy_src_attrs: &[],
            chrome: None,
            clock: None,
            json_ld: false,
        }
    }

    /// With [`Pages::json_ld`] set.
    pub const fn with_json_ld(mut self) -> Pages {
        self.json_ld = true;
        self
    }

    /// With [`Pages::clock`].
    pub const fn with_clock(mut self, clock: Clock) -> Pages {
        self.clock = Some(clock);
        self
    }

    /// With [`Pages::story_comments`].
    pub const fn with_story_comments(mut self, begin: &'static str, end: &'static str) -> Pages {
        self.story_comments = Some((begin, end));
        self
    }

    /// With the related and hot lists' headings.
    pub const fn with_list_headings(
        mut self,
        related: &'static [&'static str],
        hot: &'static [&'static str],
    ) -> Pages {
        self.related_headings = related;
        self.hot_headings = hot;
        self
    }

    /// With [`Pages::inline_related_headings`].
    pub const fn with_inline_related_headings(
        mut self,
        headings: &'static [&'static str],
    ) -> Pages {
        self.inline_related_headings = headings;
        self
    }

    /// With lazy images: placeholder suffixes and the attributes holding the real URL.
    pub const fn with_lazy_images(
        mut self,
        placeholder_suffixes: &'static [&'static str],
        src_attrs: &'static [&'static str],
    ) -> Pages {
        self.placeholder_suffixes = placeholder_suffixes;
        self.lazy_src_attrs = src_attrs;
        self
    }

    /// With chrome rules for the pre-pass.
    pub const fn with_chrome(mut self, chrome: Chrome) -> Pages {
        self.chrome = Some(chrome);
        self
    }
}

/// One page layout, as CSS selector strings, each list tried in order (the first that matches
/// wins).
#[derive(Debug)]
#[non_exhaustive]
pub struct Layout {
    /// Short name, used in provenance and diagnostics.
    pub name: &'static str,
    /// The element that holds the story.
    pub body: &'static [&'static str],
    /// The headline.
    pub title: &'static [&'static str],
    /// The update time (`time[datetime]`).
    pub time: &'static [&'static str],
    /// Elements whose text gives the time in the site's local clock after one of the
    /// [`Clock::labels`] (`北京时间：2025-01-20 10:35`); read when no [`Layout::time`] matches.
    pub time_text: &'static [&'static str],
    /// The featured-image block.
    pub featured: &'static [&'static str],
    /// The caption inside the featured-image block.
    pub caption: &'static [&'static str],
    /// Breadcrumb links; the last one names the category.
    pub breadcrumbs: &'static [&'static str],
    /// Tag links.
    pub tags: &'static [&'static str],
    /// Boilerplate inside the body element that is not article content.
    pub drop: &'static [&'static str],
}

impl Layout {
    /// A layout that finds the story and the headline, and nothing else.
    pub const fn new(
        name: &'static str,
        body: &'static [&'static str],
        title: &'static [&'static str],
    ) -> Layout {
        Layout {
            name,
            body,
            title,
            time: &[],
            time_text: &[],
            featured: &[],
            caption: &[],
            breadcrumbs: &[],
            tags: &[],
            drop: &[],
        }
    }

    /// With [`Layout::time`].
    pub const fn with_time(mut self, time: &'static [&'static str]) -> Layout {
        self.time = time;
        self
    }

    /// With [`Layout::time_text`].
    pub const fn with_time_text(mut self, time_text: &'static [&'static str]) -> Layout {
        self.time_text = time_text;
        self
    }

    /// With the featured-image block and its caption.
    pub const fn with_featured(
        mut self,
        featured: &'static [&'static str],
        caption: &'static [&'static str],
    ) -> Layout {
        self.featured = featured;
        self.caption = caption;
        self
    }

    /// With [`Layout::breadcrumbs`].
    pub const fn with_breadcrumbs(mut self, breadcrumbs: &'static [&'static str]) -> Layout {
        self.breadcrumbs = breadcrumbs;
        self
    }

    /// With [`Layout::tags`].
    pub const fn with_tags(mut self, tags: &'static [&'static str]) -> Layout {
        self.tags = tags;
        self
    }

    /// With [`Layout::drop`].
    pub const fn with_drop(mut self, drop: &'static [&'static str]) -> Layout {
        self.drop = drop;
        self
    }
}

/// The chrome the pre-pass cuts before parsing: elements that hold nothing the extractor reads,
/// on pages of the site's own layouts.
#[derive(Debug)]
#[non_exhaustive]
pub struct Chrome {
    /// Byte strings (ASCII case-insensitive) that only the site's article layouts carry; a page
    /// without one is parsed whole. An element whose start tag holds one is the story: nothing
    /// inside it is cut.
    pub markers: &'static [&'static str],
    /// Elements cut whole, as `tag`, `tag.class` or `tag#id`.
    pub cut: &'static [&'static str],
    /// An element that contains one of these (ASCII case-insensitive) is kept: what the extractor
    /// reads outside the story. The site's list headings and story comments are added to them.
    pub keep: &'static [&'static str],
}

impl Chrome {
    /// Chrome rules: the layout markers, the elements cut, the keep needles.
    pub const fn new(
        markers: &'static [&'static str],
        cut: &'static [&'static str],
        keep: &'static [&'static str],
    ) -> Chrome {
        Chrome { markers, cut, keep }
    }
}

/// A site's clock: the UTC offset of the times its pages print, the labels before such a time,
/// and whether its machine-readable times write local time with a `Z`.
#[derive(Debug)]
#[non_exhaustive]
pub struct Clock {
    /// Seconds east of UTC (`8 * 3600` for Beijing time).
    pub utc_offset: i32,
    /// Labels before a time given as text (`YYYY-MM-DD HH:MM[:SS]`), most wanted first: an
    /// update-time label before the publication-time one.
    pub labels: &'static [&'static str],
    /// The site's `Z` times (`time[datetime]`, `article:*_time`) are local times wrongly marked
    /// UTC: read them in [`Clock::utc_offset`].
    pub z_is_local: bool,
}

impl Clock {
    /// A clock `utc_offset` seconds east of UTC, with these labels.
    pub const fn new(utc_offset: i32, labels: &'static [&'static str]) -> Clock {
        Clock {
            utc_offset,
            labels,
            z_is_local: false,
        }
    }

    /// With [`Clock::z_is_local`].
    pub const fn with_z_as_local(mut self) -> Clock {
        self.z_is_local = true;
        self
    }
}
