/// The built-in catalog of the simulated Docker Hub: the files of the package's `Hub/` folder,
/// embedded in the executable at build time (Plugins/EmbedFolders), read in place, never copied.
public enum HubData {
    /// Every catalog file: its path below `Hub/` (`library/ubuntu.image`) and its text.
    public static var files: [(path: String, text: StaticString)] { Embedded.hubFiles }
}
