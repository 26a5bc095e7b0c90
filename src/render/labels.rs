//! The words the default templates use, per language.

use serde::Serialize;

use crate::dataset::Status;
use crate::figures::format;
use crate::lang::Lang;

/// Interface text for one language; templates read it as `labels.*`.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct Labels {
    pub lang: &'static str,
    pub reports: &'static str,
    pub datasets: &'static str,
    pub tags: &'static str,
    pub tagged: &'static str,
    pub home: &'static str,
    pub sources: &'static str,
    pub notes: &'static str,
    pub period: &'static str,
    pub value: &'static str,
    pub status: &'static str,
    pub note: &'static str,
    pub total: &'static str,
    pub peak: &'static str,
    pub mean: &'static str,
    pub values: &'static str,
    pub downloads: &'static str,
    /// The summary of the embed code under a chart.
    pub embed: &'static str,
    /// Above the embed code.
    pub embed_hint: &'static str,
    /// The link to a chart's page of its own.
    pub chart_alone: &'static str,
    /// Before the link from an embedded chart to its report: `From`.
    pub from: &'static str,
    pub used_in: &'static str,
    pub not_used: &'static str,
    pub claims: &'static str,
    pub claims_checked: &'static str,
    pub claim_checked: &'static str,
    pub says: &'static str,
    /// The summary of a claim's collapsed expression.
    pub expression: &'static str,
    /// Before the links to a report's other languages: `Also in`.
    pub also_in: &'static str,
    /// The label of the language switch's navigation.
    pub languages: &'static str,
    pub computed: &'static str,
    pub how_computed: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub published: &'static str,
    pub feed: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub status_note: &'static str,
    pub reported: &'static str,
    pub estimated: &'static str,
    pub illustrative: &'static str,
    pub unit_note: &'static str,
    pub generated: &'static str,
    pub pages: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub page_of: [&'static str; 2],
    pub all_datasets: &'static str,
    pub older_reports: &'static str,
    pub updates: &'static str,
    pub revisions: &'static str,
    /// The datasets index's column heads.
    pub dataset: &'static str,
    pub coverage: &'static str,
    /// `monthly`, `quarterly`.
    pub monthly: &'static str,
    pub quarterly: &'static str,
    /// A count of reports: one, several.
    pub report_count: [&'static str; 2],
    pub search: SearchLabels,
}

/// The search page's words. `{n}` (how many reports match) and `{shown}` are filled in by `search.js`.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct SearchLabels {
    /// The page's title and its link in the navigation.
    pub title: &'static str,
    /// The search field's label.
    pub label: &'static str,
    /// Under the field: what is searched and how words match.
    pub hint: &'static str,
    /// Shown without JavaScript.
    pub needs_script: &'static str,
    /// The link to the lists of every report, shown with or without JavaScript.
    pub browse: &'static str,
    pub none: &'static str,
    pub one: &'static str,
    pub many: &'static str,
    /// More matches than the page shows.
    pub first: &'static str,
}

impl Labels {
    pub(super) fn for_lang(lang: Lang) -> &'static Labels {
        match lang {
            Lang::En => &EN,
            Lang::De => &DE,
        }
    }

    /// The word for a value's status.
    pub(super) fn status_word(&self, status: Status) -> &'static str {
        match status {
            Status::Reported => self.reported,
            Status::Estimated => self.estimated,
            Status::Illustrative => self.illustrative,
        }
    }
}

