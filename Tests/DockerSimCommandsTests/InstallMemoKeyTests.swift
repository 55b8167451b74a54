import Testing

@testable import DockerSimShell

/// The install memo's key: its text hashed as bytes at once must keep keys of the same text
/// equal (and hashed alike) and keys of different texts apart.
@Suite struct InstallMemoKeyTests {
    @Test func keysOfTheSameTextAreEqualAndOthersAreNot() {
        let text = Array(String(repeating: "Setting up libfoo (1.0) ...\n", count: 500).utf8)
        let key = Apt.InstallMemo.Key(print: 7, text: text)
        let again = Apt.InstallMemo.Key(print: 7, text: Array(text))
        #expect(key == again)
        #expect(key.hashValue == again.hashValue)
        #expect(Apt.InstallMemo.Key.hash(of: text) == Apt.InstallMemo.Key.hash(of: Array(text)))
        var changed = text
        changed[changed.count / 2] ^= 1
        let others = [
            Apt.InstallMemo.Key(print: 8, text: text), Apt.InstallMemo.Key(print: 7, text: changed),
            Apt.InstallMemo.Key(print: 7, text: Array(text.dropLast())), Apt.InstallMemo.Key(print: 7, text: []),
        ]
        for other in others { #expect(other != key) }
        #expect(Apt.InstallMemo.Key.hash(of: changed) != Apt.InstallMemo.Key.hash(of: text))
        // As the memo's dictionary finds them.
        var memo: [Apt.InstallMemo.Key: Int] = [key: 1]
        for (index, other) in others.enumerated() { memo[other] = index + 2 }
        #expect(memo[again] == 1)
        #expect(memo.count == 5)
    }

    @Test func aFileListsPackageReadAsBytesIsTheOneReadAsCharacters() {
        let names = [
            "libc6:amd64.list", "libc6:amd64.md5sums", "bash.list", "bash.postinst", ".list", "list", "a.lis",
            "x:y:z.list", ":.list", "format", "caf\u{E9}:amd64.list", "cafe\u{301}.list", "x.lis\u{301}t",
            "x.list\u{301}", "\u{600}.list", "a\u{301}:b.list", "libstdc++6:amd64.list", "python3.11-minimal.list",
        ]
        for name in names {
            #expect(Apt.listedPackage(name) == Apt.listedPackageByCharacters(name), "\(name.debugDescription)")
        }
        #expect(Apt.listedPackage("libc6:amd64.list") == "libc6")
        #expect(Apt.listedPackage("bash.list") == "bash")
        #expect(Apt.listedPackage("bash.postinst") == nil)
    }
}
