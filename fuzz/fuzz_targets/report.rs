//! Fuzz target `report`: see fuzz/README.md and `spendsite::fuzzing::report`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| spendsite::fuzzing::report(bytes));
