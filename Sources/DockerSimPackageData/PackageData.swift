/// The built-in package catalog of the simulated package managers: the files of the package's
/// `Packages/` folder, embedded in the executable at build time (Plugins/EmbedFolders), read in
/// place, never copied.
public enum PackageData {
    /// Every catalog file: its path below `Packages/` (`debian/bookworm/apache2.package`) and its text.
    public static var files: [(path: String, text: StaticString)] { Embedded.packageFiles }
}
