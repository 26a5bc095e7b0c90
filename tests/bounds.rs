//! Every input is bounded in time: loops in a report or a template, and a report full of failing
//! expressions, end with the expected errors (these tests would not end if they did not).

use crate::support::TestSite;

fn report(body: &str) -> String {
    format!("---\ntitle: Loops\ndate: 2024-06-01\n---\n{body}\n")
}

/// Each message with its place, in order.
fn errors(site: &TestSite) -> Vec<String> {
    site.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect()
}

/// The error of loops that ran out of budget at `total` iterations.
fn too_many(total: &str) -> String {
    format!(
        "the loops of this page would run more than 1,000,000 times in all ({total} with this one); loop over \
         fewer items, or compute the figure with a function"
    )
}

const TOO_MANY: &str =
    "the loops of this page would run more than 1,000,000 times in all (1,100,000 with this one); loop over fewer \
     items, or compute the figure with a function";

const UNCHECKED: &str = "the 2 tags after the last error were not checked; fix the errors above and check again";

#[test]
fn loops_inside_loops_end_with_an_error_at_the_loop_that_ran_out() {
    for (body, expected) in [
        (
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}",
            vec![format!("content/loops.md:5:45: {TOO_MANY}"), format!("content/loops.md:5: {UNCHECKED}")],
        ),
        (
            "{% set r = range(end=100000) %}\n{%- for i\n   in r -%}\n  {% for j in r %}{% endfor %}{% endfor %}",
            vec![format!("content/loops.md:8:15: {TOO_MANY}"), format!("content/loops.md:8: {UNCHECKED}")],
        ),
        (
            "{{ [[y for y in range(end=100000)] for x in range(end=100000)] | length }}",
            vec![format!("content/loops.md:5:17: {TOO_MANY}")],
        ),
        (
            "{% set s = [1, 2] %}{% for a in range(end=1000) %}{% for b in range(end=1000) %}{% for c in s %}\
             {% endfor %}{% endfor %}{% endfor %}",
            vec![
                format!("content/loops.md:5:63: {}", too_many("1,001,000")),
                "content/loops.md:5: the 4 tags after the last error were not checked; fix the errors above and \
                 check again"
                    .to_owned(),
            ],
        ),
    ] {
        let site = TestSite::copy_of("basic").with("content/loops.md", &report(body));
        assert_eq!(errors(&site), expected, "{body}");
    }
}

#[test]
fn loops_within_the_budget_and_list_comprehensions_work_as_tera_has_them() {
    let body = "A {% for i in range(end=3) %}{{ i }}{% endfor %} B {{ [x * 2 for x in [1, 2, 3] if x > 1] | join(sep=\",\") }} \
                C {% for k, v in {\"in\": \"for\"} %}{{ k }}={{ v }}{% endfor %} D {% if 2 in [1, 2] %}yes{% endif %}";
    let site = TestSite::copy_of("basic").with("content/loops.md", &report(body));
    site.build();
    let page = site.text("reports/loops.html");
    assert!(page.contains("<p>A 012 B 4,6 C in=for D yes</p>"), "{page}");
}

#[test]
fn a_template_whose_loops_would_never_end_fails_at_its_file_and_line_once() {
    let site = TestSite::copy_of("basic").with(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n{% endblock %}\n",
    );
    let found: Vec<String> = site.check_err().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found,
        [format!(
            "templates/report.html:3:47: error: {TOO_MANY}\n  |\n3 |   {{% for i in range(end=100000) %}}{{% for j in \
             range(end=100000) %}}{{% endfor %}}{{% endfor %}}\n  |                                               ^^^^^^^^^^^^^^^^^^\n"
        )]
    );
}

#[test]
fn template_errors_name_the_file_line_and_column() {
    for (template, expected) in [
        ("<p>\n{{ get_env(name=\"HOME\") }}</p>\n", "templates/report.html:2:4: Unknown function `get_env`"),
        (
            "{% extends \"base.html\" %}\n{% block content %}\n{{ foo( }}\n{% endblock %}",
            "templates/report.html:3:9: Found `}}` but expected identifier",
        ),
        (
            "{% extends \"base.html\" %}{% block content %}\n\n  {% for x in nope( %}{% endfor %}{% endblock %}",
            "templates/report.html:3:21: Found `%}` but expected identifier",
        ),
        (
            "{% extends \"base.html\" %}{% block content %}\n{% for x in [1] %}{{ x.y }}{% endfor %}{% endblock %}",
            "templates/report.html:2:24: Field `y` is not defined",
        ),
        ("x\n{% include \"nope.html\" %}", "templates/report.html:2:12: Unknown template `nope.html`"),
    ] {
        let site = TestSite::copy_of("basic").with("templates/report.html", template);
        let found = errors(&site);
        assert_eq!(found.len(), 1, "{template}: {found:?}");
        assert!(found[0].starts_with(expected), "{template}: {found:?}");
    }
}

/// 4,000 failing expressions in one report cost as much as the file is long: the first 50 are listed,
/// and a note says how many more there are.
#[test]
fn thousands_of_failing_expressions_list_the_first_fifty_and_count_the_rest() {
    let body: String = (0..4000).map(|i| format!("Value {{{{ sum(data=\"nope{i}\") | money }}}}.\n")).collect();
    let site = TestSite::copy_of("basic").with("content/many.md", &report(&body));
    let found = site.check_err();
    let mine: Vec<_> = found.iter().filter(|d| d.path.ends_with("many.md")).collect();
    assert_eq!(mine.len(), 51);
    assert_eq!(mine[0].location(), "content/many.md:5:10");
    assert!(mine[0].message.starts_with("unknown dataset `nope0`"), "{}", mine[0].message);
    assert_eq!(mine[49].location(), "content/many.md:54:10");
    assert_eq!(
        format!("{}: {}", mine[50].location(), mine[50].message),
        "content/many.md:54: 3950 more expressions fail after these; a file lists its first 50"
    );
    // With a `{% … %}` tag, the text is expanded again after each error: that stops at 50, or after a
    // megabyte of text expanded again (here, after 7 errors of 160 kB).
    let body = format!("{{% if true %}}x{{% endif %}}\n{body}");
    let site = TestSite::copy_of("basic").with("content/many.md", &report(&body));
    let found = site.check_err();
    let last = found.iter().rfind(|d| d.path.ends_with("many.md")).unwrap();
    assert_eq!(
        format!("{}: {}", last.location(), last.message),
        "content/many.md:12: the 3993 tags after the last error were not checked; fix the errors above and check again"
    );
}
