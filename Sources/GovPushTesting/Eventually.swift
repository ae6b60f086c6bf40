/// Polls `condition` until it holds or `timeout` passes: a bounded wait for tests, never a bare sleep.
public func eventually(
    timeout: Duration = .seconds(20),
    every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}
