//! The page's entry point: Trunk builds this binary to wasm and calls `main`.

fn main() {
    yew::Renderer::<playground::App>::new().render();
}
