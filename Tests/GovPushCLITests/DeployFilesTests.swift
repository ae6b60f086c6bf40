import Foundation
import GovPushTesting
import Testing

/// deploy/ cannot be run here (no Docker engine, no Kubernetes), so its files are checked against the
/// code they drive: they parse, every `govpush` command and option they use exists in the binary's
/// `--help`, every GOVPUSH_* variable is a real key (`govpush config check`), and the Kafka topics and
/// cluster settings match GovPushTopics and the durability the design asks for.
@Suite struct DeployFilesTests {
    /// (where, arguments) of every `govpush` invocation in compose.yaml and the Kubernetes manifests.
    static func invocations() throws -> [(String, [String])] {
        var found: [(String, [String])] = []
        let compose = try DeployFiles.yaml("deploy/compose.yaml")[0]
        for (name, service) in compose["services"] as? [String: [String: Any]] ?? [:] where (service["image"] as? String)?.hasPrefix("govpush") == true {
            found.append(("compose service \(name)", service["command"] as? [String] ?? []))
        }
        for deployment in DeployFiles.kind("Deployment", in: try DeployFiles.kubernetes()) {
            let name = (deployment["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            for container in Self.containers(deployment) { found.append(("k8s Deployment \(name)", container["args"] as? [String] ?? [])) }
        }
        return found
    }

    static func containers(_ deployment: [String: Any]) -> [[String: Any]] {
        let template = (deployment["spec"] as? [String: Any])?["template"] as? [String: Any]
        return ((template?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]) ?? []
    }

    @Test func everyGovPushCommandAndOptionExists() async throws {
        let invocations = try Self.invocations()
        #expect(invocations.count >= 8 + 7 + 1, "compose: topics + 8 roles; k8s: 8 Deployments")
        var missing: [String] = []
        for (place, arguments) in invocations {
            let path = DeployFiles.subcommand(arguments)
            #expect(!path.isEmpty, "\(place) runs no command")
            let help = try await GovPushBinary.run(path + ["--help"])
            guard help.status == 0, !help.output.contains("Error:") else {
                missing.append("\(place): `govpush \(path.joined(separator: " "))` is not a command")
                continue
            }
            for option in arguments where option.hasPrefix("--") && !help.output.contains(option) {
                missing.append("\(place): `govpush \(path.joined(separator: " "))` has no option \(option)")
            }
        }
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
    }

    @Test func composeKafkaIsKRaftWithThreeReplicasAndTwoInSync() throws {
        let services = try DeployFiles.yaml("deploy/compose.yaml")[0]["services"] as? [String: [String: Any]] ?? [:]
        let brokers = services.filter { ($0.value["image"] as? String)?.hasPrefix("apache/kafka") == true }
        #expect(brokers.count == 3)
        var nodeIDs: Set<String> = []
        for (name, broker) in brokers {
            let environment = broker["environment"] as? [String: Any] ?? [:]
            func value(_ key: String) -> String? { environment[key].map { "\($0)" } }
            #expect(value("KAFKA_PROCESS_ROLES")?.contains("controller") == true, "\(name) is a KRaft controller")
            #expect(value("KAFKA_PROCESS_ROLES")?.contains("broker") == true, "\(name) is a broker")
            #expect(value("KAFKA_CONTROLLER_QUORUM_VOTERS")?.split(separator: ",").count == 3)
            #expect(value("KAFKA_DEFAULT_REPLICATION_FACTOR") == "3")
            #expect(value("KAFKA_MIN_INSYNC_REPLICAS") == "2")
            #expect(value("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR") == "3")
            #expect(value("CLUSTER_ID") != nil)
            nodeIDs.insert(value("KAFKA_NODE_ID") ?? "")
        }
        #expect(nodeIDs == ["1", "2", "3"])
        let topics = services["topics"]?["command"] as? [String] ?? []
        #expect(DeployFiles.subcommand(topics) == ["topics", "create"])
        #expect(topics.contains("--replication-factor") && topics[(topics.firstIndex(of: "--replication-factor") ?? 0) + 1] == "3")
        #expect(topics.contains("min.insync.replicas=2"))
        #expect(services["postgres"] != nil)
    }

    @Test func composeRolesWaitForTopicsAndCheckReadiness() throws {
        let services = try DeployFiles.yaml("deploy/compose.yaml")[0]["services"] as? [String: [String: Any]] ?? [:]
        let roles = services.filter { $0.key != "topics" && ($0.value["image"] as? String)?.hasPrefix("govpush") == true }
        let commands = Set(roles.values.map { DeployFiles.subcommand($0["command"] as? [String] ?? []).joined(separator: " ") })
        #expect(commands == ["worker dispatch", "worker deliver", "worker windows", "api"])
        let channels = Set(roles.values.compactMap { service -> String? in
            let command = service["command"] as? [String] ?? []
            return command.firstIndex(of: "--channel").map { command[$0 + 1] }
        })
        #expect(channels == ["sms", "email", "wechat", "app", "wecom-group"])
        for (name, service) in roles {
            let condition = ((service["depends_on"] as? [String: Any])?["topics"] as? [String: Any])?["condition"] as? String
            #expect(condition == "service_completed_successfully", "\(name) starts after topics create")
            let test = ((service["healthcheck"] as? [String: Any])?["test"] as? [String])?.joined(separator: " ") ?? ""
            #expect(test.contains("/readyz"), "\(name) has a /readyz healthcheck")
            let volumes = service["volumes"] as? [String] ?? []
            #expect(volumes.contains { $0.hasPrefix("./config.example.json:") }, "\(name) mounts the config file")
        }
    }

    /// Every role's environment and config file, as compose and Kubernetes would give them, passes
    /// `govpush config check` — which refuses unknown GOVPUSH_* variables and file keys.
    @Test func everyConfigurationVariableIsAKnownKey() throws {
        let services = try DeployFiles.yaml("deploy/compose.yaml")[0]["services"] as? [String: [String: Any]] ?? [:]
        let providers = try DeployFiles.envFile("deploy/govpush.env.example")
        var environments: [(String, [String: String], String)] = []
        for (name, service) in services where name != "topics" && (service["image"] as? String)?.hasPrefix("govpush") == true {
            var environment = providers
            for (key, value) in service["environment"] as? [String: Any] ?? [:] { environment[key] = DeployFiles.interpolated("\(value)") }
            environments.append(("compose service \(name)", environment, RepositoryFiles.url("deploy/config.example.json").path))
        }

        let manifests = try DeployFiles.kubernetes()
        let configMaps = DeployFiles.kind("ConfigMap", in: manifests), secrets = DeployFiles.kind("Secret", in: manifests)
        func named(_ documents: [[String: Any]], _ name: String) -> [String: Any]? {
            documents.first { ($0["metadata"] as? [String: Any])?["name"] as? String == name }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-k8s-config-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        for configMap in configMaps {
            if let json = (configMap["data"] as? [String: String])?["config.json"] { try Data(json.utf8).write(to: file) }
        }
        #expect(FileManager.default.fileExists(atPath: file.path), "a ConfigMap holds config.json")
        for deployment in DeployFiles.kind("Deployment", in: manifests) {
            let name = (deployment["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            for container in Self.containers(deployment) {
                var environment: [String: String] = [:]
                for source in container["envFrom"] as? [[String: Any]] ?? [] {
                    if let ref = (source["configMapRef"] as? [String: Any])?["name"] as? String {
                        let data = named(configMaps, ref)?["data"] as? [String: Any]
                        #expect(data != nil, "\(name) reads ConfigMap \(ref), which exists")
                        for (key, value) in data ?? [:] where key.hasPrefix("GOVPUSH_") { environment[key] = "\(value)" }
                    }
                    if let ref = (source["secretRef"] as? [String: Any])?["name"] as? String {
                        let data = named(secrets, ref)?["stringData"] as? [String: Any]
                        #expect(data != nil, "\(name) reads Secret \(ref), which exists")
                        for (key, value) in data ?? [:] { environment[key] = "\(value)" }
                    }
                }
                for variable in container["env"] as? [[String: Any]] ?? [] {
                    guard let key = variable["name"] as? String else { continue }
                    environment[key] = variable["value"].map { "\($0)" } ?? "from-the-pod"
                }
                environments.append(("k8s Deployment \(name)", environment, file.path))
            }
        }

        for (place, environment, configFile) in environments {
            #expect(environment.keys.contains { $0.hasPrefix("GOVPUSH_") }, "\(place) is configured")
            let check = try DeployFiles.govpush(["config", "check", "--config", configFile], environment: environment)
            #expect(check.status == 0, "\(place): \(check.errors)")
        }
    }

    @Test func strimziKafkaIsKRaftWithThreeReplicasAndTwoInSync() throws {
        let manifests = try DeployFiles.kubernetes()
        let kafka = try #require(DeployFiles.kind("Kafka", in: manifests).first)
        let annotations = (kafka["metadata"] as? [String: Any])?["annotations"] as? [String: String] ?? [:]
        #expect(annotations["strimzi.io/kraft"] == "enabled")
        #expect(annotations["strimzi.io/node-pools"] == "enabled")
        let config = ((kafka["spec"] as? [String: Any])?["kafka"] as? [String: Any])?["config"] as? [String: Any] ?? [:]
        #expect(config["default.replication.factor"] as? Int == 3)
        #expect(config["min.insync.replicas"] as? Int == 2)
        #expect(config["offsets.topic.replication.factor"] as? Int == 3)
        let clusterName = (kafka["metadata"] as? [String: Any])?["name"] as? String
        let pools = DeployFiles.kind("KafkaNodePool", in: manifests)
        #expect(!pools.isEmpty)
        let roles = Set(pools.flatMap { (($0["spec"] as? [String: Any])?["roles"] as? [String]) ?? [] })
        #expect(roles == ["controller", "broker"])
        for pool in pools {
            #expect(((pool["metadata"] as? [String: Any])?["labels"] as? [String: String])?["strimzi.io/cluster"] == clusterName)
            #expect((pool["spec"] as? [String: Any])?["replicas"] as? Int == 3)
        }
    }

    /// The KafkaTopics are exactly GovPush's topics as `govpush topics list --json` prints them.
    @Test func strimziTopicsMatchTheCode() async throws {
        let listed = try await GovPushBinary.run(["topics", "list", "--json"])
        #expect(listed.status == 0, "\(listed.errors)")
        let expected = try JSONSerialization.jsonObject(with: listed.stdout) as? [[String: Any]] ?? []
        #expect(expected.count > 20)
        let manifests = try DeployFiles.kubernetes()
        let clusterName = (DeployFiles.kind("Kafka", in: manifests).first?["metadata"] as? [String: Any])?["name"] as? String
        var topics: [String: [String: Any]] = [:]
        for topic in DeployFiles.kind("KafkaTopic", in: manifests) {
            let spec = topic["spec"] as? [String: Any] ?? [:]
            let metadata = topic["metadata"] as? [String: Any] ?? [:]
            let name = spec["topicName"] as? String ?? metadata["name"] as? String ?? ""
            #expect(topics[name] == nil, "\(name) defined once")
            #expect((metadata["labels"] as? [String: String])?["strimzi.io/cluster"] == clusterName, "\(name) belongs to the cluster")
            topics[name] = spec
        }
        #expect(Set(topics.keys) == Set(expected.compactMap { $0["name"] as? String }))
        for topic in expected {
            let name = topic["name"] as? String ?? ""
            guard let spec = topics[name] else { continue }
            #expect(spec["partitions"] as? Int == topic["partitions"] as? Int, "\(name) partitions")
            #expect(spec["replicas"] as? Int == 3, "\(name) replicas")
            let configs = (spec["config"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
            for (key, value) in topic["configs"] as? [String: String] ?? [:] {
                #expect(configs[key] == value, "\(name) \(key)=\(value)")
            }
            #expect(configs["min.insync.replicas"] == "2", "\(name) min.insync.replicas=2")
        }
        #expect((topics["govpush.subscribers"]?["config"] as? [String: Any])?["cleanup.policy"] as? String == "compact")
    }

    @Test func kubernetesRolesHaveProbesScalingAndAService() throws {
        let manifests = try DeployFiles.kubernetes()
        let deployments = DeployFiles.kind("Deployment", in: manifests)
        var deliverers: [String] = []
        for deployment in deployments {
            let name = (deployment["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            for container in Self.containers(deployment) {
                let readiness = (container["readinessProbe"] as? [String: Any])?["httpGet"] as? [String: Any]
                let liveness = (container["livenessProbe"] as? [String: Any])?["httpGet"] as? [String: Any]
                #expect(readiness?["path"] as? String == "/readyz", "\(name) readiness probe")
                #expect(liveness?["path"] as? String == "/healthz", "\(name) liveness probe")
                let args = container["args"] as? [String] ?? []
                if DeployFiles.subcommand(args) == ["worker", "deliver"] { deliverers.append(name) }
            }
        }
        #expect(deliverers.count == 5, "a Deployment per channel")
        let scaled = Set(DeployFiles.kind("HorizontalPodAutoscaler", in: manifests).compactMap {
            (($0["spec"] as? [String: Any])?["scaleTargetRef"] as? [String: Any])?["name"] as? String
        })
        #expect(Set(deliverers).isSubset(of: scaled), "every deliverer Deployment scales horizontally")

        let service = try #require(DeployFiles.kind("Service", in: manifests).first)
        let selector = (service["spec"] as? [String: Any])?["selector"] as? [String: String] ?? [:]
        let selected = deployments.filter { deployment in
            let labels = ((((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["metadata"] as? [String: Any])?["labels"] as? [String: String]) ?? [:]
            return selector.allSatisfy { labels[$0.key] == $0.value }
        }
        #expect(selected.count == 1 && selected.allSatisfy { DeployFiles.subcommand(Self.containers($0).first?["args"] as? [String] ?? []) == ["api"] },
                "the Service selects the API pods only")
    }

    @Test func dockerfileBuildsOnDebian12WithLibrdkafka() throws {
        let dockerfile = try String(contentsOf: RepositoryFiles.url("deploy/Dockerfile"), encoding: .utf8)
        let stages = dockerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2 && stages.allSatisfy { $0.contains("bookworm") || $0.contains("SWIFT_IMAGE") })
        #expect(dockerfile.contains("ARG SWIFT_IMAGE=swift:6.1-bookworm"))
        #expect(dockerfile.contains("librdkafka-dev") && dockerfile.contains("librdkafka1"))
        #expect(dockerfile.contains("--product govpush"))
    }
}
