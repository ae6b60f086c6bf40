import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM (Ctrl-C, `kill`, a container stop) and returns the signal number.
func waitForTerminationSignal() async -> Int32 {
    await withCheckedContinuation { continuation in
        let queue = DispatchQueue(label: "govpush.signals")
        nonisolated(unsafe) var sources: [DispatchSourceSignal] = []
        nonisolated(unsafe) var resumed = false
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                guard !resumed else { return }
                resumed = true
                sources.forEach { $0.cancel() }
                continuation.resume(returning: number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
