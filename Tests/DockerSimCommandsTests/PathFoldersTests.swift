import Testing

@testable import DockerSimShell

/// `which` walks `$PATH`'s folders split by bytes when the text is ASCII: the same folders as
/// splitting it by characters.
@Suite("$PATH's folders")
struct PathFoldersTests {
    @Test(arguments: [
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "", ":", "::/bin::", "/opt/app/bin",
        "/ruta/año:/bin", ":\u{301}/x:/y", "/a:b:c/",
    ])
    func sameFoldersAsByCharacters(path: String) {
        #expect(Shell.pathFolders(path) == path.split(separator: ":"))
    }
}
