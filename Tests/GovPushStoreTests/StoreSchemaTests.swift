import Foundation
import GovPushStore
import GovPushTesting
import Testing

@Suite struct StoreSchemaTests {
    @Test(arguments: StoreBackend.allCases)
    func migrationsAreIdempotentAndRecordTheSchemaVersion(_ backend: StoreBackend) async throws {
        try await withStore(backend, migrate: false) { fixture, opened in
            #expect(try await opened.schemaVersion() == 0)
            try await opened.store.migrate()
            try await opened.store.migrate()
            #expect(try await opened.schemaVersion() == 4)
            #expect(try await opened.scalarInt("SELECT count(*) FROM schema_migrations") == 4)
            for table in ["events", "subscribers", "subscriber_changes", "deliveries", "sandbox_messages",
                          "response_windows", "response_window_early_closes", "window_alerts",
                          "tenants", "api_nonces", "wechat_grants", "inbox_reads", "subscriber_contacts"] {
                #expect(try await opened.scalarInt("SELECT count(*) FROM \(table)") == 0)
            }
            // Version 4: the delivery id (a hash of event, subscriber and channel) is the only unique key.
            let uniqueKeys = switch backend {
            case .sqlite: "SELECT count(*) FROM pragma_index_list('deliveries') WHERE \"unique\" = 1"
            case .postgres: "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'deliveries' AND indexdef LIKE 'CREATE UNIQUE%'"
            }
            #expect(try await opened.scalarInt(uniqueKeys) == 1)
            // A second instance (another process at start-up) finds nothing to do.
            let other = try await fixture.open()
            #expect(try await other.schemaVersion() == 4)
            #expect(try await other.scalarInt("SELECT count(*) FROM schema_migrations") == 4)
            try await other.store.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func recordsAnEventOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (_, opened) async throws in
            #expect(try await opened.store.recordEvent(Sample.event("evt-1")) == true)
            #expect(try await opened.store.recordEvent(Sample.event("evt-1")) == false)
            #expect(try await opened.store.recordEvent(Sample.event("evt-2")) == true)
            #expect(try await opened.scalarInt("SELECT count(*) FROM events") == 2)
            // Read back as recorded (deliverers render from it).
            #expect(try await opened.store.event("evt-1") == Sample.event("evt-1"))
            #expect(try await opened.store.event("evt-404") == nil)
        }
    }

    @Test func sqliteCreatesParentDirectoriesAndUsesWAL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-wal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a/b/govpush.sqlite").path
        let store = try await SQLiteNotificationStore.open(SQLiteStoreConfiguration(path: path, cipher: .ephemeral()))
        try await store.migrate()
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try await store.close()
    }

    @Test func parsesPostgresURLsWithoutEchoingThePassword() throws {
        let configuration = try PostgresStoreConfiguration(url: "postgres://govpush:s3cret@db.example:6543/govpush_prod?schema=app", cipher: .ephemeral())
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "govpush")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == "govpush_prod")
        #expect(configuration.schema == "app")
        #expect(!configuration.safeDescription.contains("s3cret"))
        #expect(throws: StoreError.self) { try PostgresStoreConfiguration(url: "mysql://x@y/z", cipher: .ephemeral()) }
    }

    @Test func anUnreachablePostgresFailsWithContext() async throws {
        var configuration = PostgresStoreConfiguration(host: "127.0.0.1", port: 1, username: "govpush", password: "s3cret",
                                                       database: "nowhere", cipher: .ephemeral())
        configuration.connectTimeout = .seconds(3)
        let error = await #expect(throws: StoreError.self) { try await PostgresNotificationStore.connect(configuration) }
        #expect(error?.description.contains("127.0.0.1:1/nowhere") == true)
        #expect(error?.description.contains("s3cret") == false)
    }
}
