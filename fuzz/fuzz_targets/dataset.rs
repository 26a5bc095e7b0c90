//! Fuzz target `dataset`: see fuzz/README.md and `spendsite::fuzzing::dataset`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| spendsite::fuzzing::dataset(bytes));
