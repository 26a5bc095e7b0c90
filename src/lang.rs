//! The languages a page can be written in. Config, reports, figures, charts and pages all say which one
//! they use, so it is a type of its own that every stage can name.

/// The language of a page: decides words, separators and month names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    /// Every language, in the order hints list them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// `en` or `de`.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language's name in itself, for a language switch: `English`, `Deutsch`.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// The BCP 47 code, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The codes of every language, for a hint: `` `en` or `de` ``.
    pub(crate) fn codes_hint() -> String {
        let codes: Vec<String> = Lang::ALL.iter().map(|l| format!("`{}`", l.code())).collect();
        codes.join(" or ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::codes_hint(), "`en` or `de`");
    }
}
