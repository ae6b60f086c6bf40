/// Reads a compact big-endian binary record front to back, failing with the offset where it ran short.
public struct ByteReader {
    public let bytes: [UInt8]
    /// What is being read, for errors ("delivery job").
    public let record: String
    public private(set) var offset = 0

    public init(_ bytes: [UInt8], record: String) {
        self.bytes = bytes
        self.record = record
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public func failure(_ reason: String) -> BinaryDecodingError { BinaryDecodingError(record: record, reason: reason) }

    public mutating func byte() throws(BinaryDecodingError) -> UInt8 { try bytes(1).first! }

    /// An unsigned big-endian integer of `width` bytes.
    public mutating func integer(_ width: Int) throws(BinaryDecodingError) -> UInt64 {
        try bytes(width).reduce(0) { $0 << 8 | UInt64($1) }
    }

    public mutating func bytes(_ count: Int) throws(BinaryDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw failure("truncated at byte \(offset) of \(bytes.count)") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// UTF-8 text preceded by its length in `lengthWidth` bytes.
    public mutating func text(lengthWidth: Int = 2) throws(BinaryDecodingError) -> String {
        let start = offset
        guard let text = String(validating: try bytes(Int(try integer(lengthWidth))), as: UTF8.self) else {
            throw failure("text at byte \(start) is not UTF-8")
        }
        return text
    }

    /// Fails unless every byte was read.
    public func expectEnd() throws(BinaryDecodingError) {
        guard isAtEnd else { throw failure("\(bytes.count - offset) trailing bytes") }
    }
}
