//! The formatter on any text: idempotent, every token but commas and every comment kept, what a
//! valid file means kept.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    diplograph_edit::fuzzing::formatter(text);
});
