//! The bound on the work of one render: every loop of a page's text or of a template counts its items
//! against one budget, so that loops inside loops (`range(end=100000)` twice) end with an error instead
//! of running for hours. Tera has no hook for this; the loop's container goes through a filter instead,
//! `{% for x in (items) | __loop %}` (see `text`), which counts it each time the loop starts.
//!
//! A render's budget is its own: the filter is registered anew for each render, counting into a
//! [`Budget`] that only that render holds, with the Tera instance the render has to itself (a text's
//! own instance, or one of a pool of copies of the templates' instance, see `render::templates`). So
//! the count is right whichever thread runs the render, inside includes and components too.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

/// The filter each loop's container goes through.
pub(crate) const LOOP: &str = "__loop";

/// How many times the loops of one render may run in all (docs/templates.md).
pub(crate) const MAX_ITERATIONS: usize = 1_000_000;

/// What the loops of one render have spent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Budget(Arc<AtomicUsize>);

impl Budget {
    /// A new budget for the next render with `tera`: its loops count against this one from now on.
    pub(crate) fn start(tera: &mut Tera) -> Budget {
        let budget = Budget::default();
        let spent = budget.clone();
        tera.register_filter(LOOP, move |value: &Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
            spent.count(value.len().unwrap_or(0))?;
            Ok(value.clone())
        });
        budget
    }

    /// Whether the render stopped because its loops ran out of budget: then the rest of its text is not
    /// checked further (what follows the loop would only fail because of it).
    pub(crate) fn exceeded(&self) -> bool {
        self.0.load(Ordering::Relaxed) > MAX_ITERATIONS
    }

    /// Counts a loop of `items` against this budget.
    fn count(&self, items: usize) -> tera::TeraResult<()> {
        let before = self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| Some(n.saturating_add(items)));
        let total = before.unwrap_or_default().saturating_add(items);
        if total > MAX_ITERATIONS {
            let group = |n: usize| crate::figures::format::number(n.into(), Some(0), crate::lang::Lang::En);
            return Err(tera::Error::message(format!(
                "the loops of this page would run more than {} times in all ({} with this one); loop over \
                 fewer items, or compute the figure with a function",
                group(MAX_ITERATIONS),
                group(total)
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two renders, each with its own copy of one instance, run one inside the other as work stealing
    /// can run them: each counts against its own budget.
    #[test]
    fn each_render_counts_against_its_own_budget() {
        let mut base = Tera::new();
        // Tera looks filters up when it parses a template.
        Budget::start(&mut base);
        base.add_raw_template(
            "big",
            "{% for i in range(end=100000) | __loop %}{% for j in range(end=5) | __loop %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let (mut a, mut b) = (base.clone(), base.clone());
        let (first, second) = (Budget::start(&mut a), Budget::start(&mut b));
        let context = tera::Context::new();
        assert!(a.render("big", &context).is_ok());
        assert!(b.render("big", &context).is_ok(), "the other render's loops do not count against this one");
        assert!(!first.exceeded() && !second.exceeded());
        let error = a.render("big", &context).unwrap_err();
        assert!(format!("{error:?}").contains("more than 1,000,000 times in all (1,000,005 with this one)"));
        assert!(first.exceeded() && !second.exceeded());
        let third = Budget::start(&mut a);
        assert!(a.render("big", &context).is_ok() && !third.exceeded(), "the next render starts afresh");
    }
}
