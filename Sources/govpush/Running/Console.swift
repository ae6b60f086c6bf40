import Foundation

/// A line on stdout, written at once: scripts and tests read `govpush` output while it runs.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Progress and notes go to stderr, so a bench's last stdout line stays its JSON report.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
