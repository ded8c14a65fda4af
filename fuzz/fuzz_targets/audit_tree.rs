//! Fuzz target `audit_tree`: see greenlight_rules::fuzzing::audit_tree.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    greenlight_rules::fuzzing::audit_tree(data);
});
