import Foundation
import GovPushStore
import Testing

/// The store backends tests run against (the store suite and the end-to-end pipeline). PostgreSQL is required, never skipped: when the server is
/// unreachable the PostgreSQL cases fail and say how to start it.
public enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }

    public static let postgresURL = ProcessInfo.processInfo.environment["GOVPUSH_TEST_POSTGRES_URL"]
        ?? "postgres://govpush:govpush@127.0.0.1:5432/govpush_test"
}

/// One opened store plus raw access to its tables, whichever the backend.
public struct OpenedStore: Sendable {
    public let store: any NotificationStore
    /// The same store with the API's operations (both backends implement them).
    public var apiStore: any APIStore { store as! any APIStore }
    public let scalarInt: @Sendable (String) async throws -> Int
    public let schemaVersion: @Sendable () async throws -> Int
}

/// A fresh database for one test: an SQLite file in a new temporary directory, or a new PostgreSQL schema.
/// `open()` gives further store instances on the same database (another process, in effect).
public struct StoreFixture: Sendable {
    public let backend: StoreBackend
    /// Every store opened on this fixture's database seals personal data with this one (generated) key.
    public let cipher: PersonalDataCipher
    /// The SQLite file (for tests that read it raw); unused on PostgreSQL.
    public let sqlitePath: String
    /// The PostgreSQL schema (for tests that read tables raw); nil on SQLite.
    public var postgresSchema: String? { postgres?.schema }
    private let postgres: PostgresStoreConfiguration?

    public init(_ backend: StoreBackend, cipher: PersonalDataCipher = .ephemeral()) throws {
        self.backend = backend
        self.cipher = cipher
        let unique = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        sqlitePath = FileManager.default.temporaryDirectory
            .appendingPathComponent("govpush-store-\(unique)/nested/govpush.sqlite").path
        if backend == .postgres {
            var configuration = try PostgresStoreConfiguration(url: StoreBackend.postgresURL, cipher: cipher)
            configuration.schema = "govpush_test_\(unique)"
            configuration.maximumConnections = 4
            configuration.connectTimeout = .seconds(30)  // a loaded CI machine answers slowly
            postgres = configuration
        } else {
            postgres = nil
        }
    }

    /// The same database as `other`, opened with another cipher (a key rotation, in effect).
    public init(reopening other: StoreFixture, cipher: PersonalDataCipher) throws {
        backend = other.backend
        self.cipher = cipher
        sqlitePath = other.sqlitePath
        postgres = other.postgres.map { var configuration = $0; configuration.cipher = cipher; return configuration }
    }

    public func open(migrate: Bool = true) async throws -> OpenedStore {
        let opened: OpenedStore
        switch backend {
        case .sqlite:
            let store = try await SQLiteNotificationStore.open(SQLiteStoreConfiguration(path: sqlitePath, cipher: cipher))
            opened = OpenedStore(store: store, scalarInt: { try await store.scalarInt($0) },
                                 schemaVersion: { try await store.schemaVersion() })
        case .postgres:
            let store: PostgresNotificationStore
            do {
                store = try await PostgresNotificationStore.connect(postgres!)
            } catch {
                throw FixtureError(message: """
                    PostgreSQL is unreachable at \(postgres!.safeDescription) (GOVPUSH_TEST_POSTGRES_URL): \(error). \
                    Run `bash deploy/setup-debian.sh` as root to install and start it.
                    """)
            }
            opened = OpenedStore(store: store, scalarInt: { try await store.scalarInt($0) },
                                 schemaVersion: { try await store.schemaVersion() })
        }
        if migrate { try await opened.store.migrate() }
        return opened
    }

    /// Removes the database: the temporary directory, or the schema with everything in it.
    public func destroy() async throws {
        switch backend {
        case .sqlite:
            let directory = URL(fileURLWithPath: sqlitePath).deletingLastPathComponent().deletingLastPathComponent()
            try? FileManager.default.removeItem(at: directory)
        case .postgres:
            let store = try await PostgresNotificationStore.connect(postgres!)
            try await store.run("DROP SCHEMA IF EXISTS \(postgres!.schema!) CASCADE", operation: "drop the test schema")
            try await store.close()
        }
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Runs `body` with a migrated store on a fresh database, then closes and removes it (also on failure).
public func withStore(_ backend: StoreBackend, migrate: Bool = true,
               _ body: (StoreFixture, OpenedStore) async throws -> Void) async throws {
    let fixture = try StoreFixture(backend)
    let opened = try await fixture.open(migrate: migrate)
    do {
        try await body(fixture, opened)
    } catch {
        try? await opened.store.close()
        try? await fixture.destroy()
        throw error
    }
    try await opened.store.close()
    try await fixture.destroy()
}
