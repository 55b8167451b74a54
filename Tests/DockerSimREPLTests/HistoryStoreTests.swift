import Glibc
import Testing

@testable import DockerSimREPL

@Suite("History")
struct HistoryStoreTests {
    @Test func duplicatesAreFoldedAndBlankLinesDropped() {
        var history = HistoryStore(limit: 3)
        var changes: [Bool] = []
        for line in ["pull ubuntu", "images", "images", "pull ubuntu", "   "] { changes.append(history.add(line)) }
        #expect(changes == [true, true, false, true, false])
        #expect(history.entries == ["images", "pull ubuntu"])
        history.add("ps")
        history.add("ps -a")
        #expect(history.entries == ["pull ubuntu", "ps", "ps -a"])
    }

    @Test func whereTheFileLives() {
        #expect(HistoryStore.defaultPath(environment: ["DOCKERSIM_HISTORY": "/tmp/h", "HOME": "/root"]) == "/tmp/h")
        #expect(
            HistoryStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/root"]) == "/s/dockersim/history")
        #expect(
            HistoryStore.defaultPath(environment: ["HOME": "/home/ana"]) == "/home/ana/.local/state/dockersim/history")
        #expect(HistoryStore.defaultPath(environment: [:]) == nil)
    }

    @Test func savesAtomicallyAndLoadsBack() throws {
        let directory = "/tmp/dockersim-history-test-\(getpid())"
        let path = directory + "/state/dockersim/history"
        defer {
            unlink(path)
            rmdir(directory + "/state/dockersim")
            rmdir(directory + "/state")
            rmdir(directory)
        }
        var history = HistoryStore()
        history.add("pull josedom24/servidorweb:v1")
        history.add("echo héllo ñandú")
        try history.save(to: path)
        #expect(HistoryStore.load(from: path).entries == ["pull josedom24/servidorweb:v1", "echo héllo ñandú"])
        #expect(access(path + ".tmp.\(getpid())", F_OK) != 0)
        #expect(HistoryStore.load(from: directory + "/missing").entries.isEmpty)
    }
}

@Suite("Ctrl-R search")
struct HistorySearchTests {
    @Test func findsOlderMatchesLikeBash() {
        var search = HistorySearch(entries: ["pull hello-world", "echo héllo", "images", "ps -a"])
        #expect(search.status(original: "ab") == "(reverse-i-search)`': ab")
        search.type("e")
        #expect(search.match == "images")
        search.older()
        #expect(search.match == "echo héllo")
        search.older()
        #expect(search.match == "pull hello-world")
        search.older()
        #expect(search.failed)
        #expect(search.status(original: "") == "(failed reverse-i-search)`e': pull hello-world")
        search.erase()
        #expect(search.match == nil && !search.failed)
        search.type("é")
        #expect(search.match == "echo héllo")
        search.type("x")
        #expect(search.failed && search.match == "echo héllo")
    }
}
