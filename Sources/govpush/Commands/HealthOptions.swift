import ArgumentParser

/// `--health-port` / `--health-host` of the worker roles; the configuration's `health.*` otherwise.
struct HealthOptions: ParsableArguments {
    @Option(help: "Serve /healthz and /readyz on this port (default: health.port / GOVPUSH_HEALTH_PORT; unset: no health server).")
    var healthPort: Int?
    @Option(help: "Address the health server binds (default: health.host / GOVPUSH_HEALTH_HOST, else 127.0.0.1; 0.0.0.0 in containers).")
    var healthHost: String?

    func validate() throws {
        if let healthPort, !(1...65_535).contains(healthPort) {
            throw ValidationError("--health-port must be 1-65535, got \(healthPort)")
        }
    }
}
