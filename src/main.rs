fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(oauth2spec::cli::main())
}
