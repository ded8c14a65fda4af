//! Fuzz target `settings`: see greenlight_rules::fuzzing::settings.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    greenlight_rules::fuzzing::settings(data);
});
