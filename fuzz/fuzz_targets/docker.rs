//! Fuzz target `docker`: see greenlight_rules::fuzzing::docker.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    greenlight_rules::fuzzing::docker(data);
});
