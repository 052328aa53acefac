//! The page's entry point: Trunk builds this binary to wasm and calls `main`.

fn main() {
    playground::startup::mark(playground::startup::MAIN);
    // The benchmark build only (dist-bench/, `--features bench`): `?bench` opens the
    // benchmark page instead. The release page leaves its code out (about 11 kB gzip).
    #[cfg(feature = "bench")]
    if playground::bench::start() {
        return;
    }
    let props = playground::AppProps { storage_key: Some(playground::persist::STORAGE_KEY.into()) };
    yew::Renderer::<playground::App>::with_props(props).render();
}
