//! The edit engine: an assignment to one entry of any text (the first bytes choose the entry,
//! the field, the operation and the value) keeps every byte outside that entry.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: (u16, u8, u8, String, &str)| {
    let (entry, field, op, value, text) = input;
    diplograph_edit::fuzzing::assignment(text, usize::from(entry), usize::from(field), op, &value);
});
