/// What `ADD https://…` and `ADD …git` fetch: the simulated remotes a course's Dockerfiles use.
enum RemoteSources {
    /// The entries a remote source gives (a file for a URL, a folder's contents for a repository),
    /// nil when the simulated network has nothing at that address.
    static func fetch(_ url: String) -> (name: String, item: CopyItem, isDirectory: Bool)? {
        nil
    }
}
