//! One integration-test binary: each module tests one part of spendsite the way a user meets it.

mod support;

mod charts;
