//! The Tera environment: default templates built into the binary, overridden by the project's
//! `templates/` folder file by file.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::expr::{prepare_template, read_tera_error, Budget, TemplateText};
use crate::fs::Input;
use crate::layout::Folder;

/// The defaults, by the name a project uses to override them.
pub(super) const DEFAULTS: [(&str, &str); 14] = [
    ("base.html", include_str!("templates/base.html")),
    ("card.html", include_str!("templates/card.html")),
    ("pager.html", include_str!("templates/pager.html")),
    ("index.html", include_str!("templates/index.html")),
    ("archive.html", include_str!("templates/archive.html")),
    ("datasets.html", include_str!("templates/datasets.html")),
    ("report.html", include_str!("templates/report.html")),
    ("dataset.html", include_str!("templates/dataset.html")),
    ("embed.html", include_str!("templates/embed.html")),
    ("tag.html", include_str!("templates/tag.html")),
    ("404.html", include_str!("templates/404.html")),
    ("search.html", include_str!("templates/search.html")),
    ("style.css", include_str!("templates/style.css")),
    ("search.js", include_str!("templates/search.js")),
];

/// The loaded templates and where each came from, for error messages.
pub(crate) struct Templates {
    tera: Tera,
    /// Template names that the project overrides, with their files.
    overrides: Vec<(String, PathBuf, String)>,
    /// Each template as Tera has it, with its loops bounded, by name.
    loaded: Vec<(String, TemplateText)>,
    /// Copies of `tera` that no render is using.
    pool: Mutex<Vec<Tera>>,
    /// Of the overridden page templates: pages rendered with other templates are not reused.
    pub(crate) fingerprint: u64,
}

impl Templates {
    /// Loads the defaults and the project's `templates/*.html|css|js` over them (`files`, each with its
    /// path from the project root, as read).
    pub(crate) fn load(files: &[(&Path, &Input)]) -> Result<Templates, Diagnostics> {
        let mut overrides = Vec::new();
        let mut errors = Diagnostics::new();
        for &(rel, input) in files {
            let name = rel.strip_prefix(Folder::Templates.path()).unwrap_or(rel).to_string_lossy().replace('\\', "/");
            match &input.text {
                Ok(text) => overrides.push((name, rel.to_owned(), text.to_string())),
                Err(diag) => errors.push(diag.clone()),
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        // Of the page templates only: a stylesheet or script is copied as it is, into no page.
        let pages: Vec<&(String, PathBuf, String)> =
            overrides.iter().filter(|(n, _, _)| n.ends_with(".html")).collect();
        let fingerprint = crate::fs::fingerprint(&pages);
        let mut templates =
            Templates { tera: Tera::new(), overrides, loaded: Vec::new(), pool: Mutex::default(), fingerprint };
        templates.tera.autoescape_on(vec![".html"]);
        templates.tera.set_escape_fn(crate::markup::tera_escape);
        // Tera looks filters up when it parses a template; each render registers its own budget's.
        Budget::start(&mut templates.tera);
        // Stylesheets and scripts are copied as they are, never parsed as templates.
        let sources: Vec<(String, String)> = DEFAULTS
            .iter()
            .filter(|(name, _)| name.ends_with(".html"))
            .filter(|(name, _)| !templates.overrides.iter().any(|(n, _, _)| n == name))
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .chain(
                templates
                    .overrides
                    .iter()
                    .filter(|(n, _, _)| n.ends_with(".html"))
                    .map(|(n, _, t)| (n.clone(), t.clone())),
            )
            .collect();
        templates.loaded = sources.iter().map(|(name, text)| (name.clone(), prepare_template(text))).collect();
        let bounded = templates.loaded.iter().map(|(name, t)| (name.clone(), t.text.clone()));
        if let Err(error) = templates.tera.add_raw_templates(bounded) {
            // The rewrite would show in a syntax error: report the one of the writer's own text.
            let mut bare = Tera::new();
            let error = match bare.add_raw_templates(sources) {
                Ok(()) => templates.error(&error),
                Err(own) => {
                    templates.loaded.clear();
                    templates.error(&own)
                }
            };
            return Err(error.into());
        }
        Ok(templates)
    }

    /// Renders template `name` with `view` as its context.
    pub(crate) fn render(&self, name: &str, view: &impl Serialize) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(view).map_err(|e| self.error(&e))?;
        // A copy of the instance to itself, so that its loops count against a budget of its own.
        let spare = self.pool.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut tera = spare.unwrap_or_else(|| self.tera.clone());
        let _budget = Budget::start(&mut tera);
        let rendered = tera.render(name, &context).map_err(|e| self.error(&e));
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).push(tera);
        rendered
    }

    /// The text of a template that is copied, not rendered (`style.css`, `search.js`).
    pub(crate) fn raw(&self, name: &str) -> String {
        self.overrides
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, text)| text.clone())
            .or_else(|| DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, t)| t.to_string()))
            .unwrap_or_default()
    }

    /// A Tera error as a diagnostic at the template file's line and column.
    fn error(&self, error: &tera::Error) -> Diagnostic {
        let Some(problem) = read_tera_error(error).into_iter().next() else {
            return Diagnostic::error(Folder::Templates.path(), error.to_string());
        };
        let Some(name) = problem.template.as_deref() else {
            return Diagnostic::error(Folder::Templates.path(), problem.message);
        };
        let (path, source) = match self.overrides.iter().find(|(n, _, _)| n == name) {
            Some((_, path, text)) => (path.clone(), text.clone()),
            None => (
                PathBuf::from(format!("(built-in template) {name}")),
                DEFAULTS.iter().find(|(n, _)| *n == name).map_or(String::new(), |(_, t)| t.to_string()),
            ),
        };
        let (line, col) = problem.at.unwrap_or((0, 0));
        let (line, col, width) = match self.loaded.iter().find(|(n, _)| n == name) {
            Some((_, text)) if line > 0 => text.original(line, col, problem.width),
            _ => (line, col, problem.width),
        };
        Diagnostic::error(path, problem.message).placed(&source, Pos { line, col, width })
    }
}
