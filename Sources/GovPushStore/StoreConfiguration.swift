import Foundation

/// Where the embedded store lives: one SQLite file (WAL mode), by default `./.govpush/govpush.sqlite`.
public struct SQLiteStoreConfiguration: Sendable {
    public static let defaultPath = "./.govpush/govpush.sqlite"

    public var path: String
    /// How long a writer waits for another process's write lock before failing with `SQLITE_BUSY`.
    public var busyTimeout: Duration
    /// Seals personal data (subscriber documents, grant openids, tenant secrets) before it reaches the file.
    public var cipher: PersonalDataCipher

    public init(path: String = Self.defaultPath, busyTimeout: Duration = .seconds(10), cipher: PersonalDataCipher) {
        self.path = path
        self.busyTimeout = busyTimeout
        self.cipher = cipher
    }
}

/// How to reach the production store: a PostgreSQL server, through a pool of connections.
public struct PostgresStoreConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// The schema the tables live in (`search_path` of every pooled connection); nil = the server default
    /// (`public`). Created by `migrate()` when absent. Tests use one fresh schema each.
    public var schema: String?
    public var maximumConnections: Int
    public var connectTimeout: Duration
    /// Use TLS when the server offers it (`prefer`); local test servers run without.
    public var preferTLS: Bool
    /// Seals personal data (subscriber documents, grant openids, tenant secrets) before it reaches the server.
    public var cipher: PersonalDataCipher

    public init(host: String = "127.0.0.1", port: Int = 5432, username: String, password: String?, database: String,
                schema: String? = nil, maximumConnections: Int = 10, connectTimeout: Duration = .seconds(10),
                preferTLS: Bool = false, cipher: PersonalDataCipher) {
        self.cipher = cipher
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
        self.preferTLS = preferTLS
    }

    /// Parses `postgres://user:password@host:port/database` (also `postgresql://`; `?schema=NAME` selects the
    /// schema, `?sslmode=prefer|require` enables TLS). The password never appears in the error.
    public init(url: String, cipher: PersonalDataCipher) throws {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError(backend: "PostgreSQL", operation: "parse the connection URL",
                             reason: "expected postgres://user:password@host:port/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(backend: "PostgreSQL", operation: "parse the connection URL", reason: "no user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError(backend: "PostgreSQL", operation: "parse the connection URL", reason: "no database name")
        }
        let query = components.queryItems ?? []
        let sslmode = query.first { $0.name == "sslmode" }?.value
        self.init(host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
                  username: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 },
                  database: database,
                  schema: query.first { $0.name == "schema" }?.value,
                  preferTLS: sslmode == "prefer" || sslmode == "require", cipher: cipher)
    }

    /// `host:port/database` — for messages; no credentials.
    public var safeDescription: String { "\(host):\(port)/\(database)" + (schema.map { " schema \($0)" } ?? "") }
}