static EN: Labels = Labels {
    lang: "en",
    reports: "Reports",
    datasets: "Datasets",
    tags: "Tags",
    tagged: "Reports tagged",
    home: "Home",
    sources: "Sources",
    notes: "Notes",
    period: "Period",
    value: "Value",
    status: "Status",
    note: "Note",
    total: "Total",
    peak: "Peak",
    mean: "Mean",
    values: "Values",
    downloads: "Downloads",
    embed: "Embed this chart",
    embed_hint: "Copy this code into your page. The chart fits any column from 280 px wide up, in light and dark mode.",
    chart_alone: "the chart on its own",
    from: "From",
    used_in: "Used in",
    not_used: "No report uses this dataset yet.",
    claims: "Checked claims",
    claims_checked: "figures checked against the data",
    claim_checked: "figure checked against the data",
    says: "Quoted",
    expression: "Expression",
    also_in: "Also in",
    languages: "Languages",
    computed: "From the data",
    how_computed: "How the figures on this page were computed",
    previous: "Previous",
    next: "Next",
    published: "Published",
    feed: "Atom feed",
    not_found: "Page not found",
    not_found_text: "There is no page at this address. Start again from the home page.",
    status_note: "Values marked estimated or illustrative were not published as such; the dataset's notes say how they were obtained.",
    reported: format::status_name(Status::Reported, Lang::En),
    estimated: format::status_name(Status::Estimated, Lang::En),
    illustrative: format::status_name(Status::Illustrative, Lang::En),
    unit_note: "Values in",
    dataset: "Dataset",
    coverage: "Coverage",
    monthly: "monthly",
    quarterly: "quarterly",
    report_count: ["report", "reports"],
    search: SearchLabels {
        title: "Search",
        label: "Search the reports",
        hint: "Every word must appear in a report's title, summary, tags or datasets; case and accents do not matter.",
        needs_script: "Search runs in the browser and needs JavaScript, which is off here.",
        browse: "Browse every report, newest first",
        none: "No report matches every word.",
        one: "1 report matches.",
        many: "{n} reports match.",
        first: "{n} reports match; the first {shown} are shown. Another word narrows the search.",
    },
    generated: "Made with spendsite",
    pages: "Pages",
    newer: "← Newer",
    older: "Older →",
    page_of: ["Page", "of"],
    all_datasets: "All datasets",
    older_reports: "Older reports",
    updates: "Updates and corrections",
    revisions: "Revisions",
};

static DE: Labels = Labels {
    lang: "de",
    reports: "Berichte",
    datasets: "Datensätze",
    tags: "Schlagwörter",
    tagged: "Berichte zum Schlagwort",
    home: "Startseite",
    sources: "Quellen",
    notes: "Anmerkungen",
    period: "Zeitraum",
    value: "Wert",
    status: "Status",
    note: "Hinweis",
    total: "Summe",
    peak: "Höchstwert",
    mean: "Mittelwert",
    values: "Werte",
    downloads: "Downloads",
    embed: "Diese Grafik einbetten",
    embed_hint: "Kopieren Sie diesen Code in Ihre Seite. Die Grafik passt in jede Spalte ab 280 px Breite, hell wie dunkel.",
    chart_alone: "die Grafik einzeln",
    from: "Aus",
    used_in: "Verwendet in",
    not_used: "Noch kein Bericht verwendet diesen Datensatz.",
    claims: "Geprüfte Angaben",
    claims_checked: "Zahlen mit den Daten abgeglichen",
    claim_checked: "Zahl mit den Daten abgeglichen",
    says: "Zitiert",
    expression: "Ausdruck",
    also_in: "Auch auf",
    languages: "Sprachen",
    computed: "Aus den Daten",
    how_computed: "Wie die Zahlen dieser Seite berechnet wurden",
    previous: "Vorheriger",
    next: "Nächster",
    published: "Veröffentlicht",
    feed: "Atom-Feed",
    not_found: "Seite nicht gefunden",
    not_found_text: "Unter dieser Adresse gibt es keine Seite. Weiter geht es auf der Startseite.",
    status_note: "Als geschätzt oder illustrativ markierte Werte wurden so nicht veröffentlicht; die Anmerkungen des Datensatzes erklären, wie sie entstanden.",
    reported: format::status_name(Status::Reported, Lang::De),
    estimated: format::status_name(Status::Estimated, Lang::De),
    illustrative: format::status_name(Status::Illustrative, Lang::De),
    unit_note: "Werte in",
    dataset: "Datensatz",
    coverage: "Zeitraum",
    monthly: "monatlich",
    quarterly: "vierteljährlich",
    report_count: ["Bericht", "Berichte"],
    search: SearchLabels {
        title: "Suche",
        label: "Berichte durchsuchen",
        hint: "Jedes Wort muss in Titel, Zusammenfassung, Schlagwörtern oder Datensätzen eines Berichts vorkommen; Groß- und Kleinschreibung und Akzente zählen nicht.",
        needs_script: "Die Suche läuft im Browser und braucht JavaScript, das hier ausgeschaltet ist.",
        browse: "Alle Berichte, die neuesten zuerst",
        none: "Kein Bericht enthält alle Wörter.",
        one: "1 Bericht gefunden.",
        many: "{n} Berichte gefunden.",
        first: "{n} Berichte gefunden; die ersten {shown} werden gezeigt. Ein weiteres Wort grenzt die Suche ein.",
    },
    generated: "Erstellt mit spendsite",
    pages: "Seiten",
    newer: "← Neuere",
    older: "Ältere →",
    page_of: ["Seite", "von"],
    all_datasets: "Alle Datensätze",
    older_reports: "Ältere Berichte",
    updates: "Aktualisierungen und Korrekturen",
    revisions: "Überarbeitungen",
};
