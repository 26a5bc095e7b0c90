//! Reading Tera's errors. Syntax and rendering errors come with a span; unknown functions, filters and
//! tests are found when a template is compiled and come only as text, one report per name:
//!
//! ```text
//! error: Unknown function `summ`
//!  --> __tera_one_off:2:10
//!   |
//! 2 | x {{ summ() }}
//!   |          ^^^^
//! ```
//!
//! [`read`] is the one function that looks at that text; its tests pin each shape it handles.

/// One problem Tera reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TeraProblem {
    /// Tera's message, without its trailing full stop.
    pub(crate) message: String,
    /// The template it is in, when Tera says.
    pub(crate) template: Option<String>,
    /// 1-based line and column in the rendered text, when Tera says.
    pub(crate) at: Option<(usize, usize)>,
    /// How many characters it covers (at least one).
    pub(crate) width: usize,
    pub(crate) kind: TeraKind,
}

/// The problems spendsite explains further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TeraKind {
    /// The template does not parse.
    Syntax,
    /// An error while rendering, including every error a spendsite function returns.
    Template,
    UnknownFunction(String),
    UnknownFilter(String),
    UnknownTest(String),
    Other,
}

/// Every problem in `error`, in the order Tera gives them.
pub(crate) fn read(error: &tera::Error) -> Vec<TeraProblem> {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let kind = match error.kind() {
                ErrorKind::SyntaxError(_) => TeraKind::Syntax,
                _ => TeraKind::Template,
            };
            let span = report.span();
            let width = if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
            vec![TeraProblem {
                message: report.message().trim_end_matches('.').to_owned(),
                template: Some(report.filename().to_owned()).filter(|f| !f.is_empty()),
                at: Some((span.start_line.max(1), span.start_col + 1)),
                width: width.max(1),
                kind,
            }]
        }
        ErrorKind::Msg(text) if text.starts_with("error: ") => text.split("\n\nerror: ").map(read_report).collect(),
        _ => {
            let text = error.to_string();
            let message = text.lines().next().unwrap_or(&text).trim_end_matches('.').to_owned();
            vec![TeraProblem { message, template: None, at: None, width: 1, kind: TeraKind::Other }]
        }
    }
}

/// One report of the form shown in the module's docs.
fn read_report(text: &str) -> TeraProblem {
    let message = text.lines().next().unwrap_or(text).trim_start_matches("error: ").trim_end_matches('.').to_owned();
    let place = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|loc| {
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next()?.trim().parse().ok()?;
        let line = parts.next()?.trim().parse().ok()?;
        Some((parts.next()?.to_owned(), (line, col)))
    });
    let width = text.lines().last().map_or(1, |l| l.matches('^').count()).max(1);
    let name = |prefix: &str| message.strip_prefix(prefix).and_then(|r| r.split('`').next()).map(str::to_owned);
    let kind = if let Some(n) = name("Unknown function `") {
        TeraKind::UnknownFunction(n)
    } else if let Some(n) = name("Unknown filter `") {
        TeraKind::UnknownFilter(n)
    } else if let Some(n) = name("Unknown test `") {
        TeraKind::UnknownTest(n)
    } else {
        TeraKind::Other
    };
    let (template, at) = place.map_or((None, None), |(t, at)| (Some(t), Some(at)));
    TeraProblem { message, template, at, width, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(template: &str) -> Vec<TeraProblem> {
        let tera = tera::Tera::new();
        read(&tera.render_str(template, &tera::Context::new(), false).unwrap_err())
    }

    #[test]
    fn unknown_functions_filters_and_tests_with_their_places() {
        let got = problems("a\nx {{ summ() }} {{ 1 | mony }}\n{% if 1 is evn %}{% endif %}");
        let want = [
            ("Unknown filter `mony`", (2, 23), 4, TeraKind::UnknownFilter("mony".into())),
            ("Unknown test `evn`", (3, 12), 3, TeraKind::UnknownTest("evn".into())),
            ("Unknown function `summ`", (2, 6), 6, TeraKind::UnknownFunction("summ".into())),
        ];
        let got: Vec<_> = got.into_iter().map(|p| (p.message, p.at.unwrap(), p.width, p.kind)).collect();
        let want: Vec<_> = want.into_iter().map(|(m, at, w, k)| (m.to_owned(), at, w, k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn syntax_and_rendering_errors_come_with_their_span() {
        let p = &problems("x\n{{ sum(data=\"a\" }}")[0];
        assert_eq!(
            (p.message.as_str(), p.at, &p.kind),
            ("Found `}}` but expected ,", Some((2, 17)), &TeraKind::Syntax)
        );
        let p = &problems("{{ nope }}")[0];
        assert!(p.message.starts_with("Variable `nope` is not defined"), "{}", p.message);
        assert_eq!(p.at, Some((1, 4)));
        assert_eq!(p.width, 4);
    }

    #[test]
    fn other_errors_are_their_first_line() {
        let p = &read(&tera::Error::message("Template 'x' not found"))[0];
        assert_eq!((p.message.as_str(), p.at, &p.kind), ("Template 'x' not found", None, &TeraKind::Other));
    }
}
