/// dockersim's own lessons: the lesson files of the package's `Lessons/` folder, embedded in the
/// executable at build time (Plugins/EmbedFolders), read in place, never copied. The folder's
/// `README.md` (the format and the authoring guide) is not a lesson and is left out.
public enum LessonsData {
    /// Every lesson file: its name below `Lessons/` (`01-capas.md`) and its text.
    public static var files: [(path: String, text: StaticString)] {
        Embedded.lessonFiles.filter { $0.path.lowercased() != "readme.md" && !$0.path.contains("/") }
    }
}
