//! schema.graphql must equal what `bangui schema` prints.

#[test]
fn schema_file_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let generated = bangui_api::graphql::sdl();
    assert!(
        on_disk == generated,
        "schema.graphql is stale: run `cargo run -q --bin bangui -- schema > schema.graphql`"
    );
}
