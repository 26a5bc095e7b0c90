//! The names a writer gives things, one rule per kind: dataset ids (file names), series keys, tags and
//! report slugs; and the HTML ids spendsite derives from headings and chart ids.

/// A kind of name a writer chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Name {
    /// A dataset's file stem: `walmart-azure`.
    Dataset,
    /// A series key inside a dataset: `acr`, `azure_openai`.
    Series,
    /// A tag: `azure-openai`.
    Tag,
    /// One folder or file name of a report's path under `content/`: `2024`, `walmart`.
    Slug,
}

impl Name {
    /// Lowercase ASCII letters and digits, `-`, and `_` except in dataset ids.
    fn allows(self, c: char) -> bool {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (c == '_' && self != Name::Dataset)
    }

    /// Whether `text` is a name of this kind: allowed characters only, not empty; tags and slugs start
    /// with a letter or digit.
    pub(crate) fn is_valid(self, text: &str) -> bool {
        let starts_well = match self {
            Name::Tag | Name::Slug => text.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
            Name::Dataset | Name::Series => !text.is_empty(),
        };
        starts_well && text.chars().all(|c| self.allows(c))
    }

    /// The rule in words, for hints: "lowercase letters, digits, `-` and `_`".
    pub(crate) fn rule(self) -> &'static str {
        match self {
            Name::Dataset => "lowercase letters, digits and `-`",
            Name::Series | Name::Tag | Name::Slug => "lowercase letters, digits, `-` and `_`",
        }
    }

    /// A valid name close to `text`, for "rename it to …" hints: `Azure ACR` -> `azure-acr`.
    pub(crate) fn suggest(self, text: &str) -> String {
        let mapped: String = text.to_lowercase().chars().map(|c| if self.allows(c) { c } else { '-' }).collect();
        let parts: Vec<&str> = mapped.split('-').filter(|p| !p.is_empty()).collect();
        let joined = parts.join("-");
        let trimmed = joined.trim_start_matches(['_', '-']);
        if trimmed.is_empty() {
            self.example().to_owned()
        } else {
            trimmed.to_owned()
        }
    }

    /// A name of this kind, for hints.
    pub(crate) fn example(self) -> &'static str {
        match self {
            Name::Dataset => "my-dataset",
            Name::Series => "spend",
            Name::Tag => "azure-openai",
            Name::Slug => "my-report",
        }
    }
}

/// The id of a heading, from its text, so that sections can be linked (`#the-peak-in-2023`): letters
/// and digits of any script, lowercased, every run of other characters one `-`; `section` when nothing is
/// left.
pub(crate) fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "section".to_owned()
    } else {
        id.to_owned()
    }
}

/// An id a writer gives (a chart's `id=`), made safe for HTML: ASCII letters, digits, `_` and `-` kept,
/// any other character `-`; `fallback` when it is empty.
pub(crate) fn html_id(text: &str, fallback: &str) -> String {
    let id: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' }).collect();
    if id.is_empty() {
        fallback.to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_per_kind() {
        assert!(Name::Dataset.is_valid("walmart-azure") && !Name::Dataset.is_valid("walmart_azure"));
        assert!(Name::Series.is_valid("azure_openai") && !Name::Series.is_valid("Azure"));
        assert!(Name::Tag.is_valid("2024") && !Name::Tag.is_valid("-x") && !Name::Tag.is_valid(""));
        assert_eq!(Name::Dataset.suggest("Bad_Id"), "bad-id");
        assert_eq!(Name::Series.suggest("Azure ACR"), "azure-acr");
        assert_eq!(Name::Slug.suggest("My Report!"), "my-report");
        assert_eq!(Name::Slug.suggest("???"), "my-report");
        assert_eq!(Name::Tag.suggest("_-x"), "x");
        assert!(Name::Series.is_valid("_total") && Name::Dataset.is_valid("-x"));
    }

    #[test]
    fn heading_ids_keep_letters_of_any_script_and_given_ids_stay_as_written() {
        assert_eq!(heading_id("The peak, in 2023"), "the-peak-in-2023");
        assert_eq!(heading_id("Größte Ausgaben"), "größte-ausgaben");
        assert_eq!(heading_id("cost_per_unit"), "cost-per-unit");
        assert_eq!(heading_id("!!"), "section");
        assert_eq!(html_id("chart_2", "chart"), "chart_2");
        assert_eq!(html_id("My chart!", "chart"), "My-chart-");
        assert_eq!(html_id("", "chart"), "chart");
    }
}
