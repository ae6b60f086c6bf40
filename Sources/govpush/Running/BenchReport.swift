import Foundation

/// Prints a benchmark's figures as one JSON object (sorted keys) on stdout: the contract scripts and CI read.
func printBenchReport(_ figures: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
    say(String(decoding: data, as: UTF8.self))
}

/// Rounds to a few decimals for reports.
func rounded(_ value: Double, _ places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}
