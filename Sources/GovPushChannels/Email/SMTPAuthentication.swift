import Foundation

/// SMTP AUTH (RFC 4954) with the two mechanisms submission servers offer: PLAIN (RFC 4616, one round
/// trip with an initial response) and LOGIN (user name, then password, each after a 334 challenge).
/// Whichever the server lists, PLAIN first. The base64 lines are written to the socket and nowhere else.
enum SMTPAuthentication {
    static let supportedMechanisms = ["PLAIN", "LOGIN"]

    static func mechanism(offered: [String]) -> String? {
        supportedMechanisms.first(where: offered.contains)
    }

    static func authenticate(_ credentials: SMTPCredentials, offered: [String], on connection: SMTPConnection,
                             timeout: Duration) async throws(SMTPError) {
        guard let mechanism = mechanism(offered: offered) else {
            throw .noSupportedAuthenticationMechanism(offered: offered)
        }
        let reply: SMTPReply
        if mechanism == "PLAIN" {
            let token = base64([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))
            reply = try await connection.send(.authenticatePlain(initialResponse: token), timeout: timeout)
        } else {
            let challenge = try await connection.send(.authenticateLogin, timeout: timeout)
            guard challenge.code == 334 else { throw failure(challenge) }
            let next = try await connection.send(.authenticationResponse(base64(Array(credentials.username.utf8))), timeout: timeout)
            guard next.code == 334 else { throw failure(next) }
            reply = try await connection.send(.authenticationResponse(base64(Array(credentials.password.utf8))), timeout: timeout)
        }
        guard reply.code == 235 else { throw failure(reply) }
    }

    private static func failure(_ reply: SMTPReply) -> SMTPError {
        // 4xx (454 temporary authentication failure) may pass; 5xx (535 bad credentials, 534, 538) will not.
        reply.isTransientFailure ? .rejected(.authentication, reply) : .authenticationFailed(reply)
    }

    private static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
