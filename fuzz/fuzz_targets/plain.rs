//! The plain reader on any text and on every entry outlined in it: whatever it reads, ron reads
//! the same and stops at the same byte.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    diplograph_loader::fuzzing::plain_reader(text);
});
