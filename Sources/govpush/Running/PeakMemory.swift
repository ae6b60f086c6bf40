import Foundation
import Glibc

/// The process's peak resident set size, for benchmark reports: since the process started, or since the
/// last `resetPeak()`, so a report can leave out a phase measured before it.
enum PeakMemory {
    static func residentBytes() -> Int {
        // VmHWM is the high-water mark `resetPeak()` lowers; getrusage's is for the process's whole life.
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") {
            return kilobytes * 1024
        }
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024  // Linux reports kilobytes
    }

    /// Lowers the high-water mark to what is resident now (Linux 4.0+, `/proc/self/clear_refs`), after
    /// handing memory already freed back to the system, so the mark starts from what is in use.
    static func resetPeak() {
        // glibc's malloc_trim, which its Swift module map leaves out (malloc.h).
        if let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(trim, to: (@convention(c) (Int) -> Int32).self)(0)
        }
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
