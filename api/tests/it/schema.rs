//! The generated files must equal what `bangui` prints: schema.graphql
//! (`bangui schema`) and the web's error codes (`bangui error-codes`).

/// Fails with a unified diff from the file on disk to what it should hold.
fn assert_current(relative: &str, generated: &str, command: &str) {
    let path = format!("{}/../{relative}", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != generated {
        let diff = similar::TextDiff::from_lines(on_disk.as_str(), generated)
            .unified_diff()
            .header(relative, "generated")
            .to_string();
        panic!("{relative} is stale: run `{command}` (or `make schema`)\n{diff}");
    }
}

#[test]
fn schema_file_is_current() {
    assert_current(
        "schema.graphql",
        &bangui_api::graphql::sdl(),
        "cargo run -q --bin bangui -- schema > schema.graphql",
    );
}

#[test]
fn web_error_codes_are_current() {
    assert_current(
        "web/src/api/errorCodes.ts",
        &bangui_api::graphql::error::typescript(),
        "cargo run -q --bin bangui -- error-codes > web/src/api/errorCodes.ts",
    );
}
