/// A per-ordinal column (ids, opt-outs) stored as fixed-size copy-on-write chunks, so that after a
/// snapshot of the index is taken, an update copies one 64 Ki-element chunk and the small chunk table,
/// not a column of millions of elements.
struct ChunkedColumn<Element: Sendable>: Sendable {
    static var chunkShift: Int { 16 }
    static var chunkSize: Int { 1 << chunkShift }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    @inline(__always) subscript(_ i: Int) -> Element {
        get { chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)] }
        set { chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)] = newValue }
    }

    mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}
