import Glibc

/// The process's peak resident set size so far, for benchmark reports.
enum PeakMemory {
    static func residentBytes() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024  // Linux reports kilobytes
    }
}
