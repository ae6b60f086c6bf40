/// Builds a record for `ByteReader`.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func append(contentsOf other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }

    /// UTF-8 text preceded by its length as a `UInt16` (the caller keeps texts under 64 KiB).
    public mutating func text(_ text: String) {
        let utf8 = text.utf8.prefix(Int(UInt16.max))
        integer(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}
