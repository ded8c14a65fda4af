//! Fuzz target `manifests`: see greenlight_rules::fuzzing::manifests.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    greenlight_rules::fuzzing::manifests(data);
});
