import Foundation
import Glibc

/// Wall-clock and CPU time of one benchmark phase, from when it is started. The embedded cluster runs in
/// this process, so the CPU time counts the brokers' work as well as the clients' and the store's: on a
/// machine whose cores are all busy, CPU time per message shows where a ratio's ceiling is.
struct PhaseClock {
    struct Elapsed {
        let seconds: Double
        let cpuSeconds: Double

        /// Items per wall-clock second.
        func rate(_ items: Int) -> Double { Double(items) / seconds }
        /// CPU microseconds per item.
        func cpuMicroseconds(per items: Int) -> Double { items > 0 ? cpuSeconds * 1e6 / Double(items) : 0 }
    }

    private let wall: ContinuousClock.Instant
    private let cpu: Double

    static func start() -> PhaseClock { PhaseClock(wall: .now, cpu: processCPUSeconds()) }

    func elapsed() -> Elapsed { Elapsed(seconds: (ContinuousClock.now - wall).seconds, cpuSeconds: Self.processCPUSeconds() - cpu) }

    /// User + system time of every thread of the process.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
