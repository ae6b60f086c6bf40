import Foundation

/// Files of this repository (docs/schemas examples, …) for tests, found from the test source's path.
public enum RepositoryFiles {
    public static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/GovPushTesting/RepositoryFiles.swift
        return url
    }

    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    public static func bytes(_ relativePath: String) throws -> [UInt8] { Array(try Data(contentsOf: url(relativePath))) }
}
