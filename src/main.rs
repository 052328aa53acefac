//! The page's entry point: Trunk builds this binary to wasm and calls `main`.

fn main() {
    playground::startup::mark(playground::startup::MAIN);
    if playground::bench::start() {
        return; // `?bench`: the benchmark page instead
    }
    let props = playground::AppProps { storage_key: Some(playground::persist::STORAGE_KEY.into()) };
    yew::Renderer::<playground::App>::with_props(props).render();
}
