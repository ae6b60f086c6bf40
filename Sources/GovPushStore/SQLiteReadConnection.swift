import Foundation
import Logging
import SQLiteNIO

/// A second, read-only connection to the store's file, on its own thread. In WAL mode a reader never waits
/// for the writer: bulk reads (a batch's subscribers, the dispatcher's index load) run while the writer
/// connection records deliveries, instead of queueing behind its transactions. Each read is one statement,
/// so it sees everything committed before it started.
final class SQLiteReadConnection: Sendable {
    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let gate = SerialGate()

    private init(connection: SQLiteConnection, threadPool: NIOThreadPool) {
        self.connection = connection
        self.threadPool = threadPool
    }

    /// Opens the file (already in WAL mode, set by the writer) for reading only.
    static func open(path: String, busyTimeoutMilliseconds: Int64, logger: Logger) async throws -> SQLiteReadConnection {
        let (connection, threadPool) = try await SQLiteConnection.openOnOwnThread(path: path, logger: logger)
        let reader = SQLiteReadConnection(connection: connection, threadPool: threadPool)
        do {
            _ = try await connection.query("PRAGMA busy_timeout = \(busyTimeoutMilliseconds)")
            _ = try await connection.query("PRAGMA query_only = ON")
            _ = try await connection.query("PRAGMA cache_size = -32768")
        } catch {
            try? await reader.close()
            throw error
        }
        return reader
    }

    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await gate.run { try await connection.query(sql, binds) }
    }

    func close() async throws {
        try await gate.run {
            if !connection.isClosed { try await connection.close() }
        }
        try await threadPool.shutdownGracefully()
    }
}
