import ArgumentParser

/// `--config FILE` for the commands that run GovPush's roles.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "Configuration file (JSON); GOVPUSH_* environment variables override it. See docs/configuration.md.")
    var config: String?

    func load() throws -> GovPushConfiguration {
        do { return try GovPushConfiguration.load(file: config) } catch let problem as GovPushConfiguration.Problem {
            throw ValidationError(problem.description)
        }
    }
}
