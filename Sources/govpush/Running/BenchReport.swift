import Foundation

/// Prints a benchmark's figures as one JSON object (sorted keys) on stdout: the contract scripts and CI read.
func printBenchReport(_ figures: [String: any Sendable]) throws {
    let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Progress and human-readable notes go to stderr so the last stdout line stays the JSON report.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Rounds to a few decimals for reports.
func rounded(_ value: Double, _ places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}
