//! A site's mirror: where it lives, its template set, how many editor picks it shows, where its
//! hot list comes from, and what its old generator did to its files.

/// A site's mirror: where it lives and how its files look.
#[derive(Debug)]
#[non_exhaustive]
pub struct Mirror {
    /// Short name: the repository's name on GitHub (`djy`). The configuration file sets the
    /// base as `{name}_base`.
    pub name: &'static str,
    /// The base of mirror URLs, ending in `/` (`https://github.com/1992513/djy/blob/master/`).
    pub base: &'static str,
    /// GitHub accounts that have hosted the mirror as `github.com/{account}/{name}/blob/master/`,
    /// the current one first; the link map reads mirror URLs under all of them back.
    pub accounts: &'static [&'static str],
    /// The built-in template set; `None`: the mirror's files cannot be rendered (yet).
    pub templates: Option<&'static TemplateSet>,
    /// How many editor picks a file shows.
    pub picks: usize,
    /// Where the hot list comes from.
    pub hot: HotList,
    /// Base of the image mirror ([`ImageMirror`](crate::render::ImageMirror)), if there is one.
    pub images: Option<&'static str>,
    /// What the old generator did to this mirror's files, for the reader.
    pub history: Option<&'static History>,
}

impl Mirror {
    /// A mirror at `base`, with no templates, no editor picks and the page's hot list.
    pub const fn new(name: &'static str, base: &'static str) -> Mirror {
        Mirror {
            name,
            base,
            accounts: &[],
            templates: None,
            picks: 0,
            hot: HotList::Page,
            images: None,
            history: None,
        }
    }

    /// With [`Mirror::accounts`].
    pub const fn with_accounts(mut self, accounts: &'static [&'static str]) -> Mirror {
        self.accounts = accounts;
        self
    }

    /// With a built-in template set.
    pub const fn with_templates(mut self, templates: &'static TemplateSet) -> Mirror {
        self.templates = Some(templates);
        self
    }

    /// With [`Mirror::picks`].
    pub const fn with_picks(mut self, picks: usize) -> Mirror {
        self.picks = picks;
        self
    }

    /// With [`Mirror::hot`].
    pub const fn with_hot(mut self, hot: HotList) -> Mirror {
        self.hot = hot;
        self
    }

    /// With an image mirror at `base`.
    pub const fn with_images(mut self, base: &'static str) -> Mirror {
        self.images = Some(base);
        self
    }

    /// With [`Mirror::history`].
    pub const fn with_history(mut self, history: &'static History) -> Mirror {
        self.history = Some(history);
        self
    }

    /// The configuration key of its base: `{name}_base`.
    pub fn config_key(&self) -> String {
        format!("{}_base", self.name)
    }

    /// The base under a GitHub account: `https://github.com/{account}/{name}/blob/master/`.
    pub fn github_base(&self, account: &str) -> String {
        format!("https://github.com/{account}/{}/blob/master/", self.name)
    }
}

/// Where a mirror file's hot list (`热门新闻`) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HotList {
    /// The page's own hot list.
    Page,
    /// Fixed text of the template set: the `{{hot}}` placeholder writes nothing.
    Template,
}

/// A template set, as data: `(file name, text)` of each part, named as in `templates/djy/`
/// (`page.html`, `header.html`, …, see [`Templates`](crate::render::Templates)). A part not
/// given is empty.
#[derive(Debug)]
#[non_exhaustive]
pub struct TemplateSet {
    /// The parts (simplified script, and every edition's default).
    pub files: &'static [(&'static str, &'static str)],
    /// Parts that differ in the traditional (`b5`) edition.
    pub b5: &'static [(&'static str, &'static str)],
}

impl TemplateSet {
    /// A set of these parts, the same in both editions.
    pub const fn new(files: &'static [(&'static str, &'static str)]) -> TemplateSet {
        TemplateSet { files, b5: &[] }
    }

    /// With parts for the traditional edition.
    pub const fn with_b5(mut self, b5: &'static [(&'static str, &'static str)]) -> TemplateSet {
        self.b5 = b5;
        self
    }
}

/// What a mirror's old generator did to its files (mirror-format.md §4.2, §8), as far as it
/// depends on the site: the reader undoes it.
#[derive(Debug)]
#[non_exhaustive]
pub struct History {
    /// The account of the Gen B files, named in their header (`19920513`).
    pub gen_b_account: &'static str,
    /// The account of the stale related list the generator reused across articles (`920513`).
    pub stale_related_account: &'static str,
    /// The image of the old video block, below `https://raw.githubusercontent.com/{account}/`
    /// (`djy/master/gb/300/djtsp.jpg`).
    pub video_image: &'static str,
    /// The image of the old twitter block, likewise.
    pub twitter_image: &'static str,
}

impl History {
    /// The generator's history: the Gen B and stale-list accounts, the video and twitter images.
    pub const fn new(
        gen_b_account: &'static str,
        stale_related_account: &'static str,
        video_image: &'static str,
        twitter_image: &'static str,
    ) -> History {
        History {
            gen_b_account,
            stale_related_account,
            video_image,
            twitter_image,
        }
    }
}
