//! Fuzz target: `check_sweep_spec` of tests/common/fuzz_checks.rs on arbitrary UTF-8.
#![no_main]

#[path = "../../tests/common/fuzz_checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        checks::check_sweep_spec(text);
    }
});
