//! The lexer and the outline on any text: tokens cover it in order, every range found lies
//! inside it on character boundaries, lone carriage returns are all found.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    diplograph_syntax::fuzzing::lexer_and_outline(text);
    diplograph_syntax::fuzzing::line_endings(text);
});
