//! Fuzz target `template`: see greenlight_rules::fuzzing::template.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    greenlight_rules::fuzzing::template(data);
});
