import ArgumentParser
import Foundation
import GovPushDomain
import GovPushKafka
import GovPushProducers

/// `govpush publish <kind> --file F|-`: validates an event and publishes it to `govpush.events`.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validate an event and publish it to govpush.events.",
        discussion: """
            The file holds either a structured CloudEvent (JSON with specversion, id, source, type, data) or \
            only the event's data, to which GovPush adds the envelope. Invalid events are refused with every \
            issue and nothing is published.
            """
    )

    /// The kinds as people type them.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case policy, interpretation, serviceGuide = "service-guide", incident, incidentResponse = "incident-response", serviceProgress = "service-progress"

        var eventType: EventType {
            switch self {
            case .policy: .policyPublished
            case .interpretation: .policyInterpretationPublished
            case .serviceGuide: .serviceGuideChanged
            case .incident: .incidentReported
            case .incidentResponse: .incidentResponded
            case .serviceProgress: .serviceProgress
            }
        }
    }

    @Argument(help: "policy | interpretation | service-guide | incident | incident-response | service-progress")
    var kind: Kind
    @Option(name: .shortAndLong, help: "The event JSON file, or - for stdin.") var file: String
    @Option(help: "Event id for bare data (reuse an id to republish; default: a new UUID).") var id: String?
    @Option(help: "CloudEvents source for bare data.") var source = "urn:govpush:cli"
    @OptionGroup var kafka: KafkaConnectionOptions

    func run() async throws {
        let body: [UInt8]
        do {
            body = file == "-" ? Array(FileHandle.standardInput.readDataToEndOfFile()) : Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ValidationError("cannot read --file \(file): \(error.localizedDescription)")
        }
        var submission = EventSubmission(type: kind.eventType, body: body, source: source)
        if let id { submission.id = id }
        let reference = try ReferenceCatalogs.bundled()
        // Validate before touching Kafka: a refused event needs no cluster and publishes nothing.
        if let problem = submission.refusal(against: reference) {
            FileHandle.standardError.write(Data((problem.description + "\n").utf8))
            throw ExitCode(2)
        }
        let producer = try await KafkaProducer.connect(KafkaProducerConfiguration(bootstrapServers: try kafka.resolved()))
        let envelope: CloudEvent
        do {
            envelope = try await EventPublisher(producer: producer, reference: reference).publish(submission)
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
        print("published \(envelope.type) id=\(envelope.id) key=\(envelope.subject ?? "")")
    }
}
