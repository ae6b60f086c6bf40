/// One versioned schema change. Each backend lists its own (the SQL dialects differ); versions count up
/// from 1, are applied in order, each in its own transaction, and are recorded in `schema_migrations`.
public struct StoreMigration: Sendable {
    public var version: Int
    public var name: String
    /// Run one by one (the drivers prepare one statement per call).
    public var statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

extension SQLiteMigrations {
    /// Versions need not be contiguous in one branch of history (each feature owns its number).
    static var newestVersion: Int { all.map(\.version).max() ?? 0 }
}

extension PostgresMigrations {
    static var newestVersion: Int { all.map(\.version).max() ?? 0 }
}
