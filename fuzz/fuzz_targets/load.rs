//! The whole loader on any bytes as a one-file dataset: the one-pass and careful readings agree,
//! every message renders inside the file.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    diplograph_loader::fuzzing::whole_file(bytes);
});
