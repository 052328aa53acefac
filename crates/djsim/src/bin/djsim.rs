//! The `djsim` command line (see ../shared/spec/djsim-cli.md).
fn main() {
    eprintln!("djsim: not yet implemented");
    std::process::exit(1);
}
