extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal digits, two per byte: digests, signatures, delivery ids. One
    /// allocation, since delivery ids are made on the fan-out's hot path.
    public var lowercaseHex: String {
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for (i, byte) in bytes.enumerated() {
                    buffer[2 * i] = digits[Int(byte >> 4)]
                    buffer[2 * i + 1] = digits[Int(byte & 0x0F)]
                }
            }
            return bytes.count * 2
        }
    }
}
