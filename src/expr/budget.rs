//! The bound on the work of one render: every loop of a page's text or of a template counts its items
//! against one budget, so that loops inside loops (`range(end=100000)` twice) end with an error instead
//! of running for hours. Tera has no hook for this; the loop's container goes through a filter instead,
//! `{% for x in (items) | __loop %}` (see `text`), which counts it each time the loop starts.
//!
//! The count is per thread: a render runs on one thread from start to end, and [`start`] begins a new
//! count before each one.

use std::cell::Cell;

use tera::{Kwargs, State, Tera, Value};

/// The filter each loop's container goes through.
pub(crate) const LOOP: &str = "__loop";

/// How many times the loops of one render may run in all (docs/templates.md).
pub(crate) const MAX_ITERATIONS: usize = 1_000_000;

thread_local! {
    static SPENT: Cell<usize> = const { Cell::new(0) };
}

/// Begins the count of a new render on this thread.
pub(crate) fn start() {
    SPENT.with(|spent| spent.set(0));
}

/// Whether the render that just ended on this thread stopped because its loops ran out of budget: then
/// the rest of its text is not checked further (what follows the loop would only fail because of it).
pub(crate) fn exceeded() -> bool {
    SPENT.with(|spent| spent.get() > MAX_ITERATIONS)
}

/// Registers [`LOOP`] with `tera`.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter(LOOP, |value: &Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
        count(value.len().unwrap_or(0))?;
        Ok(value.clone())
    });
}

/// Counts a loop of `items` against this render's budget.
fn count(items: usize) -> tera::TeraResult<()> {
    let total = SPENT.with(|spent| {
        let total = spent.get().saturating_add(items);
        spent.set(total);
        total
    });
    let group = |n: usize| crate::figures::format::number(n.into(), Some(0), crate::figures::format::Lang::En);
    if total > MAX_ITERATIONS {
        return Err(tera::Error::message(format!(
            "the loops of this page would run more than {} times in all ({} with this one); loop over \
             fewer items, or compute the figure with a function",
            group(MAX_ITERATIONS),
            group(total)
        )));
    }
    Ok(())
}
