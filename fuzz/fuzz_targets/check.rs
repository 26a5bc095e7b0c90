//! Fuzz target `check`: see fuzz/README.md and `spendsite::fuzzing::check`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| spendsite::fuzzing::check(bytes));
