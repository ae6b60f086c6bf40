// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "GovPush",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "govpush", targets: ["govpush"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // STARTTLS and implicit TLS for the SMTP client (already built for async-http-client).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Metrics: the swift-metrics API, rendered at /metrics by the Prometheus registry (issue 6).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // librdkafka (Debian's librdkafka-dev), including the mock cluster API.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // A Swift-concurrency Kafka client over librdkafka: producer, consumer, admin, embedded mock cluster.
        .target(
            name: "GovPushKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The pure domain core: regions, domains, calendar, events, subscribers, matching. No I/O.
        .target(
            name: "GovPushDomain",
            resources: [.copy("Data")]
        ),
        // GovPush's messages on Kafka: the topic layout, and how events and jobs travel as records.
        .target(
            name: "GovPushMessaging",
            dependencies: ["GovPushKafka", "GovPushDomain"]
        ),
        // Durable state: events seen, subscribers, delivery records, sandbox outbox (SQLite and PostgreSQL).
        .target(
            name: "GovPushStore",
            dependencies: [
                "GovPushDomain",
                "GovPushChannels",  // implements the channels' WeChatGrantLedger
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The channels behind one protocol: sandbox, app-backend webhook, and the providers.
        .target(
            name: "GovPushChannels",
            dependencies: [
                "GovPushDomain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),  // the SMTP client's sockets
                .product(name: "NIOSSL", package: "swift-nio-ssl"),  // SMTP STARTTLS / implicit TLS
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates")]
        ),
        // The producer side: validated events onto govpush.events (CLI and HTTP ingest).
        .target(
            name: "GovPushProducers",
            dependencies: ["GovPushMessaging", "GovPushKafka", "GovPushDomain"],
            path: "Producers/GovPushProducers"
        ),
        // The worker roles: dispatcher (match + fan-out), deliverers, window tracker.
        .target(
            name: "GovPushConsumers",
            dependencies: [
                "GovPushMessaging", "GovPushKafka", "GovPushDomain", "GovPushStore", "GovPushChannels",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Consumers"
        ),
        // The /v1 HTTP API for app backends: tenants, signed requests, subscribers, grants, inbox, ingest,
        // status callbacks; mounted on a Hummingbird router by `govpush api` and `govpush dev`.
        .target(
            name: "GovPushAPI",
            dependencies: [
                "GovPushStore", "GovPushChannels", "GovPushDomain", "GovPushProducers", "GovPushMessaging", "GovPushKafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        // The ops dashboard, /v1/windows and /metrics: routes any Hummingbird router can mount (dev and api).
        .target(
            name: "GovPushDashboard",
            dependencies: [
                "GovPushDomain", "GovPushStore", "GovPushKafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // External programs GovPush drives (kcat), for the bench commands and the tests.
        .target(name: "GovPushTools"),
        // What every test suite shares: the embedded-cluster fixture, kcat, bounded waits.
        .target(
            name: "GovPushTesting",
            dependencies: [
                "GovPushKafka",
                "GovPushTools",
                "GovPushStore",  // the store fixture: SQLite and PostgreSQL
                "GovPushChannels",  // the webhook receiver verifies with the channels' WebhookSignature
                "GovPushDomain",  // the controllable window clock
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),  // CapturedLog: tests assert what was (not) logged
            ]
        ),
        .executableTarget(
            name: "govpush",
            dependencies: [
                "GovPushKafka",
                "GovPushMessaging",
                "GovPushProducers",
                "GovPushConsumers",
                "GovPushStore",
                "GovPushChannels",
                "GovPushTools",  // bench commands measure kcat in the same run
                "GovPushDashboard",  // the ops dashboard, /v1/windows and /metrics
                "GovPushDomain",
                "GovPushAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Demo")]
        ),
        .testTarget(
            name: "GovPushKafkaTests",
            dependencies: ["GovPushKafka", "GovPushTesting"]
        ),
        .testTarget(
            name: "GovPushMessagingTests",
            dependencies: [
                "GovPushMessaging",
                "GovPushTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "GovPushProducersTests",
            dependencies: ["GovPushProducers", "GovPushTesting"]
        ),
        .testTarget(
            name: "GovPushConsumersTests",
            dependencies: ["GovPushConsumers", "GovPushProducers", "GovPushTesting"]
        ),
        .testTarget(
            name: "GovPushCLITests",
            dependencies: [
                "govpush", "GovPushTesting",
                "GovPushMessaging",  // dlq tests write real dead letters
            ]
        ),
        .testTarget(
            name: "GovPushChannelsTests",
            dependencies: [
                "GovPushChannels",
                "GovPushTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),  // raw requests at the receiver
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),  // captures the SMTP client's logs
            ]
        ),
        .testTarget(
            name: "GovPushAPITests",
            dependencies: [
                "GovPushAPI", "GovPushTesting", "GovPushConsumers", "GovPushProducers",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "GovPushDashboardTests",
            dependencies: [
                "GovPushDashboard", "GovPushTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "GovPushStoreTests",
            dependencies: ["GovPushStore", "GovPushTesting"]
        ),
        .testTarget(
            name: "GovPushDomainTests",
            dependencies: [
                "GovPushDomain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
