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

/// `1234567` as the docs write it: `1,234,567`.
fn written(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_docs_give_the_limits_the_code_has() {
    use bangui_api::graphql::limits::{MAX_ALIASES, MAX_FRAGMENT_NESTING};
    use bangui_api::graphql::{MAX_COMPLEXITY, MAX_DEPTH, MAX_DIRECTIVES, MAX_RECURSIVE_DEPTH};
    let read = |name: &str| {
        std::fs::read_to_string(format!("{}/../Docs/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (api, architecture, operations) = (
        read("API.md"),
        read("Architecture.md"),
        read("Operations.md"),
    );
    let complexity = written(MAX_COMPLEXITY);
    for (doc, text, phrase) in [
        ("API.md", &api, format!("limited to depth {MAX_DEPTH}")),
        (
            "API.md",
            &api,
            format!("complexity {complexity}, {MAX_ALIASES} aliases"),
        ),
        (
            "Architecture.md",
            &architecture,
            format!(
                "held to a depth of {MAX_DEPTH}, a complexity of {complexity}, {MAX_ALIASES} aliases, {MAX_DIRECTIVES} directives per field"
            ),
        ),
        (
            "Operations.md",
            &operations,
            format!("| {MAX_DEPTH}; {MAX_FRAGMENT_NESTING}; {MAX_RECURSIVE_DEPTH} |"),
        ),
        (
            "Operations.md",
            &operations,
            format!("| {complexity}; {MAX_DIRECTIVES} |"),
        ),
    ] {
        assert!(text.contains(&phrase), "Docs/{doc} should say {phrase:?}");
    }
}
