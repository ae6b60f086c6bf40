import Logging
import SQLiteNIO

extension SQLiteConnection {
    /// Opens the file on a thread of its own (SQLite's calls block): the store's writer and its reader each
    /// get one. The caller closes the connection, then shuts the thread pool down.
    static func openOnOwnThread(path: String, logger: Logger) async throws -> (SQLiteConnection, NIOThreadPool) {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool,
                                                             logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
            return (connection, threadPool)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }
}
