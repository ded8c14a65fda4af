//! Replays every input the fuzzer once crashed on (`fuzz/regressions/<target>/`)
//! through the same entry point the fuzz target calls, on a thread with the
//! 8 MiB stack libFuzzer's main thread has. Runs on stable, in the normal suite.

use std::path::Path;

use greenlight_rules::fuzzing;

#[test]
fn fuzz_regressions_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut replayed = 0;
    for target in fuzzing::TARGETS {
        let dir = root.join(target);
        assert!(dir.is_dir(), "{} is missing: every fuzz target keeps its crashers there", dir.display());
        let mut inputs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        inputs.sort();
        for input in inputs {
            if input.file_name().is_some_and(|n| n == "README.md" || n == ".gitkeep") {
                continue;
            }
            let data = std::fs::read(&input).unwrap();
            let name = target.to_string();
            let outcome = std::thread::Builder::new()
                .stack_size(8 * 1024 * 1024)
                .spawn(move || fuzzing::run(&name, &data))
                .unwrap()
                .join();
            assert!(matches!(outcome, Ok(true)), "{} crashed {target}", input.display());
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} fuzz regression inputs");
}

#[test]
fn every_fuzz_target_has_an_entry_point() {
    let targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    for entry in std::fs::read_dir(targets).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        assert!(fuzzing::TARGETS.contains(&name.as_str()), "fuzz target {name} is not in fuzzing::TARGETS");
        assert!(fuzzing::run(&name, b""), "{name}");
    }
    assert!(!fuzzing::run("no-such-target", b""));
}
