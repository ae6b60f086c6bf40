/// Polls `condition` until it holds or `timeout` passes: a bounded wait for tests, never a bare sleep.
public func eventually(
    timeout: Duration = .seconds(60),  // generous: a 2-core CI machine running the whole suite is slow, not broken
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
