import Foundation

/// A throw-away certificate authority and a server certificate it signed for 127.0.0.1 and localhost,
/// made with `openssl` (Debian's) for TLS tests: the client trusts `authorityFile`, the server presents
/// `certificateFile` / `keyFile`.
public struct TestCertificates: Sendable {
    public struct ServerIdentity: Sendable {
        public let certificateFile: URL
        public let keyFile: URL
    }

    public let directory: URL
    public let authorityFile: URL
    public let server: ServerIdentity

    public static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govpush-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let openssl = try ChildProcess(searching: ["openssl"])
        func run(_ arguments: [String]) throws {
            let result = try openssl.run(arguments, timeout: .seconds(30))
            guard result.status == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.first ?? ""): \(result.errors)"])
            }
        }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=GovPush Test CA",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try run(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                 "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext")])
        return TestCertificates(directory: directory, authorityFile: directory.appendingPathComponent("ca.pem"),
                                server: ServerIdentity(certificateFile: directory.appendingPathComponent("server.pem"),
                                                       keyFile: directory.appendingPathComponent("server.key")))
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}
