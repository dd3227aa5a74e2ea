//! The `nines` binary: all the work is in the library; this maps it to an exit code.

fn main() {
    std::process::exit(nines::cli::main());
}
