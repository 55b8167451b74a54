// Source: github.com/fvbommel/sortorder natural.go (`NaturalLess`), which docker's CLI uses to
// sort `network ls` rows and `docker port` lines.

/// Natural string order: runs of digits compare as numbers (`red2` < `red10`), digits sort
/// before other bytes, the rest compares bytewise.
public enum NaturalOrder {
    public static func less(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var i = 0
        var j = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while i < a.count && j < b.count {
            let (c1, c2) = (a[i], b[j])
            let (d1, d2) = (isDigit(c1), isDigit(c2))
            if d1 != d2 { return d1 }
            if !d1 {
                if c1 != c2 { return c1 < c2 }
                i += 1
                j += 1
                continue
            }
            while i < a.count && a[i] == 48 { i += 1 }
            while j < b.count && b[j] == 48 { j += 1 }
            let (start1, start2) = (i, j)
            while i < a.count && isDigit(a[i]) { i += 1 }
            while j < b.count && isDigit(b[j]) { j += 1 }
            let (len1, len2) = (i - start1, j - start2)
            if len1 != len2 { return len1 < len2 }
            let number1 = a[start1..<i]
            let number2 = b[start2..<j]
            if number1 != number2 { return number1.lexicographicallyPrecedes(number2) }
            if start1 != start2 { return start1 < start2 }
        }
        return a.count < b.count
    }
}
