/// The shared validation of the opaque personal identifiers issued by other systems (WeChat openid, app
/// user id, WeCom bot key): 1-128 characters of letters, digits, `-`, `_` and `.`.
func validatedOpaqueIdentifier(_ text: String, field: String, what: String) throws(SubscriberValidationError) -> String {
    let ok = (1...128).contains(text.utf8.count) && text.utf8.allSatisfy {
        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
            || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
    }
    guard ok else {
        throw SubscriberValidationError(field: field, reason: "\(what) must be 1-128 characters of letters, digits, '-', '_' or '.'")
    }
    return text
}
