//! Rebuilds the binary when the dashboard in `web/dist` changes: the release
//! binary embeds it, and cargo watches only what it is told of.

fn main() {
    let dist = std::path::Path::new("../web/dist");
    // A path that does not exist would make every build run this script and
    // compile the crate again; an empty folder is watched like a full one.
    if !dist.exists()
        && let Err(e) = std::fs::create_dir_all(dist)
    {
        println!("cargo::warning=cannot create {}: {e}", dist.display());
    }
    println!("cargo::rerun-if-changed=../web/dist");
}
